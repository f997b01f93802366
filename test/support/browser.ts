/**
 * The console in a real browser: the real API (serving the built console) listening on a port,
 * with a real worker, Temporal and PostgreSQL; Debian's Chromium driven by Playwright.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { projectRoot } from '@mo/temporal';
import { startStack, type Stack } from './stack';

export interface ConsoleStack extends Stack {
  readonly url: string;
}

export async function startConsole(name: string, env: Record<string, string> = {}): Promise<ConsoleStack> {
  const built = join(projectRoot(), 'dist', 'console', 'index.html');
  if (!existsSync(built)) throw new Error(`the console is not built (${built}): run npm run build first`);
  const stack = await startStack(name, env);
  await stack.app.listen(0, '127.0.0.1');
  const { port } = stack.app.getHttpServer().address() as AddressInfo;
  return { ...stack, url: `http://127.0.0.1:${port}` };
}

/** Debian's Chromium (CHROMIUM_PATH overrides); Playwright's own download does not work here. */
export function chromiumPath(): string {
  const path = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`no Chromium at ${path}: apt-get install chromium, or set CHROMIUM_PATH`);
  return path;
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath(),
    // Root cannot use Chromium's sandbox; these tests only load our own console.
    args: ['--no-sandbox', '--disable-dev-shm-usage'],
  });
}

export async function newContext(browser: Browser, locale = 'en-US'): Promise<BrowserContext> {
  const context = await browser.newContext({ locale, viewport: { width: 1280, height: 900 } });
  context.setDefaultTimeout(20_000);
  return context;
}

/** Signs in through the development "sign in as" page, as a person would. */
export async function signInAs(page: Page, url: string, role: string, subject: string): Promise<void> {
  await page.goto(`${url}/sign-in`);
  await page
    .locator('select')
    .filter({ has: page.locator('option[value="senior_reviewer"]') })
    .selectOption(role);
  await page.getByLabel(/Name|名称/).fill(subject);
  await page.getByRole('button', { name: /^(Sign in|登录)$/ }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/sign-in'));
}

export interface AxeFinding {
  readonly page: string;
  readonly id: string;
  readonly impact: string;
  readonly nodes: string[];
}

/** Serious and critical accessibility violations (axe-core, WCAG 2 A/AA) on the page as it is now. */
export async function accessibilityViolations(page: Page, name: string): Promise<AxeFinding[]> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return results.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ page: name, id: v.id, impact: v.impact!, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/** `UPDATE_SCREENSHOTS=1` (npm run screenshots) rewrites docs/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.UPDATE_SCREENSHOTS !== '1') return;
  const dir = join(projectRoot(), 'docs', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`), fullPage: true });
}

/**
 * Waiting assertions on locators (playwright-core has no `expect`): each polls until the page
 * shows what is expected, and fails with what it last saw.
 */
async function until<T>(
  what: string,
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last: T | string = 'nothing';
  for (;;) {
    try {
      last = await read();
      if (ok(last)) return;
    } catch (err) {
      last = String(err);
    }
    if (Date.now() > deadline) throw new Error(`${what}: last saw ${JSON.stringify(last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const matches = (actual: string, expected: string | RegExp, whole: boolean): boolean =>
  typeof expected === 'string'
    ? whole
      ? actual.trim() === expected
      : actual.includes(expected)
    : expected.test(actual);

export const see = {
  visible: (l: Locator, timeoutMs = 20_000): Promise<void> =>
    l.first().waitFor({ state: 'visible', timeout: timeoutMs }),
  text: (l: Locator, expected: string | RegExp, timeoutMs?: number): Promise<void> =>
    until(
      `text of ${String(l)} = ${String(expected)}`,
      () => l.first().innerText({ timeout: 1_000 }),
      (t) => matches(t, expected, true),
      timeoutMs,
    ),
  contains: (l: Locator, expected: string, timeoutMs?: number): Promise<void> =>
    until(
      `text of ${String(l)} contains ${expected}`,
      () => l.first().innerText({ timeout: 1_000 }),
      (t) => matches(t, expected, false),
      timeoutMs,
    ),
  count: (l: Locator, n: number): Promise<void> =>
    until(
      `count of ${String(l)} = ${n}`,
      () => l.count(),
      (c) => c === n,
    ),
  disabled: (l: Locator): Promise<void> =>
    until(`${String(l)} disabled`, () => l.first().isDisabled({ timeout: 1_000 }), Boolean),
  attribute: (l: Locator, name: string, value: string): Promise<void> =>
    until(
      `${String(l)} [${name}] = ${value}`,
      () => l.first().getAttribute(name, { timeout: 1_000 }),
      (v) => v === value,
    ),
};

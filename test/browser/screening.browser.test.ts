/**
 * The reviewer's screening panel in Chromium against the real system: a hit beside the person as
 * submitted, a false positive with a note, then approve is offered; only a senior reviewer is
 * offered the true match. No serious accessibility violation, no script error.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../support/database';
import { createApplicationBody } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import {
  accessibilityViolations,
  launchBrowser,
  newContext,
  screenshot,
  see,
  signInAs,
  startConsole,
  type AxeFinding,
  type ConsoleStack,
} from '../support/browser';

jest.setTimeout(240_000);

let stack: ConsoleStack;
let db: DataSource;
let http: HttpDriver;
let browser: Browser;
const contexts: BrowserContext[] = [];
const findings: AxeFinding[] = [];
const pageErrors: string[] = [];
const suffix = Math.random().toString(36).slice(2, 8);
const listed = createApplicationBody({
  legalRepresentative: { name: 'Zorvath Quillan', idType: 'passport', idNumber: 'E12345678', idExpiry: '2035-12-31' },
});

beforeAll(async () => {
  [stack, browser] = await Promise.all([startConsole('console-screening'), launchBrowser()]);
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await stack?.stop();
  await db?.destroy();
});

async function person(): Promise<Page> {
  const context = await newContext(browser, 'en-US');
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return page;
}

describe('the screening panel', () => {
  it('shows a hit beside the person as submitted; a false positive with a note lets the reviewer approve', async () => {
    const reviewer = `alice-${suffix}`;
    const id = await http.inReview(`screened-${suffix}`, reviewer, listed);
    const page = await person();
    await signInAs(page, stack.url, 'reviewer', reviewer);
    await page.goto(`${stack.url}/applications/${id}`);
    const panel = page.getByRole('region', { name: 'Screening hits' });
    await see.visible(panel);
    await see.contains(panel, 'synthetic_sanctions');
    await see.contains(panel, 'Born 1971-03-14');
    await see.visible(panel.getByRole('button', { name: 'Mark as false positive' }));
    await see.count(panel.getByRole('button', { name: /Confirm true match/ }), 0);
    findings.push(...(await accessibilityViolations(page, 'reviewer-screening')));
    await screenshot(page, 'reviewer-screening');

    await panel.getByLabel('Why it is a false positive').fill('Different person: born 1985');
    await panel.getByRole('button', { name: 'Mark as false positive' }).click();
    await see.contains(panel, `False positive (${reviewer}): Different person: born 1985`);
    await see.visible(page.locator('form.decision').getByRole('radio', { name: 'Approve' }));
  });

  it('offers the true match to a senior reviewer who holds the claim', async () => {
    const senior = `sam-${suffix}`;
    const id = await http.inReview(`sanctioned-${suffix}`, 'nobody', listed);
    await http.post('reviewer', 'nobody', `/v1/applications/${id}/release`, {}, 200);
    await http.post('senior_reviewer', senior, `/v1/applications/${id}/claim`, {}, 200);
    const page = await person();
    await signInAs(page, stack.url, 'senior_reviewer', senior);
    await page.goto(`${stack.url}/applications/${id}`);
    const panel = page.getByRole('region', { name: 'Screening hits' });
    await panel.getByRole('button', { name: /Confirm true match/ }).click();
    await see.contains(panel, `True match (${senior})`);
  });

  it('has no serious or critical accessibility violation, and no script error', () => {
    expect(findings).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

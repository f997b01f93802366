/**
 * Production sign-in in Chromium against a real OpenID Connect provider (oidc-provider in a child
 * process): the console redirects to the provider (authorization code with PKCE), the person
 * signs in and consents there, the console exchanges the code for an access token (an RS256 JWT
 * with a role claim), and the API — which has no development secret, only the provider's JWKS —
 * accepts it. A token without a role is refused by the console and by the API.
 */
import type { Browser, BrowserContext, Page, Response } from 'playwright-core';
import {
  accessibilityViolations,
  launchBrowser,
  newContext,
  see,
  startConsole,
  type AxeFinding,
  type ConsoleStack,
} from '../support/browser';
import { startIdentityProvider, type IdentityProvider } from '../support/identity-provider';
import { freePort } from '../support/processes';

jest.setTimeout(120_000);

const CLIENT_ID = 'mo-console-oidc-test';
const AUDIENCE = 'merchant-onboarding-api';
const suffix = Math.random().toString(36).slice(2, 8);
const reviewer = `rita-${suffix}`;
const merchant = `acme-${suffix}`;
const roleless = `nobody-${suffix}`;

let idp: IdentityProvider;
let stack: ConsoleStack;
let browser: Browser;
const contexts: BrowserContext[] = [];
const findings: AxeFinding[] = [];
const pageErrors: string[] = [];

beforeAll(async () => {
  // The console must know the issuer and the provider the console's redirect URI: the provider's
  // port is chosen first, the console started with it, then the provider with the console's URL.
  const port = await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  [stack, browser] = await Promise.all([
    startConsole('console-oidc', {
      AUTH_JWKS_URL: `${issuer}/jwks`,
      AUTH_JWT_ISSUER: issuer,
      AUTH_JWT_AUDIENCE: AUDIENCE,
      OIDC_ISSUER_URL: issuer,
      OIDC_CLIENT_ID: CLIENT_ID,
    }),
    launchBrowser(),
  ]);
  idp = await startIdentityProvider({
    port,
    consoleUrl: stack.url,
    clientId: CLIENT_ID,
    audience: AUDIENCE,
    roles: { [reviewer]: 'reviewer', [merchant]: 'merchant' },
  });
  expect(idp.issuer).toBe(issuer);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await stack?.stop();
  await idp?.stop();
});

async function person(): Promise<Page> {
  const context = await newContext(browser);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return page;
}

const claims = (jwt: string, part: 0 | 1): Record<string, unknown> =>
  JSON.parse(Buffer.from(jwt.split('.')[part]!, 'base64url').toString('utf8')) as Record<string, unknown>;

const api = (path: string, token: string): Promise<globalThis.Response> =>
  fetch(`${stack.url}${path}`, { headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' } });

/**
 * From the console's sign-in page through the provider's own login and consent pages (any
 * password), back to the console's callback. Returns the authorization request and the token
 * response the console received, so the test can check what was asked for and issued.
 */
async function signInAtProvider(
  page: Page,
  login: string,
  start = '/sign-in',
): Promise<{ authorize: URL; token: Response }> {
  await page.goto(`${stack.url}${start}`);
  await see.visible(page.getByRole('button', { name: 'Sign in with your organisation' }));
  const authorize = page.waitForRequest((r) => r.url().startsWith(`${idp.issuer}/auth?`));
  await page.getByRole('button', { name: 'Sign in with your organisation' }).click();
  await page.waitForURL((u) => u.origin === idp.issuer && u.pathname.startsWith('/interaction/'));
  await page.locator('input[name="login"]').fill(login);
  await page.locator('input[name="password"]').fill('any password will do');
  await page.getByRole('button', { name: 'Sign-in' }).click();
  const token = page.waitForResponse((r) => r.url() === `${idp.issuer}/token` && r.request().method() === 'POST');
  await page.getByRole('button', { name: 'Continue' }).click();
  return { authorize: new URL((await authorize).url()), token: await token };
}

describe('sign-in through a real OpenID Connect provider', () => {
  it('the console offers only the provider: no development sign-in exists', async () => {
    const settings = await fetch(`${stack.url}/v1/console/settings`);
    expect(await settings.json()).toEqual({
      oidc: { issuer: idp.issuer, clientId: CLIENT_ID, scope: 'openid profile' },
      devSignIn: false,
    });
    const dev = await fetch(`${stack.url}/v1/dev/sign-in`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ role: 'admin', subject: 'mallory' }),
    });
    expect(dev.status).toBe(404);

    const page = await person();
    const shell = await page.goto(`${stack.url}/`);
    const policy = shell!.headers()['content-security-policy'] ?? '';
    expect(policy).toContain(`connect-src 'self' ${idp.issuer}`);
    await page.waitForURL(/\/sign-in$/);
    await see.visible(page.getByRole('button', { name: 'Sign in with your organisation' }));
    await see.count(page.getByRole('heading', { name: 'Development: sign in as' }), 0);
    await see.count(page.locator('select:not([aria-label="Language"]), input'), 0);
    findings.push(...(await accessibilityViolations(page, 'oidc-sign-in')));
  });

  it('a reviewer signs in at the provider and the queue loads with its access token', async () => {
    const page = await person();
    const queue = page.waitForResponse((r) => r.url().startsWith(`${stack.url}/v1/review/queue`));
    // A deep link: the console sends the person to sign in and, after the provider, back to it.
    const { authorize, token } = await signInAtProvider(page, reviewer, '/queue?claimed=false');
    // Authorization code with PKCE (S256), for the configured client, back to the console.
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({
      client_id: CLIENT_ID,
      response_type: 'code',
      code_challenge_method: 'S256',
      redirect_uri: `${stack.url}/auth/callback`,
      scope: 'openid profile',
    });
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(token.status()).toBe(200);
    const accessToken = ((await token.json()) as { access_token: string }).access_token;
    expect(claims(accessToken, 0)).toMatchObject({ alg: 'RS256', typ: 'at+jwt' });
    expect(claims(accessToken, 1)).toMatchObject({
      iss: idp.issuer,
      aud: AUDIENCE,
      sub: reviewer,
      role: 'reviewer',
      client_id: CLIENT_ID,
    });

    await page.waitForURL(`${stack.url}/queue?claimed=false`);
    await see.text(page.locator('.whoami'), `Signed in as ${reviewer} (Reviewer)`);
    // The API verified the provider's token against its JWKS.
    expect((await queue).status()).toBe(200);
    await see.visible(page.getByRole('heading', { name: 'Review queue' }));
    await see.count(page.getByRole('alert'), 0);
    // The console's session holds the provider's access token as its bearer token.
    const session = await page.evaluate<string | null>("sessionStorage.getItem('mo.session')");
    expect(JSON.parse(session ?? 'null')).toMatchObject({
      token: accessToken,
      role: 'reviewer',
      subject: reviewer,
      via: 'oidc',
    });
    findings.push(...(await accessibilityViolations(page, 'oidc-reviewer-queue')));
  });

  it('a merchant signs in at the provider in another browser and sees their applications', async () => {
    const page = await person();
    const list = page.waitForResponse((r) => r.url().startsWith(`${stack.url}/v1/applications`));
    const { token } = await signInAtProvider(page, merchant);
    const accessToken = ((await token.json()) as { access_token: string }).access_token;
    await page.waitForURL(`${stack.url}/applications`);
    await see.text(page.locator('.whoami'), `Signed in as ${merchant} (Merchant)`);
    expect((await list).status()).toBe(200);
    await see.visible(page.getByRole('heading', { name: 'My applications' }));
    await see.visible(page.getByText('No applications yet.'));
    findings.push(...(await accessibilityViolations(page, 'oidc-merchant-applications')));
    // The role is the provider's claim, and the API enforces it.
    expect((await api('/v1/applications', accessToken)).status).toBe(200);
    expect((await api('/v1/review/queue', accessToken)).status).toBe(403);
  });

  it('a token without a role is refused by the console and by the API', async () => {
    const page = await person();
    const { token } = await signInAtProvider(page, roleless);
    const accessToken = ((await token.json()) as { access_token: string }).access_token;
    expect(claims(accessToken, 1)).toMatchObject({ iss: idp.issuer, aud: AUDIENCE, sub: roleless });
    expect(claims(accessToken, 1)).not.toHaveProperty('role');
    await see.text(page.getByRole('alert'), 'The identity provider issued a token without a role');
    expect(new URL(page.url()).pathname).toBe('/auth/callback');
    await see.count(page.locator('.whoami'), 0);
    findings.push(...(await accessibilityViolations(page, 'oidc-callback-refused')));
    expect((await api('/v1/applications', accessToken)).status).toBe(401);
    expect((await api('/v1/review/queue', accessToken)).status).toBe(401);
  });

  it('has no serious or critical accessibility violation on the console pages, and no script error', () => {
    expect(findings).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

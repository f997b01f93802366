/**
 * The console in Chromium against the real system: a merchant applies with documents, a reviewer
 * asks for changes, the merchant fixes only what was asked, the reviewer approves, the merchant
 * verifies the bank account and accepts the agreement, and the wallet is live. A high-risk
 * application needs a second, senior approval; a merchant never sees another's application; both
 * languages render; every page has no serious or critical accessibility violation.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../support/database';
import { createApplicationBody, randomUscc, uniquePdf } from '../support/factories';
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
const merchant = `acme-${suffix}`;

beforeAll(async () => {
  [stack, browser] = await Promise.all([startConsole('console-journey'), launchBrowser()]);
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  for (const c of contexts) await c.close();
  await browser?.close();
  await stack?.stop();
  await db?.destroy();
});

async function person(locale = 'en-US'): Promise<Page> {
  const context = await newContext(browser, locale);
  contexts.push(context);
  const page = await context.newPage();
  page.on('pageerror', (err) => pageErrors.push(err.message));
  return page;
}

/** Every page is checked once it shows what it is about. */
async function audit(page: Page, name: string): Promise<void> {
  findings.push(...(await accessibilityViolations(page, name)));
  await screenshot(page, name);
}

const pdf = (name: string) => ({ name, mimeType: 'application/pdf', buffer: uniquePdf() });
const status = (page: Page) => page.locator('h1 [data-status]');

/** The application's status as the page shows it; on failure, with what the page says went wrong. */
async function expectStatus(page: Page, text: string, timeoutMs?: number): Promise<void> {
  try {
    await see.text(status(page), text, timeoutMs);
  } catch (err) {
    const alerts = await page.getByRole('alert').allInnerTexts();
    throw new Error(`${(err as Error).message}; alerts: ${JSON.stringify(alerts)}`);
  }
}

async function microDepositAmount(id: string): Promise<string> {
  for (let i = 0; i < 200; i++) {
    const rows: unknown[] = await db.query('SELECT 1 FROM payout_transfers WHERE application_id = $1', [id]);
    if (rows.length > 0) return http.microDepositAmount(id);
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('no micro-deposit was sent');
}

describe('the console', () => {
  let id: string;
  let merchantPage: Page;
  let reviewerPage: Page;

  it('a merchant signs in, fills the application with inline checks, uploads documents and submits', async () => {
    merchantPage = await person();
    const page = merchantPage;
    await page.goto(`${stack.url}/`);
    await page.waitForURL(/\/sign-in$/);
    await audit(page, 'sign-in');
    await signInAs(page, stack.url, 'merchant', merchant);
    await page.waitForURL(/\/applications$/);
    await page.getByRole('link', { name: 'New application' }).click();
    const sample = createApplicationBody() as {
      business: Record<string, string | number>;
      legalRepresentative: Record<string, string>;
      bankAccount: Record<string, string>;
    };
    const fill = async (path: string, value: string | number): Promise<void> => {
      const field = page.locator(`[name="${path}"]`);
      if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(String(value));
      else await field.fill(String(value));
    };
    // The browser runs the domain's own check digits: a wrong USCC is flagged before sending.
    await fill('business.uscc', '91350100M000100Y44');
    await see.visible(page.getByText('Not a valid unified social credit code (check digit)'));
    await see.disabled(page.getByRole('button', { name: 'Create draft' }));
    await audit(page, 'merchant-new-application');
    for (const section of ['business', 'legalRepresentative', 'bankAccount'] as const) {
      for (const [key, value] of Object.entries(sample[section])) await fill(`${section}.${key}`, value);
    }
    await page.getByLabel('QR payments').check();
    // Two owners, added as a person would; the domain's owner rules run in the browser too.
    const owner = async (n: number, values: Record<string, string>): Promise<void> => {
      await page.getByRole('button', { name: 'Add owner' }).click();
      const group = page.getByRole('group', { name: `Owner ${n}` });
      for (const [label, value] of Object.entries(values)) {
        const field = group.getByLabel(label);
        if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(value);
        else await field.fill(value);
      }
    };
    await owner(1, {
      Name: 'Li Lei',
      'ID type': 'resident_id',
      'ID number': '440524188001010014',
      'ID expiry': '2036-01-31',
      'Date of birth': '1880-01-01',
      'Ownership (%)': '60',
    });
    // The second owner shares a name and birth date with a synthetic sanctions entry: screening
    // raises a hit the reviewer resolves below.
    await owner(2, {
      Name: 'Zorvath Quillan',
      'ID type': 'passport',
      'ID number': 'E12345678',
      'ID expiry': '2034-06-30',
      'Date of birth': '1971-03-14',
      'Ownership (%)': '50',
    });
    // 60 % and 50 % are more than the whole: refused before sending.
    await see.visible(page.getByText('Check the owners', { exact: false }));
    await see.disabled(page.getByRole('button', { name: 'Create draft' }));
    await page.getByRole('group', { name: 'Owner 2' }).getByLabel('Ownership (%)').fill('30');
    await see.count(page.getByText('Check the owners', { exact: false }), 0);
    await page.getByRole('button', { name: 'Create draft' }).click();
    await page.waitForURL(/\/applications\/[0-9a-f-]{36}$/);
    id = page.url().split('/').pop()!;
    await expectStatus(page, 'Draft');
    await see.count(page.locator('.due li'), 6);
    for (const type of [
      'business_license',
      'legal_rep_id_front',
      'legal_rep_id_back',
      'bank_account_proof',
      'beneficial_owner_id[owner-1]',
      'beneficial_owner_id[owner-2]',
    ]) {
      await page.locator(`li[data-document="${type}"] input[type=file]`).setInputFiles(pdf(`${type}.pdf`));
      await see.visible(page.locator(`li[data-document="${type}"] .ok`));
    }
    await see.visible(page.getByText('Nothing is due from you right now.'));
    await audit(page, 'merchant-draft');
    await page.getByRole('button', { name: 'Submit for review' }).click();
    // The page follows the application by itself (long poll): prechecks finish, review starts.
    await expectStatus(page, 'In review');
  });

  it('a reviewer finds it in the queue, claims it and asks for a sharper licence', async () => {
    reviewerPage = await person();
    const page = reviewerPage;
    await signInAs(page, stack.url, 'reviewer', `alice-${suffix}`);
    await page.waitForURL(/\/queue$/);
    await page.getByLabel('Claim').selectOption('false');
    const row = page.locator(`tr[data-application="${id}"]`);
    await see.visible(row);
    await audit(page, 'reviewer-queue');
    await row.getByRole('link').click();
    await page.waitForURL(new RegExp(`/applications/${id}$`));
    // Reviewers see the unmasked profile, the findings and the documents inline.
    await see.visible(page.getByText('11010519491231002X'));
    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await see.text(page.getByTestId('assignee'), `alice-${suffix}`);
    const decision = page.locator('form.decision');
    await decision.getByRole('radio', { name: 'Request changes' }).click();
    await see.visible(decision.locator('.reason-row'));
    await decision.getByLabel('What to fix').selectOption('business_license');
    await decision.locator('.reason-row select').nth(1).selectOption('DOCUMENT_UNREADABLE');
    await decision.getByLabel('Message to the merchant').fill('The scan is blurry; upload a sharper one');
    await decision.getByLabel('Internal note (never shown to the merchant)').fill('otherwise consistent');
    await audit(page, 'reviewer-application');
    await page.getByRole('button', { name: 'Request changes' }).click();
    await expectStatus(page, 'Changes requested');
    await see.contains(page.locator('[data-event="changes_requested"] .note'), 'otherwise consistent');
    // The documents open inline (last: Chromium's PDF viewer takes over input events under automation).
    await page.locator('li[data-document="business_license"]').getByRole('button', { name: 'Show' }).click();
    await see.visible(page.locator('li[data-document="business_license"] iframe.viewer'));
  });

  it('the merchant sees the reason at the licence, can change only that, and resubmits', async () => {
    const page = merchantPage;
    await expectStatus(page, 'Changes requested');
    const licence = page.locator('li[data-document="business_license"]');
    await see.contains(licence.locator('.feedback'), 'The scan is blurry; upload a sharper one');
    // Nothing else is open: the profile's fields and the other documents cannot change.
    await see.disabled(page.locator('[name="business.legalName"]'));
    await see.count(page.locator('li[data-document="bank_account_proof"] input[type=file]'), 0);
    // Merchants never see the internal note or who reviewed.
    await see.count(page.getByText('otherwise consistent'), 0);
    await see.count(page.getByText(`alice-${suffix}`), 0);
    await audit(page, 'merchant-changes-requested');
    await licence.locator('input[type=file]').setInputFiles(pdf('sharper.pdf'));
    await see.visible(licence.getByText('New file ready'));
    await page.getByRole('button', { name: 'Resubmit' }).click();
    await expectStatus(page, 'In review');
  });

  it('the reviewer sees what changed, clears the owner’s screening hit as a false positive, and approves', async () => {
    const page = reviewerPage;
    await page.reload();
    await expectStatus(page, 'In review');
    await see.contains(page.locator('table.diff'), 'Business licence');
    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await see.text(page.getByTestId('assignee'), `alice-${suffix}`);
    // The hit on the second owner stands beside the owner as submitted; approve waits for it.
    const panel = page.getByRole('region', { name: 'Screening hits' });
    await see.contains(panel, 'Zorvath Quillan');
    await see.contains(panel, 'synthetic_sanctions');
    await see.count(page.getByRole('button', { name: 'Approve' }), 0);
    await panel.getByLabel('Why it is a false positive').fill('Another person: a different passport and nationality');
    await panel.getByRole('button', { name: 'Mark as false positive' }).click();
    await see.contains(panel, `False positive (alice-${suffix})`);
    await audit(page, 'reviewer-screening-cleared');
    // A hit made it high risk: a senior reviewer approves second.
    await page.getByRole('button', { name: 'Approve' }).click();
    await expectStatus(page, 'Awaiting second approval');
    const senior = await person();
    await signInAs(senior, stack.url, 'senior_reviewer', `sam-${suffix}`);
    await senior.goto(`${stack.url}/applications/${id}`);
    await senior.getByRole('button', { name: 'Claim', exact: true }).click();
    await senior.getByRole('button', { name: 'Approve' }).click();
    await expectStatus(senior, 'Bank verification');
  });

  it('the merchant verifies the bank account, accepts the agreement, and the wallet is live', async () => {
    const page = merchantPage;
    await expectStatus(page, 'Bank verification');
    await audit(page, 'merchant-bank-verification');
    const amount = await microDepositAmount(id);
    const wrong = amount === '0.99' ? '0.98' : '0.99';
    await page.getByLabel('Amount (CNY)').fill(wrong);
    await page.getByRole('button', { name: 'Verify' }).click();
    await see.text(page.getByTestId('attempts'), 'Wrong amount: 2 attempts left');
    await page.getByLabel('Amount (CNY)').fill(amount);
    await page.getByRole('button', { name: 'Verify' }).click();
    await expectStatus(page, 'Agreement pending');
    await audit(page, 'merchant-agreement');
    await page.getByLabel('Signatory').fill('Li Lei');
    await page.getByRole('button', { name: 'Accept agreement' }).click();
    await expectStatus(page, 'Active', 30_000);
    await page.getByRole('button', { name: 'Show API credentials' }).click();
    await see.text(page.getByTestId('secret'), /.{16,}/);
    await audit(page, 'merchant-active');
    // Its applications, and webhook endpoints (the signing secret shown once).
    await page.getByRole('link', { name: 'My applications' }).click();
    await see.visible(page.locator(`a[href="/applications/${id}"]`));
    await audit(page, 'merchant-applications');
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByLabel('Endpoint URL (https)').fill('https://hooks.example.com/onboarding');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await see.text(page.getByTestId('webhook-secret'), /.{16,}/);
    await see.visible(page.getByText('https://hooks.example.com/onboarding'));
    await audit(page, 'merchant-webhooks');
    await page.getByRole('button', { name: 'Remove' }).click();
    await see.visible(page.getByText('No endpoints yet.'));
    const view = await http.view(id);
    expect(view.status).toBe('active');
  });

  it('a high-risk application waits for a second approval by a different senior reviewer', async () => {
    // Another merchant with the same USCC: the prechecks flag a duplicate, the risk is high.
    const uscc = randomUscc();
    const withUscc = () =>
      createApplicationBody({ business: { ...(createApplicationBody().business as object), uscc } });
    const earlier = await http.completeDraft(`first-${suffix}`, withUscc());
    const risky = await http.completeDraft(`second-${suffix}`, withUscc());
    await http.post('merchant', `first-${suffix}`, `/v1/applications/${earlier}/submit`, {}, 200);
    await http.eventually(earlier, (v) => v.status === 'in_review');
    await http.post('merchant', `second-${suffix}`, `/v1/applications/${risky}/submit`, {}, 200);
    await http.eventually(risky, (v) => v.status === 'in_review');

    const page = reviewerPage;
    await page.goto(`${stack.url}/applications/${risky}`);
    await see.visible(page.locator('.risk-high').first());
    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    await page.getByRole('button', { name: 'Approve' }).click();
    await expectStatus(page, 'Awaiting second approval');
    await see.contains(page.getByTestId('four-eyes'), `First approval by alice-${suffix}`);
    // The first approver cannot approve again.
    await see.count(page.getByRole('button', { name: 'Approve' }), 0);

    const senior = await person();
    await signInAs(senior, stack.url, 'senior_reviewer', `sam-${suffix}`);
    await senior.goto(`${stack.url}/applications/${risky}`);
    await see.visible(senior.getByTestId('four-eyes'));
    await senior.getByRole('button', { name: 'Claim', exact: true }).click();
    await senior.getByRole('button', { name: 'Approve' }).click();
    await expectStatus(senior, 'Bank verification');
  });

  it('a second application whose legal representative is a true match ends in SANCTIONS_MATCH', async () => {
    const listed = createApplicationBody({
      legalRepresentative: {
        name: 'Zorvath Quillan',
        idType: 'passport',
        idNumber: 'E76543210',
        idExpiry: '2035-12-31',
      },
    });
    const sanctioned = await http.inReview(`sanctioned-${suffix}`, 'nobody', listed);
    await http.post('reviewer', 'nobody', `/v1/applications/${sanctioned}/release`, {}, 200);
    const page = await person();
    await signInAs(page, stack.url, 'senior_reviewer', `sam-${suffix}`);
    await page.goto(`${stack.url}/applications/${sanctioned}`);
    await page.getByRole('button', { name: 'Claim', exact: true }).click();
    const panel = page.getByRole('region', { name: 'Screening hits' });
    await panel.getByRole('button', { name: /Confirm true match/ }).click();
    await expectStatus(page, 'Rejected');
    const view = await http.view(sanctioned);
    expect(view).toMatchObject({ status: 'rejected', rejection: { code: 'SANCTIONS_MATCH' } });
  });

  it('a reviewer reads the business registry’s record beside the profile, a mismatch said in words', async () => {
    // A shipped fixture (data/registry/fixtures.json): operating, under another registered name.
    const body = createApplicationBody();
    const other = await http.completeDraft(`registry-${suffix}`, {
      ...body,
      business: { ...(body.business as object), uscc: '91999999MA0NM0004B' },
    });
    await http.post('merchant', `registry-${suffix}`, `/v1/applications/${other}/submit`, {}, 200);
    await http.eventually(other, (v) => v.status === 'in_review');
    const page = reviewerPage;
    await page.goto(`${stack.url}/applications/${other}`);
    const record = page.getByRole('region', { name: 'Business registry' });
    await see.contains(record, 'Operating (存续/在业)');
    await see.contains(
      record.locator('[data-registry-field="legalName"]'),
      'Fuzhou Fictional Registered Trading Co., Ltd.',
    );
    await see.contains(record.locator('[data-registry-field="legalName"]'), 'Differs from the application');
    await see.count(
      record.locator('[data-registry-field="legalRepresentative"]').getByText('Differs from the application'),
      0,
    );
    await audit(page, 'reviewer-registry-mismatch');
  });

  it('a merchant never sees another merchant’s application', async () => {
    const page = await person();
    await signInAs(page, stack.url, 'merchant', `other-${suffix}`);
    await see.visible(page.getByText('No applications yet.'));
    await page.goto(`${stack.url}/applications/${id}`);
    await see.contains(page.getByRole('alert'), 'APPLICATION_NOT_FOUND');
    await see.count(page.getByText('Fuzhou Example Trading Co., Ltd.'), 0);
  });

  it('admins see the dashboard and can reassign or cancel', async () => {
    const page = await person();
    await signInAs(page, stack.url, 'admin', `ada-${suffix}`);
    await page.waitForURL(/\/admin$/);
    await see.text(page.getByTestId('queue-depth'), /^\d+$/);
    await see.visible(page.locator('.recharts-surface').first());
    await audit(page, 'admin-dashboard');
    const open = await http.completeDraft(`third-${suffix}`);
    await http.post('merchant', `third-${suffix}`, `/v1/applications/${open}/submit`, {}, 200);
    await http.eventually(open, (v) => v.status === 'in_review');
    await page.goto(`${stack.url}/applications/${open}`);
    await page.getByLabel('Reviewer id').fill(`bob-${suffix}`);
    await page.getByRole('button', { name: 'Reassign' }).click();
    await see.text(page.getByTestId('assignee'), `bob-${suffix}`);
    await page.getByLabel('Reason').fill('duplicate of an earlier application');
    await page.getByRole('button', { name: 'Cancel application' }).click();
    await expectStatus(page, 'Canceled');
  });

  it('renders in Chinese when the browser prefers it, and switches languages', async () => {
    const page = await person('zh-CN');
    await page.goto(`${stack.url}/sign-in`);
    await see.visible(page.getByRole('heading', { name: '登录' }));
    await see.attribute(page.locator('html'), 'lang', 'zh-CN');
    await signInAs(page, stack.url, 'merchant', merchant);
    await page.goto(`${stack.url}/applications/${id}`);
    await expectStatus(page, '已开通');
    await audit(page, 'merchant-active-zh');
    await page.getByLabel('语言').selectOption('en');
    await expectStatus(page, 'Active');
    await page.getByLabel('Language').selectOption('zh-CN');
    await see.visible(page.getByRole('link', { name: '我的申请' }));
  });

  it('has no serious or critical accessibility violation on any page, and no script error', () => {
    expect(findings).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});

/**
 * The business registry in the prechecks, through the real API, worker, Temporal and PostgreSQL:
 * each outcome chosen by the USCC of a shipped fixture (data/registry/fixtures.json), the answer kept
 * as evidence for staff only, and a registry that stays down putting the application on hold.
 */
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../support/database';
import { createApplicationBody } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

/** The shipped fixtures, by what they simulate. */
const USCC = {
  notFound: '91999999MA0NF0001K',
  revoked: '91999999MA0RE0002N',
  otherName: '91999999MA0NM0004B',
  otherLegalRepresentative: '91999999MA0LR00058',
  unavailable: '91999999MA0UN00066',
};

let stack: Stack;
let db: DataSource;
let http: HttpDriver;

beforeAll(async () => {
  stack = await startStack('business-registry', { REGISTRY_MAX_ATTEMPTS: '2' });
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  delete process.env.REGISTRY_MAX_ATTEMPTS;
  await stack?.stop();
  await db?.destroy();
});

const merchantId = (name: string): string => `registry-${name}-${Math.random().toString(36).slice(2, 8)}`;
const withUscc = (uscc: string) => {
  const body = createApplicationBody();
  return { ...body, business: { ...(body.business as object), uscc } };
};
async function submitted(merchant: string, uscc?: string): Promise<string> {
  const id = await http.completeDraft(merchant, uscc === undefined ? createApplicationBody() : withUscc(uscc));
  await http.post('merchant', merchant, `/v1/applications/${id}/submit`, {}, 200);
  return id;
}
const codes = (view: Record<string, any>): string[] => (view.risk.findings as { code: string }[]).map((f) => f.code);

describe('business registry', () => {
  it('a code the registry does not know answers as operating, echoing the application: no finding', async () => {
    const m = merchantId('echo');
    const id = await submitted(m);
    const view = await http.eventually(id, (v) => v.status === 'in_review');
    expect(view.registry).toEqual({
      uscc: view.profile.business.uscc,
      status: 'operating',
      legalName: 'Fuzhou Example Trading Co., Ltd.',
      legalRepresentative: 'Li Lei',
      checkedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect(codes(view).filter((c) => c.startsWith('REGISTRY_'))).toEqual([]);
  });

  it('not found: changes requested on business.uscc', async () => {
    const m = merchantId('not-found');
    const id = await submitted(m, USCC.notFound);
    const mine = await http.eventually(id, (v) => v.status === 'changes_requested', 'merchant', m);
    expect(mine.feedback).toEqual([expect.objectContaining({ target: 'business.uscc', code: 'INVALID_IDENTIFIER' })]);
    expect(mine.currentlyDue).toContain('business.uscc');
    const staff = await http.view(id);
    expect(codes(staff)).toContain('REGISTRY_NOT_FOUND');
    expect(staff.registry).toMatchObject({ uscc: USCC.notFound, status: 'not_found', legalName: null });
  });

  it('revoked: final rejection BUSINESS_NOT_OPERATING', async () => {
    const m = merchantId('revoked');
    const id = await submitted(m, USCC.revoked);
    const mine = await http.eventually(id, (v) => v.status === 'rejected', 'merchant', m);
    expect(mine.rejection).toMatchObject({ code: 'BUSINESS_NOT_OPERATING' });
    expect(mine.allowedActions).toEqual([]);
    expect((await http.view(id)).registry).toMatchObject({ status: 'revoked' });
  });

  it('another registered name: a finding, the evidence for staff, nothing of it for the merchant', async () => {
    const m = merchantId('other-name');
    const id = await submitted(m, USCC.otherName);
    const staff = await http.eventually(id, (v) => v.status === 'in_review', 'reviewer', 'alice');
    expect(staff.risk.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: 'REGISTRY_NAME_MISMATCH', severity: 'warning', target: 'business.legalName' }),
      ]),
    );
    expect(codes(staff)).not.toContain('REGISTRY_LEGAL_REPRESENTATIVE_MISMATCH');
    expect(staff.registry).toEqual({
      uscc: USCC.otherName,
      status: 'operating',
      legalName: 'Fuzhou Fictional Registered Trading Co., Ltd.',
      legalRepresentative: 'Li Lei',
      checkedAt: expect.any(String),
    });
    // Kept per round in the timeline too, for staff.
    const staffTimeline = (await http.get('admin', 'root', `/v1/applications/${id}/events`)).body.events;
    const checked = staffTimeline.find((e: { type: string }) => e.type === 'prechecks_completed');
    expect(checked.data.registry).toEqual(staff.registry);

    const mine = await http.view(id, 'merchant', m);
    expect(mine).not.toHaveProperty('registry');
    expect(mine).not.toHaveProperty('risk');
    const timeline = (await http.get('merchant', m, `/v1/applications/${id}/events`)).body.events;
    const seen = timeline.find((e: { type: string }) => e.type === 'prechecks_completed');
    expect(seen.data).not.toHaveProperty('registry');
  });

  it('another legal representative: a finding; the name, written in full width, is the same name', async () => {
    const m = merchantId('other-rep');
    const id = await submitted(m, USCC.otherLegalRepresentative);
    const staff = await http.eventually(id, (v) => v.status === 'in_review', 'reviewer', 'alice');
    expect(staff.risk.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'REGISTRY_LEGAL_REPRESENTATIVE_MISMATCH',
          target: 'legalRepresentative.name',
        }),
      ]),
    );
    expect(codes(staff)).not.toContain('REGISTRY_NAME_MISMATCH');
  });

  it('a registry that stays down: retried, then an operations hold on the prechecks (never a pass)', async () => {
    const m = merchantId('down');
    const id = await submitted(m, USCC.unavailable);
    const held = await http.eventually(id, (v) => v.status === 'on_hold', 'admin', 'root', 30_000);
    expect(held.hold).toMatchObject({
      step: 'prechecks',
      resume: 'prechecking',
      failure: { type: 'RegistryUnavailable', message: expect.stringContaining('attempt 2 of 2') },
    });
    expect(held.risk).toBeNull();
    expect(held.registry).toBeNull();
  });
});

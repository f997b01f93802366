/**
 * One projection: the row TransitionRepository writes is `readModelOf(state)`, and the API's view of
 * that row is the view it answers from the workflow's state projected the same way, for every role.
 */
import type { DataSource } from 'typeorm';
import { DEFAULT_MCC_POLICY, readModelOf, type ApplicationState, type Role } from '@mo/domain';
import { ApplicationRepository, type ApplicationEntity, TransitionRepository } from '@mo/persistence';
import { toApplicationView } from '../../apps/api/src/applications/application-views';
import { applicationState, eventFor } from '../support/factories';
import { connectDatabase } from '../support/database';

let db: DataSource;
beforeAll(async () => {
  db = await connectDatabase();
});
afterAll(() => db.destroy());

const T0 = '2026-11-20T00:00:00.000Z';
const alice = { role: 'reviewer', id: 'alice' } as const;
const bob = { role: 'senior_reviewer', id: 'bob' } as const;

/** A state in each shape the row has a column for. */
const STATES: readonly [string, () => ApplicationState][] = [
  ['a draft', () => applicationState()],
  [
    'a claimed, escalated review with findings',
    () =>
      applicationState({
        status: 'in_review',
        round: 1,
        submittedAt: T0,
        reviewStartedAt: T0,
        riskLevel: 'high',
        findings: [{ code: 'uscc_mismatch', severity: 'warning', message: '名称不符', target: 'businessLicense' }],
        claim: { by: alice, at: '2026-11-20T01:00:00.000Z' },
        escalated: true,
      }),
  ],
  [
    'a second approval pending',
    () =>
      applicationState({
        status: 'awaiting_second_approval',
        round: 1,
        submittedAt: T0,
        reviewStartedAt: T0,
        riskLevel: 'high',
        approvals: [{ by: alice, at: T0 }],
        claim: { by: bob, at: T0 },
      }),
  ],
  [
    'changes requested after a resubmission',
    () =>
      applicationState({
        status: 'changes_requested',
        round: 2,
        resubmissions: 1,
        changesRequestedAt: T0,
        openReasons: [{ target: 'bankAccount', code: 'BANK_ACCOUNT_NAME_MISMATCH', message: '户名不符' }],
        lastChangedFields: ['bankAccount.accountNumber', 'documents.business_license'],
      }),
  ],
  [
    'bank verification with the deposit sent',
    () =>
      applicationState({
        status: 'bank_verification',
        microDeposit: { transferId: 't-1', sentAt: T0, attempts: 2 },
      }),
  ],
  ['the agreement offered', () => applicationState({ status: 'agreement_pending', agreementOfferedAt: T0 })],
  [
    'an operations hold',
    () =>
      applicationState({
        status: 'on_hold',
        hold: {
          step: 'activation',
          failure: { type: 'WalletDown', message: 'no wallet' },
          resume: 'activating',
          since: T0,
        },
      }),
  ],
  [
    'in review with the business registry’s answer',
    () =>
      applicationState({
        status: 'in_review',
        round: 1,
        registry: {
          uscc: '91999999MA0NM0004B',
          status: 'operating',
          legalName: 'Fuzhou Fictional Registered Trading Co., Ltd.',
          legalRepresentative: 'Li Lei',
          checkedAt: T0,
        },
      }),
  ],
  [
    'active',
    () =>
      applicationState({
        status: 'active',
        walletAccountId: '00000000-0000-4000-8000-0000000000aa',
        agreement: { version: '2026-01', acceptedAt: T0, signatory: 'Li Lei' },
      }),
  ],
  [
    'rejected',
    () => applicationState({ status: 'rejected', rejection: { code: 'PROHIBITED_CATEGORY', message: 'no' } }),
  ],
  [
    'a state recorded before holds existed',
    () => Object.fromEntries(Object.entries(applicationState()).filter(([k]) => k !== 'hold')) as ApplicationState,
  ],
];

/** The row as the domain has it: timestamps as ISO strings. */
const asModel = (row: ApplicationEntity): Record<string, unknown> =>
  Object.fromEntries(Object.entries(row).map(([k, v]) => [k, v instanceof Date ? v.toISOString() : v]));

async function recorded(s: ApplicationState): Promise<ApplicationEntity> {
  await new TransitionRepository(db).record(s, [eventFor(s)]);
  const row = await new ApplicationRepository(db).findForStaff(s.applicationId);
  if (row === null) throw new Error(`no row for ${s.applicationId}`);
  return row;
}

describe.each(STATES)('the read model of %s', (_, make) => {
  it('is the row the writer stores, column for column', async () => {
    const s = make();
    expect(asModel(await recorded(s))).toEqual(readModelOf(s));
  });

  it.each<Role>(['merchant', 'reviewer', 'senior_reviewer', 'admin'])(
    'reads the same to a %s from the row as from the state',
    async (role) => {
      const s = make();
      const row = await recorded(s);
      const ctx = { role, callerId: role === 'merchant' ? s.merchantId : 'alice', mcc: DEFAULT_MCC_POLICY };
      expect(toApplicationView(row, ctx)).toEqual(toApplicationView(readModelOf(s), ctx));
    },
  );
});

it('stores the row PostgreSQL-side exactly as before the projection was shared', async () => {
  const [, make] = STATES[3]!;
  const s = make();
  await recorded(s);
  const [{ row }] = await db.query<[{ row: unknown }]>(
    `SELECT to_jsonb(a) - 'id' - 'merchant_id' AS row FROM applications a WHERE id = $1`,
    [s.applicationId],
  );
  expect(row).toEqual({
    status: 'changes_requested',
    version: 1,
    profile_revision: 1,
    risk_level: null,
    findings: [],
    rejection: null,
    wallet_account_id: null,
    assignee_id: null,
    assignee_role: null,
    claimed_at: null,
    escalated: false,
    round: 2,
    resubmissions: 1,
    deadline_kind: 'resubmission',
    deadline_at: '2026-12-20T00:00:00+00:00',
    sla_due_at: null,
    open_reasons: [{ target: 'bankAccount', code: 'BANK_ACCOUNT_NAME_MISMATCH', message: '户名不符' }],
    changed_fields: ['bankAccount.accountNumber', 'documents.business_license'],
    requested_capabilities: ['qr_payments'],
    approvals: [],
    agreement: null,
    hold: null,
    registry: null,
    screening_hits: [],
    micro_deposit_attempts: 0,
    agreement_version: '2026-01',
    submitted_at: null,
    created_at: '2026-11-22T10:00:00+00:00',
    updated_at: '2026-11-22T10:00:00+00:00',
  });
});

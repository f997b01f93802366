import { DEFAULT_POLICY } from '../policy';
import { initialState } from './decide';
import type { ApplicationState } from './model';
import { readModelOf, type ReadModel } from './read-model';

const T0 = '2026-11-20T00:00:00.000Z';
const alice = { role: 'reviewer', id: 'alice' } as const;
const REGISTRY_ANSWER = {
  uscc: '91350100M000100Y43',
  status: 'operating',
  legalName: 'Fuzhou Example Trading Co., Ltd.',
  legalRepresentative: 'Li Lei',
  checkedAt: '2026-11-22T10:00:00.000Z',
} as const;
const hold = {
  step: 'activation',
  failure: { type: 'WalletDown', message: 'no wallet' },
  resume: 'activating',
  since: '2026-11-21T08:00:00.000Z',
} as const;

const base: ApplicationState = {
  ...initialState(
    {
      applicationId: '00000000-0000-4000-8000-000000000001',
      merchantId: 'm-1',
      profileRevision: 1,
      capabilities: ['qr_payments'],
      policy: DEFAULT_POLICY,
    },
    T0,
  ),
  seq: 3,
};
const state = (overrides: Partial<ApplicationState>): ApplicationState => ({ ...base, ...overrides });

describe('readModelOf', () => {
  it('projects a fresh draft, column by column', () => {
    expect(readModelOf(base)).toEqual<ReadModel>({
      id: base.applicationId,
      merchantId: 'm-1',
      status: 'draft',
      version: 3,
      profileRevision: 1,
      riskLevel: null,
      findings: [],
      rejection: null,
      walletAccountId: null,
      submittedAt: null,
      createdAt: T0,
      updatedAt: T0,
      assigneeId: null,
      assigneeRole: null,
      claimedAt: null,
      escalated: false,
      round: 0,
      resubmissions: 0,
      deadlineKind: 'draft_inactivity',
      deadlineAt: '2027-01-19T00:00:00.000Z',
      slaDueAt: null,
      openReasons: [],
      changedFields: [],
      requestedCapabilities: ['qr_payments'],
      approvals: [],
      agreement: null,
      microDepositAttempts: 0,
      hold: null,
      registry: null,
      screeningHits: [],
      agreementVersion: '2026-01',
    });
  });

  it.each<[string, ApplicationState, Partial<ReadModel>]>([
    [
      'a claimed review: the assignee, and the SLA as deadline and as the queue’s due time',
      state({
        status: 'in_review',
        round: 1,
        submittedAt: T0,
        reviewStartedAt: T0,
        riskLevel: 'medium',
        findings: [{ code: 'uscc_mismatch', severity: 'warning', message: 'x' }],
        claim: { by: alice, at: '2026-11-20T01:00:00.000Z' },
        escalated: true,
      }),
      {
        status: 'in_review',
        riskLevel: 'medium',
        findings: [{ code: 'uscc_mismatch', severity: 'warning', message: 'x' }],
        assigneeId: 'alice',
        assigneeRole: 'reviewer',
        claimedAt: '2026-11-20T01:00:00.000Z',
        escalated: true,
        deadlineKind: 'review_sla',
        deadlineAt: '2026-11-22T00:00:00.000Z',
        slaDueAt: '2026-11-22T00:00:00.000Z',
      },
    ],
    [
      'a second approval pending: the first approval',
      state({
        status: 'awaiting_second_approval',
        reviewStartedAt: T0,
        approvals: [{ by: alice, at: T0 }],
      }),
      { approvals: [{ by: alice, at: T0 }], deadlineKind: 'review_sla', slaDueAt: '2026-11-22T00:00:00.000Z' },
    ],
    [
      'changes requested: the open reasons, the changed fields and the resubmission deadline (no SLA)',
      state({
        status: 'changes_requested',
        round: 2,
        resubmissions: 1,
        changesRequestedAt: T0,
        openReasons: [{ target: 'bankAccount', code: 'BANK_ACCOUNT_NAME_MISMATCH', message: 'm' }],
        lastChangedFields: ['bankAccount.accountNumber'],
      }),
      {
        round: 2,
        resubmissions: 1,
        openReasons: [{ target: 'bankAccount', code: 'BANK_ACCOUNT_NAME_MISMATCH', message: 'm' }],
        changedFields: ['bankAccount.accountNumber'],
        deadlineKind: 'resubmission',
        deadlineAt: '2026-12-20T00:00:00.000Z',
        slaDueAt: null,
      },
    ],
    [
      'bank verification: the micro-deposit’s attempts and window',
      state({ status: 'bank_verification', microDeposit: { transferId: 't-1', sentAt: T0, attempts: 2 } }),
      { microDepositAttempts: 2, deadlineKind: 'micro_deposit', deadlineAt: '2026-11-23T00:00:00.000Z' },
    ],
    [
      'bank verification before the deposit: no deadline, no attempts',
      state({ status: 'bank_verification' }),
      { microDepositAttempts: 0, deadlineKind: null, deadlineAt: null },
    ],
    [
      'an operations hold: the hold, no deadline',
      state({ status: 'on_hold', hold }),
      { status: 'on_hold', hold, deadlineKind: null, deadlineAt: null },
    ],
    ['a state recorded before holds existed: no hold', (({ hold: _, ...s }) => s)(base), { hold: null }],
    ['the registry’s answer the prechecks used', state({ registry: REGISTRY_ANSWER }), { registry: REGISTRY_ANSWER }],
    ['a state recorded before screening: no hits', (({ screeningHits: _, ...s }) => s)(base), { screeningHits: [] }],
    [
      'active: the agreement and the wallet',
      state({
        status: 'active',
        walletAccountId: '00000000-0000-4000-8000-0000000000aa',
        agreement: { version: '2026-01', acceptedAt: T0, signatory: 'Li Lei' },
      }),
      {
        walletAccountId: '00000000-0000-4000-8000-0000000000aa',
        agreement: { version: '2026-01', acceptedAt: T0, signatory: 'Li Lei' },
        deadlineKind: null,
      },
    ],
    [
      'rejected: the rejection',
      state({ status: 'rejected', rejection: { code: 'PROHIBITED_CATEGORY', message: 'no' } }),
      { rejection: { code: 'PROHIBITED_CATEGORY', message: 'no' } },
    ],
  ])('%s', (_, s, expected) => {
    expect(readModelOf(s)).toMatchObject(expected);
  });

  it('copies the lists, so a row never aliases the state it came from', () => {
    const s = state({ findings: [{ code: 'c', severity: 'info', message: 'm' }], lastChangedFields: ['x'] });
    const row = readModelOf(s);
    expect(row.findings).not.toBe(s.findings);
    expect(row.changedFields).not.toBe(s.lastChangedFields);
    expect(row.requestedCapabilities).not.toBe(s.requestedCapabilities);
  });
});

import {
  APPLICATION_STATUSES,
  allowedCommands,
  decide,
  isTerminal,
  RULES,
  type Actor,
  type ApplicationState,
  type ApplicationStatus,
  type Command,
  type CommandType,
  type Decision,
} from './application';
import { DomainErrorCode, isDomainError } from './domain-error';

const NOW = new Date('2026-11-22T10:00:00.000Z');
const merchant: Actor = { role: 'merchant', id: 'm-1' };
const otherMerchant: Actor = { role: 'merchant', id: 'm-2' };
const alice: Actor = { role: 'reviewer', id: 'alice' };
const bob: Actor = { role: 'senior_reviewer', id: 'bob' };
const carol: Actor = { role: 'senior_reviewer', id: 'carol' };
const admin: Actor = { role: 'admin', id: 'root' };
const system: Actor = { role: 'system', id: 'merchant-onboarding' };

function state(overrides: Partial<ApplicationState> = {}): ApplicationState {
  return {
    applicationId: '00000000-0000-4000-8000-000000000001',
    merchantId: merchant.id,
    status: 'draft',
    seq: 3,
    createdAt: '2026-11-20T00:00:00.000Z',
    updatedAt: '2026-11-20T00:00:00.000Z',
    profileRevision: 1,
    submittedAt: null,
    riskLevel: null,
    findings: [],
    approvals: [],
    rejection: null,
    walletAccountId: null,
    ...overrides,
  };
}

function ok(result: ReturnType<typeof decide>): Decision {
  if (isDomainError(result)) throw new Error(`expected a decision, got ${result.code}: ${result.message}`);
  return result;
}

/** One valid command of each type, issued by a role allowed to issue it. */
const SAMPLE: Record<Exclude<CommandType, 'create'>, Command> = {
  submit: { type: 'submit', actor: merchant },
  complete_prechecks: { type: 'complete_prechecks', actor: system, riskLevel: 'low', findings: [] },
  approve: { type: 'approve', actor: alice },
  reject: { type: 'reject', actor: alice, code: 'SUSPECTED_FRAUD', message: 'Documents are forged' },
  complete_activation: { type: 'complete_activation', actor: system, walletAccountId: 'w-1' },
  withdraw: { type: 'withdraw', actor: merchant },
  cancel: { type: 'cancel', actor: admin, reason: 'duplicate request' },
};

/** The target status of every legal (status, command) pair; everything absent is illegal. */
const LEGAL: Partial<Record<ApplicationStatus, Partial<Record<CommandType, ApplicationStatus>>>> = {
  draft: { submit: 'prechecking', withdraw: 'withdrawn', cancel: 'canceled' },
  prechecking: { complete_prechecks: 'in_review', withdraw: 'withdrawn', cancel: 'canceled' },
  in_review: { approve: 'activating', reject: 'rejected', withdraw: 'withdrawn', cancel: 'canceled' },
  awaiting_second_approval: { reject: 'rejected', withdraw: 'withdrawn', cancel: 'canceled' },
  changes_requested: { withdraw: 'withdrawn', cancel: 'canceled' },
  bank_verification: { withdraw: 'withdrawn', cancel: 'canceled' },
  agreement_pending: { withdraw: 'withdrawn', cancel: 'canceled' },
  activating: { complete_activation: 'active' },
};

describe('decide: every status × command', () => {
  const pairs = APPLICATION_STATUSES.flatMap((status) =>
    (Object.keys(SAMPLE) as (keyof typeof SAMPLE)[]).map((type) => [status, type] as const),
  );

  it.each(pairs)('%s + %s', (status, type) => {
    const expected = LEGAL[status]?.[type];
    const result = decide(state({ status }), SAMPLE[type], NOW);
    if (expected === undefined) {
      // approve from awaiting_second_approval is legal only for a senior reviewer: covered below.
      expect(isDomainError(result)).toBe(true);
      if (isDomainError(result)) {
        expect([DomainErrorCode.IllegalTransition, DomainErrorCode.NotPermitted]).toContain(result.code);
      }
    } else {
      const d = ok(result);
      expect(d.state.status).toBe(expected);
      expect(d.events).toHaveLength(1);
      expect(d.events[0]).toMatchObject({ seq: 4, status: expected, actor: SAMPLE[type].actor, at: NOW.toISOString() });
      expect(d.state.seq).toBe(4);
    }
  });

  it('terminal statuses accept nothing', () => {
    for (const status of APPLICATION_STATUSES.filter(isTerminal)) {
      for (const command of Object.values(SAMPLE)) {
        expect(isDomainError(decide(state({ status }), command, NOW))).toBe(true);
      }
    }
  });
});

describe('decide: rules', () => {
  it('create starts a draft with seq 1 and refuses an existing application', () => {
    const create: Command = {
      type: 'create',
      actor: merchant,
      applicationId: 'a-1',
      merchantId: merchant.id,
      profileRevision: 1,
    };
    const d = ok(decide(null, create, NOW));
    expect(d.state).toMatchObject({ status: 'draft', seq: 1, merchantId: merchant.id });
    expect(d.events[0]).toMatchObject({ type: 'application_created', seq: 1 });
    expect(decide(d.state, create, NOW)).toMatchObject({ code: DomainErrorCode.IllegalTransition });
  });

  it('only the owning merchant may act', () => {
    const result = decide(state(), { type: 'submit', actor: otherMerchant }, NOW);
    expect(result).toMatchObject({ code: DomainErrorCode.NotPermitted });
  });

  it('a role outside the rule is refused before the status is considered', () => {
    expect(decide(state({ status: 'in_review' }), { type: 'approve', actor: merchant }, NOW)).toMatchObject({
      code: DomainErrorCode.NotPermitted,
    });
    expect(decide(state(), { type: 'submit', actor: alice }, NOW)).toMatchObject({
      code: DomainErrorCode.NotPermitted,
    });
  });

  it('high risk needs a second approval from a different senior reviewer', () => {
    const first = ok(decide(state({ status: 'in_review', riskLevel: 'high' }), { type: 'approve', actor: bob }, NOW));
    expect(first.state.status).toBe('awaiting_second_approval');
    expect(first.events[0]!.type).toBe('second_approval_required');

    expect(decide(first.state, { type: 'approve', actor: bob }, NOW)).toMatchObject({
      code: DomainErrorCode.NotPermitted,
      details: { rule: 'four_eyes' },
    });
    expect(decide(first.state, { type: 'approve', actor: alice }, NOW)).toMatchObject({
      code: DomainErrorCode.NotPermitted,
    });
    const second = ok(decide(first.state, { type: 'approve', actor: carol }, NOW));
    expect(second.state.status).toBe('activating');
    expect(second.state.approvals.map((a) => a.by.id)).toEqual(['bob', 'carol']);
  });

  it('rejection with OTHER needs a message; the internal note stays in event data for staff', () => {
    const s = state({ status: 'in_review' });
    expect(decide(s, { type: 'reject', actor: alice, code: 'OTHER', message: '  ' }, NOW)).toMatchObject({
      code: DomainErrorCode.ValidationFailed,
    });
    const d = ok(decide(s, { type: 'reject', actor: alice, code: 'OTHER', message: 'Out of scope', note: 'x' }, NOW));
    expect(d.state.rejection).toEqual({ code: 'OTHER', message: 'Out of scope' });
    expect(d.events[0]!.data).toEqual({ code: 'OTHER', message: 'Out of scope', internalNote: 'x' });
  });

  it('prechecks record risk and findings', () => {
    const findings = [
      { code: 'INVALID_IDENTIFIER', severity: 'blocking' as const, message: 'bad', target: 'business.uscc' },
    ];
    const d = ok(
      decide(
        state({ status: 'prechecking' }),
        { type: 'complete_prechecks', actor: system, riskLevel: 'high', findings },
        NOW,
      ),
    );
    expect(d.state).toMatchObject({ status: 'in_review', riskLevel: 'high', findings });
  });
});

describe('allowedCommands', () => {
  it('agrees with decide for every status and role', () => {
    const actors: Actor[] = [merchant, alice, bob, admin, system];
    for (const status of APPLICATION_STATUSES) {
      for (const actor of actors) {
        const allowed = allowedCommands(status, actor.role);
        for (const type of Object.keys(SAMPLE) as (keyof typeof SAMPLE)[]) {
          const command = { ...SAMPLE[type], actor } as Command;
          const legal = !isDomainError(decide(state({ status }), command, NOW));
          expect({ status, role: actor.role, type, allowed: allowed.includes(type) }).toEqual({
            status,
            role: actor.role,
            type,
            allowed: legal,
          });
        }
      }
    }
  });

  it('never offers create on an existing application', () => {
    expect(RULES.create.from).toBe('none');
  });
});

/**
 * In-memory activities for workflow tests: the same idempotency contract as the real ones, with
 * knobs for the paths (precheck outcome, micro-deposit amount). Temporal itself is never faked.
 */
import { randomUUID } from 'node:crypto';
import type { ApplicationActivities, PrecheckActivityResult, RecordTransitionInput } from '@mo/contracts';
import type { DomainEvent } from '@mo/domain';

/** The prechecks' answer for a restricted MCC without an industry licence. */
export const RESTRICTED_WITHOUT_LICENCE: PrecheckActivityResult = {
  riskLevel: 'medium',
  findings: [],
  outcome: {
    kind: 'request_changes',
    reasons: [{ target: 'industry_license', code: 'RESTRICTED_CATEGORY_LICENSE_REQUIRED', message: 'upload it' }],
  },
};

export class FakeActivities {
  readonly events = new Map<string, DomainEvent[]>();
  readonly effects = new Map<string, Map<string, string>>();
  readonly calls = new Map<string, number>();
  precheck: PrecheckActivityResult = { riskLevel: 'low', findings: [], outcome: { kind: 'review' } };
  /** What the simulated bank sent, as the merchant would type it. */
  readonly microDepositAmount = '0.42';

  eventsOf(applicationId: string): DomainEvent[] {
    return [...(this.events.get(applicationId) ?? [])].sort((a, b) => a.seq - b.seq);
  }

  private once(applicationId: string, step: string): string {
    this.calls.set(step, (this.calls.get(step) ?? 0) + 1);
    const effects = this.effects.get(applicationId) ?? new Map<string, string>();
    this.effects.set(applicationId, effects);
    const existing = effects.get(step);
    if (existing !== undefined) return existing;
    const id = randomUUID();
    effects.set(step, id);
    return id;
  }

  readonly impl: ApplicationActivities = {
    recordTransition: async ({ events }: RecordTransitionInput) => {
      for (const e of events) {
        const list = this.events.get(e.applicationId) ?? [];
        if (!list.some((x) => x.seq === e.seq)) list.push(e);
        this.events.set(e.applicationId, list);
      }
    },
    runPrechecks: async () => this.precheck,
    sendMicroDeposit: async ({ applicationId, round }) => ({
      transferId: this.once(applicationId, `micro-deposit-${round}`),
    }),
    verifyMicroDeposit: async ({ amount }) => ({ matched: amount === this.microDepositAmount }),
    createWalletAccount: async ({ applicationId }) => ({ walletAccountId: this.once(applicationId, 'wallet') }),
    enableCapabilities: async ({ capabilities }) => ({ enabled: [...capabilities].sort().join(',') }),
    issueApiCredentials: async ({ applicationId }) => ({ credentialId: this.once(applicationId, 'credentials') }),
    assignFeePlan: async () => ({ feePlan: 'standard-2026' }),
  };
}

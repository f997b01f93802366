/**
 * In-memory activities for workflow tests: the same idempotency contract as the real ones, with
 * knobs for the paths (precheck outcome, micro-deposit amount). Temporal itself is never faked.
 */
import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import {
  TRANSITION_UNRECORDABLE,
  type ApplicationActivities,
  type PrecheckActivityResult,
  type RecordTransitionInput,
} from '@mo/contracts';
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

  /** Injected failures: application id → activity → [failure type, times left]. */
  private readonly faults = new Map<string, Map<keyof ApplicationActivities, [string, number]>>();

  /** Makes `activity` fail non-retryably for this application, `times` times (then it works again). */
  failFor(applicationId: string, activity: keyof ApplicationActivities, type: string, times = Infinity): void {
    const forApp = this.faults.get(applicationId) ?? new Map<keyof ApplicationActivities, [string, number]>();
    forApp.set(activity, [type, times]);
    this.faults.set(applicationId, forApp);
  }

  private fault(applicationId: string, activity: keyof ApplicationActivities): void {
    const fault = this.faults.get(applicationId)?.get(activity);
    if (fault === undefined || fault[1] <= 0) return;
    fault[1]--;
    throw ApplicationFailure.nonRetryable(`${activity} failed (injected)`, fault[0]);
  }

  /** Events PostgreSQL would refuse for their data, per application (see `refuseData`). */
  private readonly refused = new Map<string, (e: DomainEvent) => boolean>();

  /**
   * Makes every write of an event matching `refuses` fail as PostgreSQL refusing its data does with
   * the real writer (TRANSITION_UNRECORDABLE, each time), and a write with markers store it with a
   * marker instead of its data.
   */
  refuseData(applicationId: string, refuses: (e: DomainEvent) => boolean): void {
    this.refused.set(applicationId, refuses);
  }

  /** Writes held back, per application: a write matching is delayed by that many ms. */
  private readonly slow = new Map<string, [(input: RecordTransitionInput) => boolean, number]>();

  /** Makes every write of this application matching `matches` take `ms` longer (a later one overtakes it). */
  slowWrites(applicationId: string, matches: (input: RecordTransitionInput) => boolean, ms: number): void {
    this.slow.set(applicationId, [matches, ms]);
  }

  /** Logs seen with a gap right after a write (must stay empty). */
  readonly gaps: string[] = [];

  eventsOf(applicationId: string): DomainEvent[] {
    return [...(this.events.get(applicationId) ?? [])].sort((a, b) => a.seq - b.seq);
  }

  /**
   * Waits until the events up to `seq` are recorded: the workflow writes a transition after the
   * workflow task that commits it, so an Update can answer before its events are stored.
   */
  async recorded(applicationId: string, seq: number, timeoutMs = 10_000): Promise<DomainEvent[]> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const events = this.eventsOf(applicationId);
      if ((events[events.length - 1]?.seq ?? 0) >= seq) return events;
      if (Date.now() > deadline)
        throw new Error(`${applicationId}: events up to ${seq} not recorded (have ${events.length})`);
      await new Promise((r) => setTimeout(r, 20));
    }
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
    recordTransition: async (input: RecordTransitionInput) => {
      const { state, events: written, markUnrecordable } = input;
      this.fault(state.applicationId, 'recordTransition');
      const [slow, ms] = this.slow.get(state.applicationId) ?? [() => false, 0];
      if (slow(input)) await new Promise((r) => setTimeout(r, ms));
      const refuses = this.refused.get(state.applicationId) ?? (() => false);
      if (markUnrecordable !== true && written.some(refuses))
        throw ApplicationFailure.nonRetryable(
          "PostgreSQL refused the transition's data (SQLSTATE 22P05)",
          TRANSITION_UNRECORDABLE,
        );
      const events = written.map((e) => (refuses(e) ? { ...e, data: { unrecordable: true, reason: '22P05' } } : e));
      for (const e of events) {
        const list = this.events.get(e.applicationId) ?? [];
        if (!list.some((x) => x.seq === e.seq)) list.push(e);
        this.events.set(e.applicationId, list);
      }
      // Readers must never see a gap: after every write the log is 1..n.
      const seqs = this.eventsOf(state.applicationId).map((e) => e.seq);
      if (seqs.some((seq, i) => seq !== i + 1)) this.gaps.push(`${state.applicationId}: ${seqs.join(',')}`);
    },
    runPrechecks: async ({ applicationId }) => {
      this.fault(applicationId, 'runPrechecks');
      return this.precheck;
    },
    sendMicroDeposit: async ({ applicationId, round }) => {
      this.fault(applicationId, 'sendMicroDeposit');
      return { transferId: this.once(applicationId, `micro-deposit-${round}`) };
    },
    verifyMicroDeposit: async ({ applicationId, amount }) => {
      this.fault(applicationId, 'verifyMicroDeposit');
      return { matched: amount === this.microDepositAmount };
    },
    createWalletAccount: async ({ applicationId }) => {
      this.fault(applicationId, 'createWalletAccount');
      return { walletAccountId: this.once(applicationId, 'wallet') };
    },
    enableCapabilities: async ({ applicationId, capabilities }) => {
      this.fault(applicationId, 'enableCapabilities');
      return { enabled: [...capabilities].sort().join(',') };
    },
    issueApiCredentials: async ({ applicationId }) => {
      this.fault(applicationId, 'issueApiCredentials');
      return { credentialId: this.once(applicationId, 'credentials') };
    },
    assignFeePlan: async ({ applicationId }) => {
      this.fault(applicationId, 'assignFeePlan');
      return { feePlan: 'standard-2026' };
    },
  };
}

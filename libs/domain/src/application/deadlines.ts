/** Deadlines and timers: what the application runs against now, and what the engine does next. */
import { addDays, addHours } from '../policy';
import { SYSTEM_ACTOR, type ApplicationState, type Command, type DeadlineKind } from './model';

/** The deadline the application is running against now, if any. */
export function deadlineOf(s: ApplicationState): { kind: DeadlineKind; at: string } | null {
  switch (s.status) {
    case 'draft':
      return { kind: 'draft_inactivity', at: addDays(s.lastMerchantActivityAt, s.policy.draftInactivityDays) };
    case 'in_review':
    case 'awaiting_second_approval':
      return s.reviewStartedAt === null
        ? null
        : { kind: 'review_sla', at: addHours(s.reviewStartedAt, s.policy.reviewSlaHours) };
    case 'changes_requested':
      return s.changesRequestedAt === null
        ? null
        : { kind: 'resubmission', at: addDays(s.changesRequestedAt, s.policy.resubmissionWindowDays) };
    case 'bank_verification':
      return s.microDeposit === null
        ? null
        : { kind: 'micro_deposit', at: addDays(s.microDeposit.sentAt, s.policy.microDepositDays) };
    case 'agreement_pending':
      return s.agreementOfferedAt === null
        ? null
        : { kind: 'agreement', at: addDays(s.agreementOfferedAt, s.policy.agreementDays) };
    case 'prechecking':
    case 'activating':
    case 'on_hold':
    case 'active':
    case 'rejected':
    case 'withdrawn':
    case 'canceled':
    case 'expired':
      return null;
  }
}

/** The next thing a timer must do, and when; the workflow sleeps until then (or until a change). */
export function nextTimer(s: ApplicationState): { at: string; command: Command } | null {
  const deadline = deadlineOf(s);
  if (deadline === null) return null;
  switch (deadline.kind) {
    case 'review_sla':
      return s.escalated ? null : { at: deadline.at, command: { type: 'escalate_review', actor: SYSTEM_ACTOR } };
    case 'resubmission': {
      const reminder = [...s.policy.resubmissionReminderDays]
        .sort((a, b) => b - a)
        .find((days) => !s.remindersSent.includes(days) && addDays(deadline.at, -days) > (s.changesRequestedAt ?? ''));
      return reminder === undefined
        ? { at: deadline.at, command: { type: 'expire', actor: SYSTEM_ACTOR } }
        : {
            at: addDays(deadline.at, -reminder),
            command: { type: 'send_reminder', actor: SYSTEM_ACTOR, daysBefore: reminder },
          };
    }
    case 'micro_deposit':
      return { at: deadline.at, command: { type: 'close_micro_deposit_window', actor: SYSTEM_ACTOR } };
    case 'draft_inactivity':
    case 'agreement':
      return { at: deadline.at, command: { type: 'expire', actor: SYSTEM_ACTOR } };
  }
}

/** The work the engine itself must do next in this state (run as activities by the workflow). */
export type Automation = 'prechecks' | 'send_micro_deposit' | 'activation' | null;
export function automationFor(s: ApplicationState): Automation {
  if (s.status === 'prechecking') return 'prechecks';
  if (s.status === 'bank_verification' && s.microDeposit === null) return 'send_micro_deposit';
  if (s.status === 'activating') return 'activation';
  return null;
}

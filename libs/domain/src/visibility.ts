/** What merchants may see of their own application's events: the one rule, for the API and webhooks. */
import type { ActorRole, EventType } from './application';

const STAFF_ONLY_EVENTS: readonly EventType[] = [
  'internal_note_added',
  'application_claimed',
  'application_released',
  'application_reassigned',
  'review_escalated',
  // Screening is compliance's business: the merchant sees a rejection, never the list or the match.
  'screening_hit_resolved',
  'screening_hits_added',
  'merchant_screening_hit',
];
/**
 * `failure`: what an automated step reported when it failed (operators' business); `registry`: the
 * business registry's answer, evidence for the reviewers.
 */
const STAFF_ONLY_DATA = ['internalNote', 'findings', 'riskLevel', 'takenOverFrom', 'from', 'to', 'failure', 'registry'];

/** Null when the event is staff business; otherwise its data without internal fields. */
export function merchantVisibleData(
  type: EventType,
  data: Readonly<Record<string, unknown>>,
): Record<string, unknown> | null {
  if (STAFF_ONLY_EVENTS.includes(type)) return null;
  return Object.fromEntries(Object.entries(data).filter(([k]) => !STAFF_ONLY_DATA.includes(k)));
}

/** Merchants learn that "a reviewer" acted, never which one. */
export function merchantVisibleActor(role: ActorRole, id: string): { role: ActorRole; id?: string } {
  return role === 'merchant' ? { role, id } : { role };
}

/** Events a merchant is told about (outbox notification and webhook): its application's status changes and deadlines. */
export const MERCHANT_NOTIFIED_EVENTS: readonly EventType[] = [
  'application_submitted',
  'application_resubmitted',
  'application_approved',
  'changes_requested',
  'resubmission_reminder_sent',
  'application_rejected',
  'micro_deposit_sent',
  'bank_account_verified',
  'agreement_accepted',
  'application_activated',
  'application_withdrawn',
  'application_expired',
  'application_canceled',
];

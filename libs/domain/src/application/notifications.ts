/** Who is told of an event: the outbox's recipients (webhook deliveries follow the merchant's). */
import type { EventType } from './model';
import { MERCHANT_NOTIFIED_EVENTS } from '../visibility';

export type Recipient = 'merchant' | 'senior_reviewers';

/** Senior reviewers learn of an escalation; the merchant of its status changes and deadlines; nobody of the rest. */
export function recipientOf(type: EventType): Recipient | undefined {
  if (type === 'review_escalated') return 'senior_reviewers';
  return MERCHANT_NOTIFIED_EVENTS.includes(type) ? 'merchant' : undefined;
}

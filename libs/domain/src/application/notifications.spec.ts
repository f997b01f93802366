import { EVENT_TYPES, type EventType } from './model';
import { recipientOf, type Recipient } from './notifications';

/** Every event type, and who its outbox row goes to: a new event type must be decided here. */
const RECIPIENTS: Readonly<Record<EventType, Recipient | undefined>> = {
  application_created: undefined,
  draft_updated: undefined,
  application_submitted: 'merchant',
  application_resubmitted: 'merchant',
  prechecks_completed: undefined,
  application_claimed: undefined,
  application_released: undefined,
  application_reassigned: undefined,
  internal_note_added: undefined,
  review_escalated: 'senior_reviewers',
  first_approval_recorded: undefined,
  application_approved: 'merchant',
  changes_requested: 'merchant',
  resubmission_reminder_sent: 'merchant',
  application_rejected: 'merchant',
  micro_deposit_sent: 'merchant',
  micro_deposit_confirmation_failed: undefined,
  bank_account_verified: 'merchant',
  agreement_accepted: 'merchant',
  activation_step_completed: undefined,
  application_activated: 'merchant',
  operation_held: undefined,
  operation_resumed: undefined,
  screening_hit_resolved: undefined,
  screening_hits_added: undefined,
  // Written with its own senior reviewers' notification by the rescreen (not through recipientOf).
  merchant_screening_hit: undefined,
  application_withdrawn: 'merchant',
  application_canceled: 'merchant',
  application_expired: 'merchant',
};

describe('recipientOf', () => {
  it.each(EVENT_TYPES.map((type) => [type, RECIPIENTS[type]] as const))('%s notifies %s', (type, recipient) => {
    expect(recipientOf(type)).toBe(recipient);
  });

  it('never tells the merchant of staff business', () => {
    for (const type of ['internal_note_added', 'application_claimed', 'review_escalated'] as const) {
      expect(recipientOf(type)).not.toBe('merchant');
    }
  });
});

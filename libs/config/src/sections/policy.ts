/**
 * The lifecycle policy (timers and limits given to every new application's workflow) and the MCC
 * lists; defaults are the domain's, from product.md.
 */
import { DEFAULT_MCC_POLICY, DEFAULT_POLICY, type LifecyclePolicy, type MccPolicy } from '@mo/domain';
import type { Reader } from '../reader';

export function readPolicy(read: Reader): LifecyclePolicy {
  const d = DEFAULT_POLICY;
  return {
    resubmissionWindowDays: read.positive('RESUBMISSION_WINDOW_DAYS', d.resubmissionWindowDays),
    resubmissionReminderDays: read
      .list('RESUBMISSION_REMINDER_DAYS', d.resubmissionReminderDays.map(String), /^\d+$/)
      .map(Number),
    reviewSlaHours: read.positive('REVIEW_SLA_HOURS', d.reviewSlaHours),
    microDepositDays: read.positive('MICRO_DEPOSIT_DAYS', d.microDepositDays),
    microDepositAttempts: read.positive('MICRO_DEPOSIT_ATTEMPTS', d.microDepositAttempts),
    agreementDays: read.positive('AGREEMENT_DAYS', d.agreementDays),
    draftInactivityDays: read.positive('DRAFT_INACTIVITY_DAYS', d.draftInactivityDays),
    maxResubmissions: read.positive('MAX_RESUBMISSIONS', d.maxResubmissions),
    claimIdleMinutes: read.positive('CLAIM_IDLE_MINUTES', d.claimIdleMinutes),
    agreementVersion: read.string('AGREEMENT_VERSION', d.agreementVersion),
  };
}

export function readMcc(read: Reader): MccPolicy {
  return {
    prohibited: read.list('MCC_PROHIBITED', DEFAULT_MCC_POLICY.prohibited, /^\d{4}$/),
    restricted: read.list('MCC_RESTRICTED', DEFAULT_MCC_POLICY.restricted, /^\d{4}$/),
  };
}

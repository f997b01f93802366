/** Lifecycle policy: timers and limits (product.md defaults), fixed per application at creation. */

export interface LifecyclePolicy {
  readonly resubmissionWindowDays: number;
  /** Reminders this many days before the resubmission deadline. */
  readonly resubmissionReminderDays: readonly number[];
  readonly reviewSlaHours: number;
  readonly microDepositDays: number;
  readonly microDepositAttempts: number;
  readonly agreementDays: number;
  readonly draftInactivityDays: number;
  /** After this many resubmissions the next request for changes is a final rejection. */
  readonly maxResubmissions: number;
  /** A claim left idle this long may be taken by another reviewer. */
  readonly claimIdleMinutes: number;
  readonly agreementVersion: string;
}

export const DEFAULT_POLICY: LifecyclePolicy = {
  resubmissionWindowDays: 30,
  resubmissionReminderDays: [7, 1],
  reviewSlaHours: 48,
  microDepositDays: 3,
  microDepositAttempts: 3,
  agreementDays: 14,
  draftInactivityDays: 60,
  maxResubmissions: 5,
  claimIdleMinutes: 30,
  agreementVersion: '2026-01',
};

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
export const addHours = (iso: string, hours: number): string => new Date(Date.parse(iso) + hours * HOUR).toISOString();
export const addDays = (iso: string, days: number): string => new Date(Date.parse(iso) + days * DAY).toISOString();
export const addMinutes = (iso: string, minutes: number): string =>
  new Date(Date.parse(iso) + minutes * 60_000).toISOString();

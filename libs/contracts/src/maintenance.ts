/** Housekeeping run by Temporal Schedules the worker creates at start. */
export const PURGE_IDEMPOTENCY_KEYS_WORKFLOW_TYPE = 'purgeIdempotencyKeysWorkflow';
/** One schedule per task queue (the queue its workflow runs on). */
export const purgeIdempotencyKeysScheduleId = (taskQueue: string): string => `purge-idempotency-keys:${taskQueue}`;

export interface MaintenanceActivities {
  /** Deletes Idempotency-Keys past their 24 hours, in bounded batches; idempotent by nature. */
  purgeExpiredIdempotencyKeys(): Promise<{ deleted: number }>;
}

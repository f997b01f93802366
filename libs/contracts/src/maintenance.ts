/** Housekeeping run by Temporal Schedules the worker creates at start. */
export const PURGE_IDEMPOTENCY_KEYS_WORKFLOW_TYPE = 'purgeIdempotencyKeysWorkflow';
/** One schedule per task queue (the queue its workflow runs on). */
export const purgeIdempotencyKeysScheduleId = (taskQueue: string): string => `purge-idempotency-keys:${taskQueue}`;

export interface MaintenanceActivities {
  /** Deletes Idempotency-Keys past their 24 hours, in bounded batches; idempotent by nature. */
  purgeExpiredIdempotencyKeys(): Promise<{ deleted: number }>;
}

export const RESCREENING_WORKFLOW_TYPE = 'rescreeningWorkflow';
/** One rescreening schedule per task queue. */
export const rescreeningScheduleId = (taskQueue: string): string => `rescreening:${taskQueue}`;

export interface ScreeningListsLoaded {
  readonly listVersion: string;
  readonly entryCount: number;
  /** Open applications and live merchants have not been rescreened against this version yet. */
  readonly changed: boolean;
}
export interface RescreenBatch {
  readonly listVersion: string;
  /** The last application id of the previous batch (null: from the start). */
  readonly after: string | null;
  readonly limit: number;
}
export interface RescreenBatchResult {
  /** Where the next batch starts; null when this was the last. */
  readonly next: string | null;
  readonly screened: number;
  /** New hits: added to open applications, or recorded on live merchants. */
  readonly added: number;
}

/** Rescreening: reload the lists and, when their version is new, screen every open application and live merchant again. */
export interface RescreeningActivities {
  reloadScreeningLists(): Promise<ScreeningListsLoaded>;
  /** One batch, idempotent: hits are keyed by hitId, so a retried batch adds nothing twice. */
  rescreenBatch(input: RescreenBatch): Promise<RescreenBatchResult>;
  markRescreened(input: { readonly listVersion: string }): Promise<void>;
}

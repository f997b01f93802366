/**
 * Retrying an Update whose outcome the server could not give. The server aborts an admitted Update
 * when the workflow's update registry is cleared (its workflow task failed or the run was evicted),
 * rejects one a workflow task left unhandled, and the call can time out while the workflow is busy.
 * Under many concurrent Updates with a local activity in flight, SDK core 1.24 meets a new workflow
 * task while it still holds one ("Trying to send a new WFT for a run which already has one!", a known
 * core admission race) and the server then aborts or rejects the Updates in that task (seen while
 * transitions were written by a local activity; kept for any abort). Neither means the Update was refused: sent
 * again with the same Update id it is applied at most once (the server dedupes by id), and answers
 * with the first outcome if it had been applied meanwhile.
 */
import {
  isGrpcServiceError,
  ServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/** gRPC status ABORTED (the code the server gives an aborted Update). */
const GRPC_ABORTED = 10;

export interface UpdateRetryOptions {
  /** Attempts in all, the first one included. */
  readonly attempts: number;
  /** Delay before the second attempt; doubles after each, up to `maxDelayMs`, with jitter (half fixed, half random). */
  readonly initialDelayMs: number;
  readonly maxDelayMs?: number;
}

/**
 * Up to ~6 s of retries in all. Jitter spreads the callers an abort hit together (50 concurrent
 * decisions are aborted as one batch when the workflow task fails), so they do not come back as one.
 */
export const DEFAULT_UPDATE_RETRY: UpdateRetryOptions = { attempts: 10, initialDelayMs: 50, maxDelayMs: 1000 };

/**
 * The server's rejection of an Update that a workflow task completed without handling (its
 * `UnprocessedUpdate` failure). The Update never ran, and a rejected Update id is not kept, so the
 * same id can be sent again.
 */
const UNPROCESSED_UPDATE = 'UnprocessedUpdate';

/** True for an answer that says nothing about the Update's outcome and is safe to ask again. */
export function isRetryableUpdateError(err: unknown): boolean {
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
  if (err instanceof WorkflowUpdateFailedError) {
    return err.cause instanceof ApplicationFailure && err.cause.type === UNPROCESSED_UPDATE;
  }
  const cause = err instanceof ServiceError ? err.cause : err;
  if (!isGrpcServiceError(cause)) return false;
  // Servers 1.29 answer an aborted Update with UNAVAILABLE and this message; newer ones with ABORTED.
  // The workflow task carrying the Update failed or was dropped (FAILED_PRECONDITION, "unexpected
  // workflow task failure"; seen when an activity completion races a speculative workflow task): the
  // Update was not accepted, so it too can be sent again.
  return (
    Number(cause.code) === GRPC_ABORTED ||
    /update was aborted|workflow is closing|unexpected workflow task failure/i.test(cause.details ?? '')
  );
}

/**
 * Runs `call` (which must carry a fixed Update id) until it answers or fails for a reason other than
 * an abort or timeout; `onRetry` is told of each retry (for a metric).
 */
export async function withUpdateRetries<T>(
  call: () => Promise<T>,
  options: UpdateRetryOptions = DEFAULT_UPDATE_RETRY,
  onRetry: (err: unknown, attempt: number) => void = () => undefined,
): Promise<T> {
  let delay = options.initialDelayMs;
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      if (attempt >= options.attempts || !isRetryableUpdateError(err)) throw err;
      onRetry(err, attempt);
      await new Promise((resolve) => setTimeout(resolve, delay / 2 + Math.random() * (delay / 2)));
      delay = Math.min(delay * 2, options.maxDelayMs ?? Number.POSITIVE_INFINITY);
    }
  }
}

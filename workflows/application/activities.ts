/**
 * The activities the application workflow calls, with their timeouts and retries, and what their
 * failures say: shared by the recorder and the automated steps.
 */
import {
  ActivityFailure,
  ApplicationFailure,
  metricMeter,
  proxyActivities,
  TimeoutFailure,
} from '@temporalio/workflow';
import type { OperationFailure } from '@mo/domain';
import type { ApplicationActivities } from '@mo/contracts';

// Recording an event must never be dropped: it retries until PostgreSQL takes it.
export const recordRetry = {
  initialInterval: '500 milliseconds',
  maximumInterval: '30 seconds',
  backoffCoefficient: 2,
};
/**
 * Transitions are written by an activity scheduled in the workflow task that commits them: a quick
 * write, so a short timeout; an attempt lost with its worker is retried on another one within
 * seconds (the API's wait for the read model outlasts it).
 */
export const { recordTransition: recordCommitted } = proxyActivities<ApplicationActivities>({
  startToCloseTimeout: '5 seconds',
  retry: recordRetry,
});
/** The automated steps' activities. */
export const activities = proxyActivities<ApplicationActivities>({
  // Short: these are quick database writes, and a crashed worker's attempt is retried elsewhere
  // only once this runs out.
  startToCloseTimeout: '15 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', backoffCoefficient: 2 },
});

// Emitted through the worker's Runtime telemetry (Prometheus/OTel when the worker configures them).
export const operationFailures = metricMeter.createCounter(
  'merchant_onboarding_operation_failures',
  '1',
  'Automated steps that failed for good (the application went on hold or back to the merchant)',
);

/** What an activity failure says, for the domain's `operation_failed`; null if it is not one. */
export function failureOf(err: unknown): OperationFailure | null {
  // A local activity's failure arrives unwrapped (its ApplicationFailure, or the timeout).
  if (err instanceof ApplicationFailure || err instanceof TimeoutFailure) {
    return {
      type: err instanceof ApplicationFailure ? (err.type ?? 'ApplicationFailure') : 'Timeout',
      message: err.message,
    };
  }
  if (!(err instanceof ActivityFailure)) return null;
  const cause = err.cause;
  const type =
    cause instanceof ApplicationFailure ? (cause.type ?? 'ApplicationFailure') : (cause?.name ?? 'ActivityFailure');
  return { type, message: cause?.message ?? err.message };
}

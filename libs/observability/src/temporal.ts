/** Tracing and metrics hooked into the Temporal client and worker. */
import type { Context as ActivityContext } from '@temporalio/activity';
import type {
  Next,
  WorkflowClientInterceptor,
  WorkflowStartUpdateInput,
  WorkflowStartUpdateOutput,
  WorkflowStartUpdateWithStartInput,
  WorkflowStartUpdateWithStartOutput,
} from '@temporalio/client';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  OpenTelemetryWorkflowClientInterceptor,
  type OpenTelemetryWorkflowExporter,
} from '@temporalio/interceptors-opentelemetry';
import type { ActivityInboundCallsInterceptor, ActivityInterceptorsFactory, InjectedSinks } from '@temporalio/worker';
import { temporalUpdateDuration, temporalUpdateFailures } from './metrics';
import { redactedError } from './redact-error';
import { tracingResource, workflowSpanProcessor } from './tracing';

/** The workflow-side interceptors module, bundled with the workflows (see workflowBundleOptions). */
export const WORKFLOW_TRACING_MODULE =
  require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors');

/** Times every Update the client sends and counts those that fail. */
export class UpdateMetricsInterceptor implements WorkflowClientInterceptor {
  async startUpdate(
    input: WorkflowStartUpdateInput,
    next: Next<WorkflowClientInterceptor, 'startUpdate'>,
  ): Promise<WorkflowStartUpdateOutput> {
    return observeUpdate(input.updateName, () => next(input));
  }

  async startUpdateWithStart(
    input: WorkflowStartUpdateWithStartInput,
    next: Next<WorkflowClientInterceptor, 'startUpdateWithStart'>,
  ): Promise<WorkflowStartUpdateWithStartOutput> {
    return observeUpdate(input.updateName, () => next(input));
  }
}

async function observeUpdate<T extends { readonly outcome?: unknown } | { readonly updateOutcome?: unknown }>(
  update: string,
  run: () => Promise<T>,
): Promise<T> {
  const stop = temporalUpdateDuration.startTimer({ update });
  try {
    const output = await run();
    const outcome = (
      'outcome' in output ? output.outcome : 'updateOutcome' in output ? output.updateOutcome : undefined
    ) as { failure?: unknown } | undefined;
    const rejected = outcome?.failure != null;
    stop({ outcome: rejected ? 'rejected' : 'completed' });
    if (rejected) temporalUpdateFailures.inc({ update, reason: 'rejected' });
    return output;
  } catch (err) {
    stop({ outcome: 'error' });
    temporalUpdateFailures.inc({ update, reason: 'error' });
    throw err;
  }
}

/** Client interceptors for the API's Temporal client: trace propagation and Update metrics. */
export function clientInterceptors(): WorkflowClientInterceptor[] {
  return [new OpenTelemetryWorkflowClientInterceptor(), new UpdateMetricsInterceptor()];
}

/**
 * Counts each activity's outcome through the worker's metric meter (so it is exported with the
 * SDK's own metrics): merchant_onboarding_activity_outcomes{activity_type, outcome}.
 */
export function activityOutcomes(ctx: ActivityContext): ActivityInboundCallsInterceptor {
  return {
    async execute(input, next) {
      const outcomes = ctx.metricMeter.createCounter(
        'merchant_onboarding_activity_outcomes',
        'attempts',
        'Activity attempts by outcome (completed, failed, canceled)',
      );
      try {
        const result = await next(input);
        outcomes.add(1, { outcome: 'completed' });
        return result;
      } catch (err) {
        outcomes.add(1, { outcome: ctx.cancellationSignal.aborted ? 'canceled' : 'failed' });
        throw err;
      }
    },
  };
}

const observabilityActivityInterceptors: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
  outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
});
const outcomeInterceptors: ActivityInterceptorsFactory = (ctx) => ({ inbound: activityOutcomes(ctx) });

/** Activity interceptors: tracing (spans linked to the workflow's) and outcome metrics. */
export function observedActivities(): ActivityInterceptorsFactory[] {
  return [observabilityActivityInterceptors, outcomeInterceptors, redactingInterceptors];
}

/**
 * Innermost: an activity's driver error (a failed write: its message, detail and SQL parameters
 * quote event data) leaves the activity redacted, so neither the span, the SDK's "Activity failed"
 * line nor the failure Temporal records carries it (the SDK turns it into an ApplicationFailure of
 * the same type before any converter sees it).
 */
const redactingInterceptors: ActivityInterceptorsFactory = () => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (err) {
        throw redactedError(err);
      }
    },
  },
});

/**
 * The `exporter` sink the bundled workflow interceptors send their spans to: this process's span
 * processor, or nowhere when tracing is off.
 */
export function workflowTracingSinks(): InjectedSinks<{ exporter: OpenTelemetryWorkflowExporter }> {
  return { exporter: makeWorkflowExporter(workflowSpanProcessor(), tracingResource()) };
}

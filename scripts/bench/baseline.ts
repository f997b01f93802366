/**
 * Raw Temporal on the same server: the baseline workflow's worker (in this process, on a task
 * queue of its own) and its client, plus the history counts that give the baseline its shape.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection, WithStartWorkflowOperation, WorkflowIdConflictPolicy } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { bundleWorkflowCode, NativeConnection, Worker } from '@temporalio/worker';
import { workflowIdFor } from '@mo/contracts';
import { temporalConnectionOptionsFromEnv } from '@mo/temporal';
import { baselineStepUpdate, type BaselineActivities, type BaselineShape } from './baseline.workflow';

const EventType = temporal.api.enums.v1.EventType;

export interface HistoryCounts extends BaselineShape {
  readonly events: number;
  readonly timersCanceled: number;
  readonly timersFired: number;
  readonly durationMs: number;
  /** Where the time went: milliseconds from the previous event to each event, summed by type. */
  readonly waitBeforeMs: Readonly<Record<string, number>>;
}

/** Counts what the baseline has to mirror in a workflow's history. */
export async function countHistory(client: Client, workflowId: string): Promise<HistoryCounts> {
  const history = await client.workflow.getHandle(workflowId).fetchHistory();
  const events = history.events ?? [];
  const count = (type: temporal.api.enums.v1.EventType): number => events.filter((e) => e.eventType === type).length;
  const waitBeforeMs: Record<string, number> = {};
  const at = (e: (typeof events)[number]): number =>
    Number(e.eventTime?.seconds ?? 0) * 1000 + (e.eventTime?.nanos ?? 0) / 1e6;
  for (let i = 1; i < events.length; i++) {
    const name = (EventType[events[i]!.eventType ?? 0] ?? 'UNKNOWN').replace(/^EVENT_TYPE_/, '');
    waitBeforeMs[name] = Math.round(((waitBeforeMs[name] ?? 0) + at(events[i]!) - at(events[i - 1]!)) * 10) / 10;
  }
  return {
    events: events.length,
    durationMs: events.length > 0 ? Math.round(at(events.at(-1)!) - at(events[0]!)) : 0,
    waitBeforeMs,
    updates: count(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED),
    activities: count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED),
    // A local activity leaves a marker (the SDK's own marker name) instead of scheduled/started events.
    localActivities: events.filter(
      (e) =>
        e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED &&
        e.markerRecordedEventAttributes?.markerName === 'core_local_activity',
    ).length,
    timers: count(EventType.EVENT_TYPE_TIMER_STARTED),
    timersCanceled: count(EventType.EVENT_TYPE_TIMER_CANCELED),
    timersFired: count(EventType.EVENT_TYPE_TIMER_FIRED),
  };
}

export const lifecycleWorkflowId = workflowIdFor;

export interface Baseline {
  readonly client: Client;
  readonly taskQueue: string;
  /** One baseline "lifecycle": start with the first update, the other updates, then the result. */
  run(shape: BaselineShape): Promise<string>;
  stop(): Promise<void>;
}

export async function startBaseline(address: string, namespace = 'default'): Promise<Baseline> {
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('./baseline.workflow'),
    logger: {
      log: () => undefined,
      trace: () => undefined,
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: () => undefined,
    },
  });
  const taskQueue = `mo-bench-baseline-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect(temporalConnectionOptionsFromEnv(address));
  const activities: BaselineActivities = { noop: async () => undefined, localNoop: async () => undefined };
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace,
    taskQueue,
    workflowBundle: { code },
    activities,
  });
  let stopWorker: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stopWorker = resolve));
  const running = worker.runUntil(stopped);
  const connection = await Connection.connect(temporalConnectionOptionsFromEnv(address));
  const client = new Client({ connection, namespace });

  return {
    client,
    taskQueue,
    run: async (shape) => {
      const workflowId = `mo-bench-baseline-${randomUUID()}`;
      const start = new WithStartWorkflowOperation('baselineWorkflow', {
        workflowId,
        taskQueue,
        args: [shape],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
      await client.workflow.executeUpdateWithStart(baselineStepUpdate, { startWorkflowOperation: start });
      const handle = await start.workflowHandle();
      for (let i = 1; i < shape.updates; i++) await handle.executeUpdate(baselineStepUpdate);
      await handle.result();
      return workflowId;
    },
    stop: async () => {
      stopWorker();
      await running;
      await nativeConnection.close();
      await connection.close();
    },
  };
}

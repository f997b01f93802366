/**
 * Raw Temporal on the same server: the baseline workflow's worker (a process of its own, tuned like
 * the real worker, on a task queue of its own) and its client, plus the history counts that give
 * the baseline its shape.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection, WithStartWorkflowOperation, WorkflowIdConflictPolicy } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { WORKER_NODE_FLAGS } from '@mo/config';
import { workflowIdFor } from '@mo/contracts';
import { temporalConnectionOptionsFromEnv } from '@mo/temporal';
import { baselineStepUpdate, type BaselineShape } from './baseline.workflow';

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
    writes: events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordTransition')
      .length,
    // The patch marker of transitions written after their commit (see the workflow).
    writeAfterCommit: events.some(
      (e) =>
        e.eventType === EventType.EVENT_TYPE_MARKER_RECORDED &&
        (e.markerRecordedEventAttributes?.details?.['patch-data']?.payloads ?? []).some((p) =>
          Buffer.from(p.data ?? [])
            .toString()
            .includes('record-transition-after-commit'),
        ),
    ),
    timersCanceled: count(EventType.EVENT_TYPE_TIMER_CANCELED),
    timersFired: count(EventType.EVENT_TYPE_TIMER_FIRED),
  };
}

export const lifecycleWorkflowId = workflowIdFor;

export interface Baseline {
  readonly client: Client;
  readonly taskQueue: string;
  /** The baseline worker process (for its memory). */
  readonly process: ChildProcess;
  /**
   * One baseline "lifecycle": start with the first update, the other updates, then the result;
   * `timed` gets the duration in ms of each update after the first (which also starts the workflow).
   */
  run(shape: BaselineShape, timed?: (ms: number) => void): Promise<string>;
  stop(): Promise<void>;
}

export interface BaselineOptions {
  readonly address: string;
  /** The real worker's environment: the baseline worker reads its tuning from the same variables. */
  readonly env: Readonly<Record<string, string>>;
  /** The real worker's node flags. */
  readonly nodeArgs?: readonly string[];
  readonly namespace?: string;
  readonly log?: (line: string) => void;
}

/**
 * Starts the baseline worker as its own process (dist/scripts/bench/baseline-worker.js) on a task
 * queue of its own, with the real worker's environment and node flags, and a client for it.
 */
export async function startBaseline(options: BaselineOptions): Promise<Baseline> {
  const namespace = options.namespace ?? 'default';
  const taskQueue = `mo-bench-baseline-${randomUUID()}`;
  const child = spawn(
    process.execPath,
    ['--enable-source-maps', ...WORKER_NODE_FLAGS, ...(options.nodeArgs ?? []), join(__dirname, 'baseline-worker.js')],
    {
      env: { ...process.env, ...options.env, TEMPORAL_TASK_QUEUE: taskQueue },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stderr.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) options.log?.(`[baseline worker] ${line}`);
  });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`baseline worker exited with ${code} before it was ready`)));
  });
  const connection = await Connection.connect(temporalConnectionOptionsFromEnv(options.address));
  const client = new Client({ connection, namespace });

  return {
    client,
    taskQueue,
    process: child,
    run: async (shape, timed) => {
      const workflowId = `mo-bench-baseline-${randomUUID()}`;
      const start = new WithStartWorkflowOperation('baselineWorkflow', {
        workflowId,
        taskQueue,
        args: [shape],
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
      await client.workflow.executeUpdateWithStart(baselineStepUpdate, { startWorkflowOperation: start });
      const handle = await start.workflowHandle();
      for (let i = 1; i < shape.updates; i++) {
        const t = performance.now();
        await handle.executeUpdate(baselineStepUpdate);
        timed?.(performance.now() - t);
      }
      await handle.result();
      return workflowId;
    },
    stop: async () => {
      await connection.close();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

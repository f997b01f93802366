/**
 * The webhook delivery workflow on the real Temporal dev server with in-memory activities: an
 * endpoint whose circuit is open is deferred (retried when the activity says) without spending the
 * delivery's attempts, and a delivery that gave up stops retrying.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { type NativeConnection, Worker } from '@temporalio/worker';
import {
  WEBHOOK_CIRCUIT_OPEN,
  WEBHOOK_DELIVERY_EXHAUSTED,
  WEBHOOK_WORKFLOW_TYPE,
  type WebhookActivities,
  type WebhookEventRef,
} from '@mo/contracts';
import { workflowTracingSinks } from '@mo/observability';
import { connectClient, connectWorker, sourceWorkflowBundle, uniqueTaskQueue } from '../support/temporal';

let client: Client;
let connection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let taskQueue: string;
/** Per endpoint: what each call of deliverWebhook does, in order (then it succeeds). */
const script = new Map<string, ('defer' | 'fail' | 'exhausted')[]>();
const calls = new Map<string, number>();

const activities: WebhookActivities = {
  webhookTargets: async () => [...script.keys()],
  deliverWebhook: async ({ endpointId }) => {
    const n = calls.get(endpointId) ?? 0;
    calls.set(endpointId, n + 1);
    const step = script.get(endpointId)?.[n];
    if (step === 'defer') {
      throw ApplicationFailure.create({ type: WEBHOOK_CIRCUIT_OPEN, message: 'circuit open', nextRetryDelay: 20 });
    }
    if (step === 'exhausted') throw ApplicationFailure.nonRetryable('gave up', WEBHOOK_DELIVERY_EXHAUSTED);
    if (step === 'fail') throw ApplicationFailure.create({ message: 'endpoint answered 503', nextRetryDelay: 20 });
  },
};

beforeAll(async () => {
  client = await connectClient();
  connection = await connectWorker();
  taskQueue = uniqueTaskQueue('webhook-delivery');
  worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: await sourceWorkflowBundle(),
    activities,
    sinks: workflowTracingSinks(),
  });
  running = worker.run();
});
afterAll(async () => {
  worker.shutdown();
  await running;
  await connection.close();
  await client.connection.close();
});

/** RECORD_HISTORIES=1 adds the history for the replay test (never rewrites one). */
async function recordHistory(name: string, workflowId: string): Promise<void> {
  const file = join(__dirname, '..', 'histories', `${name}.json`);
  if (process.env.RECORD_HISTORIES !== '1' || existsSync(file)) return;
  writeFileSync(file, historyToJSON(await client.workflow.getHandle(workflowId).fetchHistory()));
}

const event = (): WebhookEventRef => ({
  applicationId: randomUUID(),
  merchantId: 'm',
  seq: 2,
  type: 'application_submitted',
});

describe('webhook delivery workflow', () => {
  it('a deferred endpoint (open circuit) keeps its attempts: 20 deferrals, then delivered; one that gave up stops', async () => {
    script.clear();
    calls.clear();
    script.set('deferred', [...Array<'defer'>(20).fill('defer'), 'fail']);
    script.set('given-up', ['fail', 'exhausted', 'fail']);
    const workflowId = `webhook-test-${randomUUID()}`;
    const result = await client.workflow.execute(WEBHOOK_WORKFLOW_TYPE, {
      workflowId,
      taskQueue,
      args: [event()],
      workflowExecutionTimeout: '50 seconds',
    });
    expect(result).toEqual({ delivered: 1, failed: 1 });
    expect(Object.fromEntries(calls)).toEqual({ deferred: 22, 'given-up': 2 });
    await recordHistory('webhook-delivery-circuits', workflowId);
  }, 60_000);
});

/**
 * A normal lifecycle never fails a workflow task: a failed task costs a full replay of the history
 * and hides real non-determinism. Every path is driven over HTTP on the real stack, the workflow is
 * awaited to its close, and its real history is read back from Temporal.
 */
import { temporal } from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../support/database';
import { createApplicationBody } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;

beforeAll(async () => {
  stack = await startStack('workflow-tasks');
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack.stop();
  await db.destroy();
});

const EventType = temporal.api.enums.v1.EventType;
const merchantId = (name: string): string => `${name}-${Math.random().toString(36).slice(2, 8)}`;

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

/** Waits for the workflow to close; its real history. */
async function closedHistory(id: string): Promise<HistoryEvent[]> {
  const handle = stack.temporal.workflow.getHandle(`merchant-application:${id}`);
  await handle.result();
  return (await handle.fetchHistory()).events ?? [];
}
const typesOf = (events: HistoryEvent[]): temporal.api.enums.v1.EventType[] => events.map((e) => e.eventType!);

/** The most recordTransition activities one workflow task scheduled. */
function mostWritesPerTask(events: HistoryEvent[]): number {
  const perTask = new Map<string, number>();
  for (const e of events) {
    const scheduled = e.activityTaskScheduledEventAttributes;
    if (scheduled?.activityType?.name !== 'recordTransition') continue;
    const task = String(scheduled.workflowTaskCompletedEventId);
    perTask.set(task, (perTask.get(task) ?? 0) + 1);
  }
  return Math.max(0, ...perTask.values());
}

const failedTasks = (types: temporal.api.enums.v1.EventType[]): number =>
  types.filter((t) => t === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED).length;

describe('no failed workflow task in a normal lifecycle', () => {
  it('happy path to active: completed, no WorkflowTaskFailed', async () => {
    const m = merchantId('tasks-happy');
    const id = await http.inBankVerification(m);
    await http.post(
      'merchant',
      m,
      `/v1/applications/${id}/bank-verification`,
      { amount: await http.microDepositAmount(id) },
      200,
    );
    await http.acceptAgreement(m, id);
    await http.eventually(id, (v) => v.status === 'active', 'merchant', m);
    const events = await closedHistory(id);
    const types = typesOf(events);
    expect(types[types.length - 1]).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    // The suspected case is there: the last activation step and complete_activation commit in one
    // workflow task, which schedules both writes.
    expect(mostWritesPerTask(events)).toBe(2);
    expect(failedTasks(types)).toBe(0);
  });

  it('request changes → resubmit → reject: completed, no WorkflowTaskFailed', async () => {
    const m = merchantId('tasks-resubmit');
    const id = await http.inReview(m);
    await http.post(
      'reviewer',
      'alice',
      `/v1/applications/${id}/decisions`,
      {
        decision: 'request_changes',
        reasons: [{ target: 'business_license', code: 'DOCUMENT_EXPIRED', message: 'The licence expired in 2025' }],
      },
      200,
    );
    const licence = await http.upload(m, id, 'business_license');
    await http.post(
      'merchant',
      m,
      `/v1/applications/${id}/resubmit`,
      { changes: {}, documents: { business_license: licence.id } },
      200,
    );
    await http.eventually(id, (v) => v.status === 'in_review');
    await http.post('reviewer', 'alice', `/v1/applications/${id}/claim`, {}, 200);
    await http.post(
      'reviewer',
      'alice',
      `/v1/applications/${id}/decisions`,
      { decision: 'reject', code: 'SUSPECTED_FRAUD', message: 'The licence does not match the registry' },
      200,
    );
    const types = typesOf(await closedHistory(id));
    expect(types[types.length - 1]).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    expect(failedTasks(types)).toBe(0);
  });

  it('rejected by the prechecks, and withdrawn as a draft: completed, no WorkflowTaskFailed', async () => {
    const m = merchantId('tasks-short');
    const prohibited = await http.completeDraft(
      m,
      createApplicationBody({ business: { ...(createApplicationBody().business as object), mcc: '7995' } }),
    );
    await http.post('merchant', m, `/v1/applications/${prohibited}/submit`, {}, 200);
    const draft = await http.post('merchant', m, '/v1/applications', createApplicationBody(), 201);
    await http.post('merchant', m, `/v1/applications/${draft.body.id as string}/withdraw`, { reason: 'not now' }, 200);
    for (const id of [prohibited, draft.body.id as string]) {
      const types = typesOf(await closedHistory(id));
      expect(types[types.length - 1]).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
      expect(failedTasks(types)).toBe(0);
    }
  });

  it('three wrong micro-deposit amounts → changes requested → canceled by an admin: no WorkflowTaskFailed', async () => {
    const m = merchantId('tasks-bank');
    const id = await http.inBankVerification(m);
    const wrong = (await http.microDepositAmount(id)) === '0.01' ? '0.02' : '0.01';
    for (let i = 0; i < 3; i++)
      await http.post('merchant', m, `/v1/applications/${id}/bank-verification`, { amount: wrong }, 200);
    await http.eventually(id, (v) => v.status === 'changes_requested');
    await http.post('admin', 'root', `/v1/applications/${id}/cancel`, { reason: 'duplicate' }, 200);
    const types = typesOf(await closedHistory(id));
    expect(types[types.length - 1]).toBe(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    expect(failedTasks(types)).toBe(0);
  });
});

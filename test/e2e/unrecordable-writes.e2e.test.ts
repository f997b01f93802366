/**
 * No input can wedge an application (the writer's half), on the real API, worker, Temporal and
 * PostgreSQL. Every application's first write is refused as unrecordable (worker fault injection):
 * it lands with markers, the application goes on an operations hold an admin sees and retries, and
 * it stays actionable to the end. And data PostgreSQL cannot store, sent past the HTTP edge straight
 * to the workflow, is stored anyway: the read model follows and the workflow closes.
 */
import { temporal } from '@temporalio/proto';
import type { DataSource } from 'typeorm';
import { withdrawUpdate } from '@mo/contracts';
import { checkConsistency } from '@mo/temporal';
import { connectDatabase } from '../support/database';
import { createApplicationBody } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;

beforeAll(async () => {
  stack = await startStack('unrecordable-writes', { WORKER_FAULT_FAIL: 'recordTransition:TransitionUnrecordable' });
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  delete process.env.WORKER_FAULT_FAIL;
  await stack?.stop();
  await db?.destroy();
});

const EventType = temporal.api.enums.v1.EventType;
const merchantId = (name: string): string => `${name}-${Math.random().toString(36).slice(2, 8)}`;
const eventRows = async (id: string): Promise<{ seq: number; type: string; data: Record<string, unknown> }[]> =>
  db.query('SELECT seq, type, data FROM application_events WHERE application_id = $1 ORDER BY seq', [id]);

/** Created, held by its refused first write, and retried by an admin: a draft again. */
async function createdThroughHold(m: string): Promise<string> {
  const created = await http.post('merchant', m, '/v1/applications', createApplicationBody(), 201);
  const id = created.body.id as string;
  const held = await http.eventually(id, (v) => v.status === 'on_hold', 'admin', 'root');
  expect(held.hold).toMatchObject({
    step: 'record_transition',
    resume: 'draft',
    failure: { type: 'TransitionUnrecordable' },
  });
  const holds = (await http.get('admin', 'root', '/v1/operations/holds')).body.items;
  expect(holds.map((h: { id: string }) => h.id)).toContain(id);
  const retried = await http.post('admin', 'root', `/v1/applications/${id}/retry`, {}, 200);
  expect(retried.body).toMatchObject({ status: 'draft', hold: null });
  return id;
}

describe('a write refused for its data', () => {
  it('holds the application instead of retrying for ever; it stays actionable and closes', async () => {
    const m = merchantId('unrecordable');
    const id = await createdThroughHold(m);
    await http.post('merchant', m, `/v1/applications/${id}/withdraw`, { reason: 'changed my mind' }, 200);
    expect((await http.view(id, 'merchant', m)).status).toBe('withdrawn');
    const handle = stack.temporal.workflow.getHandle(`merchant-application:${id}`);
    await handle.result();
    // The hold path fails no workflow task either.
    const history = (await handle.fetchHistory()).events ?? [];
    expect(history.filter((e) => e.eventType === EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)).toEqual([]);
    const rows = await eventRows(id);
    expect(rows.map((r) => [r.seq, r.type])).toEqual([
      [1, 'application_created'],
      [2, 'operation_held'],
      [3, 'operation_resumed'],
      [4, 'application_withdrawn'],
    ]);
    expect(rows[3]!.data).toEqual({ reason: 'changed my mind' });
    expect((await checkConsistency(db, stack.temporal, { applicationIds: [id] })).drift).toEqual([]);
  });

  it('NUL and a lone surrogate past the edge: stored as U+FFFD, every read says withdrawn, the workflow closes', async () => {
    const m = merchantId('nul');
    const id = await createdThroughHold(m);
    // As the incident's request reached the workflow, bypassing whatever the HTTP edge refuses.
    const handle = stack.temporal.workflow.getHandle(`merchant-application:${id}`);
    await handle.executeUpdate(withdrawUpdate, {
      args: [{ actor: { role: 'merchant', id: m }, reason: 'x\u0000y\uD800' }],
    });
    const withdrawn = await http.eventually(id, (v) => v.status === 'withdrawn', 'merchant', m, 5_000);
    expect(withdrawn.hold).toBeNull();
    expect((await handle.result()).status).toBe('withdrawn');
    const timeline = (await http.get('merchant', m, `/v1/applications/${id}/events`)).body.events;
    expect(timeline[timeline.length - 1]).toMatchObject({
      type: 'application_withdrawn',
      data: { reason: 'x\uFFFDy\uFFFD' },
    });
    expect((await checkConsistency(db, stack.temporal, { applicationIds: [id] })).drift).toEqual([]);
  });
});

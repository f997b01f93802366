/**
 * An action whose Update committed is never answered 5xx, nor with a state no later read shows:
 * when its write cannot land within READ_MODEL_WAIT_MS (here the row is locked by another
 * transaction), the answer is 202 with the committed view and says so, the lag is counted, and the
 * workflow's retried write makes the read model converge. The LISTEN connection that wakes waiters
 * is replaced at once when it is killed (pg_terminate_backend), so waits keep answering on time.
 */
import type { DataSource } from 'typeorm';
import { ACTIONS, workflowIdFor } from '@mo/contracts';
import { readModelWaitTimeouts } from '@mo/observability';
import { ApplicationChanges } from '@mo/persistence';
import { connectDatabase } from '../support/database';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

const WAIT_MS = 1_500;
let stack: Stack;
let db: DataSource;
let http: HttpDriver;

beforeAll(async () => {
  stack = await startStack('read-model-lag', { READ_MODEL_WAIT_MS: String(WAIT_MS), LISTEN_HEARTBEAT_MS: '1000' });
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

async function timeoutsCounted(): Promise<number> {
  return (await readModelWaitTimeouts.get()).values.reduce((sum, v) => sum + v.value, 0);
}

/** Ends this stack's LISTEN connection(s) from the server side, as a failover or an idle killer would. */
async function killListenConnection(): Promise<number> {
  const rows: { pid: number }[] = await db.query(
    `SELECT pid FROM pg_stat_activity WHERE application_name = 'merchant-onboarding-listen' AND pid <> pg_backend_pid()`,
  );
  for (const { pid } of rows) await db.query('SELECT pg_terminate_backend($1)', [pid]);
  return rows.length;
}

describe('an action whose write is late', () => {
  it('answers 202 with the committed state (header, code, detail), counts it, and the read model converges', async () => {
    const m = 'lag-merchant';
    const id = await http.completeDraft(m);
    const before = await timeoutsCounted();
    // Another transaction holds the application's row: the transition's write waits behind it.
    const blocker = db.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    try {
      await blocker.query('SELECT 1 FROM applications WHERE id = $1 FOR UPDATE', [id]);
      const t0 = Date.now();
      const res = await http.post('merchant', m, `/v1/applications/${id}/withdraw`, { reason: 'changed plans' });
      const took = Date.now() - t0;
      expect([res.status, res.body.status, res.body.code]).toEqual([202, 'withdrawn', 'READ_MODEL_LAGGING']);
      expect(res.headers['read-model-lagging']).toBe(String(res.body.version));
      expect(res.body.detail).toMatch(/done/);
      expect(took).toBeGreaterThanOrEqual(WAIT_MS - 100);
      expect(took).toBeLessThan(WAIT_MS + 5_000);
      expect(await timeoutsCounted()).toBe(before + 1);
      // Said so: reads do not show it yet.
      expect((await http.view(id, 'merchant', m)).status).toBe('draft');
    } finally {
      await blocker.commitTransaction();
      await blocker.release();
    }
    // Converges: the workflow's write lands once the row is free, and every read shows the 202's state.
    const seen = await http.eventually(id, (v) => v.status === 'withdrawn', 'merchant', m, 30_000);
    expect(seen.version).toBeGreaterThanOrEqual(2);
    const timeline = await http.get('merchant', m, `/v1/applications/${id}/events`);
    expect(timeline.body.events.map((e: { type: string }) => e.type)).toContain('application_withdrawn');
  });

  it('answers 200 as before when the write lands within the wait', async () => {
    const m = 'lag-none';
    const id = await http.completeDraft(m);
    const before = await timeoutsCounted();
    const res = await http.post('merchant', m, `/v1/applications/${id}/withdraw`, { reason: 'changed plans' }, 200);
    expect(res.body).not.toHaveProperty('code');
    expect(res.headers['read-model-lagging']).toBeUndefined();
    expect(await timeoutsCounted()).toBe(before);
  });
});

describe('the LISTEN connection', () => {
  it('killed with pg_terminate_backend: a held long poll is still woken by the next change, and the next action answers on time', async () => {
    const id = await http.inReview('listen-kill');
    const seen = (await http.view(id)).version as number;
    const changes = stack.app.get(ApplicationChanges);
    const held = http.get('reviewer', 'bob', `/v1/applications/${id}?changedSince=${seen}&wait=20`);
    for (let i = 0; changes.waiting < 1 && i < 200; i++) await new Promise((r) => setTimeout(r, 10));
    expect(changes.waiting).toBe(1);
    expect(await killListenConnection()).toBe(1);
    await new Promise((r) => setTimeout(r, 300));

    // A change this API instance does not wait for itself (another instance, an automated step).
    const t0 = Date.now();
    await stack.temporal.workflow.getHandle(workflowIdFor(id)).executeUpdate(ACTIONS.addNote.update, {
      args: [ACTIONS.addNote.toInput({ role: 'reviewer', id: 'carol' }, { note: 'checked the licence' })],
    });
    const woken = await held;
    expect(woken.status).toBe(200);
    expect(woken.body.version).toBeGreaterThan(seen);
    expect(Date.now() - t0).toBeLessThan(5_000);

    // Killed again just before an action: it answers 200 within the normal time (no 15 s wait, no 202).
    expect(await killListenConnection()).toBe(1);
    const t1 = Date.now();
    const claimed = await http.post('reviewer', 'alice', `/v1/applications/${id}/claim`, {});
    expect([claimed.status, claimed.body.code]).toEqual([200, undefined]);
    expect(Date.now() - t1).toBeLessThan(WAIT_MS);
  });
});

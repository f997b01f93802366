/**
 * The long-poll read (`GET /v1/applications/:id?changedSince=N&wait=S`): a client waiting for the
 * next step asks once and is answered when the application changes (PostgreSQL NOTIFY from the
 * transition's own transaction), or when its wait runs out, with the application as it is then.
 */
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../support/database';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;

beforeAll(async () => {
  stack = await startStack('long-poll');
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

const path = (id: string, query: string): string => `/v1/applications/${id}?${query}`;

describe('long-poll read of an application', () => {
  it('holds the answer until the application changes, then answers with the new version', async () => {
    const id = await http.inReview('poll-change');
    const seen = (await http.view(id)).version as number;
    const t0 = Date.now();
    const held = http.get('reviewer', 'alice', path(id, `changedSince=${seen}&wait=20`));
    await new Promise((r) => setTimeout(r, 700));
    const approvedAt = Date.now();
    await http.post('reviewer', 'alice', `/v1/applications/${id}/decisions`, { decision: 'approve' }, 200);
    const res = await held;
    const answeredAfter = Date.now() - t0;
    expect(res.status).toBe(200);
    expect(res.body.version).toBeGreaterThan(seen);
    expect(res.body.status).not.toBe('in_review');
    // It was held until the decision was sent (not answered at once), and woken by it (not by its 20 s wait).
    expect(answeredAfter).toBeGreaterThanOrEqual(approvedAt - t0);
    expect(answeredAfter).toBeLessThan(10_000);
  });

  it('answers at once when the version is already past, and as it is when the wait runs out', async () => {
    const id = await http.inReview('poll-timeout');
    const now = (await http.view(id)).version as number;
    const t0 = Date.now();
    const past = await http.get('reviewer', 'alice', path(id, `changedSince=${now - 1}&wait=20`));
    expect(past.status).toBe(200);
    expect(past.body.version).toBe(now);
    expect(Date.now() - t0).toBeLessThan(2_000);

    const t1 = Date.now();
    const unchanged = await http.get('reviewer', 'alice', path(id, `changedSince=${now}&wait=1`));
    expect(unchanged.status).toBe(200);
    expect(unchanged.body.version).toBe(now);
    expect(Date.now() - t1).toBeGreaterThanOrEqual(900);
  });

  it('refuses bad parameters with 400 and keeps other merchants out (404, no wait)', async () => {
    const id = await http.inReview('poll-edges');
    for (const query of ['changedSince=1&wait=0', 'changedSince=1&wait=31', 'changedSince=abc', 'changedSince=-1']) {
      const res = await http.get('reviewer', 'alice', path(id, query));
      expect([query, res.status, res.body.code]).toEqual([query, 400, 'VALIDATION_FAILED']);
    }
    // wait alone has no version to wait past: it answers at once (a rule between two parameters
    // would be one the spec cannot state).
    const started = Date.now();
    const alone = await http.get('reviewer', 'alice', path(id, 'wait=5'));
    expect({ status: alone.status, version: typeof alone.body.version }).toEqual({ status: 200, version: 'number' });
    expect(Date.now() - started).toBeLessThan(2_000);
    const t0 = Date.now();
    const other = await http.get('merchant', 'poll-someone-else', path(id, 'changedSince=0&wait=20'));
    expect(other.status).toBe(404);
    expect(Date.now() - t0).toBeLessThan(2_000);
  });
});

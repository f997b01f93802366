/**
 * Deadlines over HTTP with a configured short resubmission window (a policy setting, as an operator
 * would set RESUBMISSION_WINDOW_DAYS). The production defaults are covered with time skipping in
 * test/workflow/timers.time-skipping.test.ts; this proves the configured timer reaches the API.
 */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../support/database';
import { createApplicationBody } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

const WINDOW_SECONDS = 3;
let stack: Stack;
let db: DataSource;
let http: HttpDriver;

beforeAll(async () => {
  stack = await startStack('deadlines', { RESUBMISSION_WINDOW_DAYS: String(WINDOW_SECONDS / 86_400) });
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack.stop();
  await db.destroy();
});

describe('deadlines over HTTP', () => {
  it('a resubmission window that passes expires the application', async () => {
    const m = `expiry-${Date.now()}`;
    const id = await http.completeDraft(
      m,
      createApplicationBody({ business: { ...(createApplicationBody().business as object), mcc: '5912' } }),
    );
    await http.post('merchant', m, `/v1/applications/${id}/submit`, {}, 200);
    const due = await http.eventually(id, (v) => v.status === 'changes_requested', 'merchant', m);
    expect(due.deadline.kind).toBe('resubmission');
    expect(Date.parse(due.deadline.at) - Date.parse(due.updatedAt)).toBe(WINDOW_SECONDS * 1000);
    const expired = await http.eventually(id, (v) => v.status === 'expired', 'merchant', m, 20_000);
    expect(expired).toMatchObject({ allowedActions: [], deadline: null });
    const res = await http.post('merchant', m, `/v1/applications/${id}/resubmit`, { changes: {} }, 409);
    expect(res.body.code).toBe('ILLEGAL_TRANSITION');
    const kinds = await db.query('SELECT kind FROM notifications WHERE application_id = $1 ORDER BY seq', [id]);
    expect(kinds.map((k: { kind: string }) => k.kind)).toEqual([
      'application_submitted',
      'changes_requested',
      'application_expired',
    ]);
  });

  it('PATCH edits a draft field by field; a submitted application cannot be edited', async () => {
    const m = `patch-${Date.now()}`;
    const id = await http.completeDraft(m);
    const patched = await request(stack.http)
      .patch(`/v1/applications/${id}`)
      .set(await http.as('merchant', m))
      .send({ business: { website: 'https://new.example.com' } });
    expect(patched.status).toBe(200);
    expect(patched.body.profile.business).toMatchObject({
      website: 'https://new.example.com',
      legalName: 'Fuzhou Example Trading Co., Ltd.',
    });
    const events = (await http.get('admin', 'root', `/v1/applications/${id}/events`)).body.events as {
      type: string;
      data: { changedFields?: string[] };
    }[];
    expect(events[events.length - 1]).toMatchObject({
      type: 'draft_updated',
      data: { changedFields: ['business.website'] },
    });
    await http.post('merchant', m, `/v1/applications/${id}/submit`, {}, 200);
    const late = await request(stack.http)
      .patch(`/v1/applications/${id}`)
      .set(await http.as('merchant', m))
      .send({ business: { website: 'https://x.example.com' } });
    expect(late.status).toBe(409);
  });
});

/**
 * What the Idempotency-Key store keeps: never a secret nor an unmasked ID or account number. Answers
 * that show a secret once are not replayable; application answers are re-rendered for the caller
 * from the read model on replay, so no view is ever persisted. Expired keys are purged by a
 * Temporal Schedule the worker creates.
 */
import type { ScheduleDescription } from '@temporalio/client';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { purgeIdempotencyKeysScheduleId } from '@mo/contracts';
import { connectDatabase } from '../support/database';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;

beforeAll(async () => {
  stack = await startStack('idempotency-store');
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack.stop();
  await db.destroy();
});

const ID_NUMBER = '11010519491231002X';
const ACCOUNT_NUMBER = '6222020200112345679';
const merchantId = (name: string): string => `${name}-${Math.random().toString(36).slice(2, 8)}`;

/** Everything the store holds for this caller, as text. */
async function storedFor(caller: string): Promise<string> {
  const rows: unknown[] = await db.query(
    'SELECT key, request_hash, status_code, response::text AS response FROM idempotency_keys WHERE caller = $1',
    [caller],
  );
  return JSON.stringify(rows);
}

async function postWithKey(
  role: 'merchant' | 'reviewer',
  sub: string,
  path: string,
  key: string,
  body: object = {},
): Promise<request.Response> {
  return request(stack.http)
    .post(path)
    .set(await http.as(role, sub))
    .set('Idempotency-Key', key)
    .send(body);
}

describe('Idempotency-Key store', () => {
  it('keeps no API secret: a replayed reveal answers 409 and shows no secret', async () => {
    const m = merchantId('reveal');
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

    const key = `reveal-${id}`;
    const first = await postWithKey('merchant', m, `/v1/applications/${id}/credentials`, key);
    expect(first.status).toBe(200);
    const secret = first.body.secret as string;
    expect(secret).toMatch(/^sk_/);

    const stored = await storedFor(`merchant:${m}`);
    expect(stored).toContain(key); // the key is kept (so a retry cannot reveal twice) …
    expect(stored).not.toContain(secret); // … but not what it revealed
    expect(stored).not.toContain(secret.slice(3, 20));

    const replay = await postWithKey('merchant', m, `/v1/applications/${id}/credentials`, key);
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('CREDENTIAL_ALREADY_REVEALED');
    expect(JSON.stringify(replay.body)).not.toContain(secret);
  });

  it('keeps no webhook signing secret', async () => {
    const m = merchantId('hook-secret');
    const key = `hook-${m}`;
    const first = await postWithKey('merchant', m, '/v1/webhook-endpoints', key, {
      url: 'http://localhost:9/hooks',
    });
    expect(first.status).toBe(201);
    const secret = first.body.secret as string;
    expect(secret.length).toBeGreaterThan(16);
    expect(await storedFor(`merchant:${m}`)).not.toContain(secret);
    const replay = await postWithKey('merchant', m, '/v1/webhook-endpoints', key, { url: 'http://localhost:9/hooks' });
    expect(replay.status).toBe(409);
    expect(JSON.stringify(replay.body)).not.toContain(secret);
  });

  it('keeps no unmasked ID or account number from a reviewer answer; the replay is re-rendered for the caller', async () => {
    const m = merchantId('reviewer-pii');
    const id = await http.inReview(m, 'alice');
    const key = `note-${id}`;
    const first = await postWithKey('reviewer', 'alice', `/v1/applications/${id}/notes`, key, {
      note: 'checked the licence',
    });
    expect(first.status).toBe(200);
    // The reviewer's answer shows the full numbers …
    expect(first.body.profile.legalRepresentative.idNumber).toBe(ID_NUMBER);
    expect(first.body.profile.bankAccount.accountNumber).toBe(ACCOUNT_NUMBER);
    // … the store keeps neither (nor their masked tails as part of a stored view).
    const stored = await storedFor('reviewer:alice');
    expect(stored).toContain(key);
    expect(stored).not.toContain(ID_NUMBER);
    expect(stored).not.toContain(ACCOUNT_NUMBER);
    expect(stored).not.toContain('Li Lei');

    const replay = await postWithKey('reviewer', 'alice', `/v1/applications/${id}/notes`, key, {
      note: 'checked the licence',
    });
    expect(replay.status).toBe(200);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(first.body);
    // Applied once: one note in the timeline.
    const timeline = (await http.get('reviewer', 'alice', `/v1/applications/${id}/events`)).body.events as {
      type: string;
    }[];
    expect(timeline.filter((e) => e.type === 'internal_note_added')).toHaveLength(1);

    // A merchant's create (its own numbers, masked in its view) leaves no profile behind either.
    const createKey = `create-${m}`;
    const created = await postWithKey('merchant', m, '/v1/applications', createKey, {
      legalRepresentative: { name: 'Li Lei', idType: 'resident_id', idNumber: ID_NUMBER, idExpiry: '2035-12-31' },
    });
    expect(created.status).toBe(201);
    const merchantStore = await storedFor(`merchant:${m}`);
    expect(merchantStore).not.toContain('002X');
    expect(merchantStore).not.toContain('Li Lei');
    const createdAgain = await postWithKey('merchant', m, '/v1/applications', createKey, {
      legalRepresentative: { name: 'Li Lei', idType: 'resident_id', idNumber: ID_NUMBER, idExpiry: '2035-12-31' },
    });
    expect(createdAgain.status).toBe(201);
    expect(createdAgain.body).toEqual(created.body);
    expect(createdAgain.body.profile.legalRepresentative.idNumber).toBe('**************002X');
  });

  it('expired keys are purged by an hourly Temporal Schedule the worker created at start', async () => {
    const handle = stack.temporal.schedule.getHandle(purgeIdempotencyKeysScheduleId(stack.taskQueue));
    const deadline = Date.now() + 15_000;
    let description: ScheduleDescription | undefined;
    while (description === undefined) {
      try {
        description = await handle.describe();
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    expect(description.spec.intervals).toMatchObject([{ every: 3_600_000 }]);
    expect(description.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'purgeIdempotencyKeysWorkflow',
      taskQueue: stack.taskQueue,
    });

    // A key from yesterday and one from now; the schedule's workflow (triggered now) deletes the first.
    const caller = `merchant:${merchantId('purge')}`;
    await db.query(
      `INSERT INTO idempotency_keys (caller, key, request_hash, created_at)
       VALUES ($1, 'yesterday', $2, now() - interval '25 hours'), ($1, 'today', $2, now())`,
      [caller, 'e'.repeat(64)],
    );
    const before = description.info.recentActions.length;
    await handle.trigger();
    let run: string | undefined;
    while (run === undefined) {
      const actions = (await handle.describe()).info.recentActions;
      if (actions.length > before) run = actions[actions.length - 1]!.action.workflow.workflowId;
      else await new Promise((r) => setTimeout(r, 200));
    }
    const result = await stack.temporal.workflow.getHandle(run).result();
    expect(result.deleted).toBeGreaterThanOrEqual(1);
    const left: { key: string }[] = await db.query('SELECT key FROM idempotency_keys WHERE caller = $1', [caller]);
    expect(left.map((r) => r.key)).toEqual(['today']);
  });
});

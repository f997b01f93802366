/**
 * The API's edges on the real stack: authentication and roles on every route, tenant isolation,
 * validation and problem documents, idempotent creation, health and the OpenAPI spec.
 */
import request from 'supertest';
import type { App } from 'supertest/types';
import { createApiApp } from '../../apps/api/src/app.factory';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../support/database';
import { createApplicationBody, uniquePdf } from '../support/factories';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: DataSource;
let merchant: string;
let otherMerchant: string;
let reviewer: string;

beforeAll(async () => {
  stack = await startStack('api');
  db = await connectDatabase();
  merchant = await stack.token('merchant', 'merchant-e2e');
  otherMerchant = await stack.token('merchant', 'merchant-other');
  reviewer = await stack.token('reviewer', 'alice');
});
afterAll(async () => {
  await stack.stop();
  await db.destroy();
});

const auth = (token: string) => ({ Authorization: `Bearer ${token}` });

describe('API edges', () => {
  it('an action in the wrong state answers 409 with a code, synchronously', async () => {
    const created = await request(stack.http)
      .post('/v1/applications')
      .set(auth(merchant))
      .send(createApplicationBody())
      .expect(201);
    const res = await request(stack.http)
      .post(`/v1/applications/${created.body.id}/decisions`)
      .set(auth(reviewer))
      .send({ decision: 'approve' })
      .expect(409);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.body).toMatchObject({ status: 409, code: 'ILLEGAL_TRANSITION', requestId: expect.any(String) });
  });

  it('a create retried with the same Idempotency-Key lands on the same application', async () => {
    const key = `create-${Date.now()}`;
    const body = createApplicationBody();
    const first = await request(stack.http)
      .post('/v1/applications')
      .set(auth(merchant))
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    const second = await request(stack.http)
      .post('/v1/applications')
      .set(auth(merchant))
      .set('Idempotency-Key', key)
      .send(body)
      .expect(201);
    expect(second.body.id).toBe(first.body.id);
    const count = await db.query('SELECT count(*)::int AS n FROM application_events WHERE application_id = $1', [
      first.body.id,
    ]);
    expect(count[0].n).toBe(1);
  });

  it('a merchant cannot see another merchant’s application: 404, like a missing one', async () => {
    const created = await request(stack.http)
      .post('/v1/applications')
      .set(auth(merchant))
      .send(createApplicationBody())
      .expect(201);
    const foreign = await request(stack.http)
      .get(`/v1/applications/${created.body.id}`)
      .set(auth(otherMerchant))
      .expect(404);
    const missing = await request(stack.http)
      .get('/v1/applications/00000000-0000-4000-8000-000000000000')
      .set(auth(otherMerchant))
      .expect(404);
    expect(foreign.body.code).toBe('APPLICATION_NOT_FOUND');
    expect(missing.body.code).toBe('APPLICATION_NOT_FOUND');
    await request(stack.http).post(`/v1/applications/${created.body.id}/submit`).set(auth(otherMerchant)).expect(404);
  });

  it('bad input gets a 4xx with a machine-readable code and writes nothing', async () => {
    const before = await db.query('SELECT count(*)::int AS n FROM applications');
    const unknown = await request(stack.http)
      .post('/v1/applications')
      .set(auth(merchant))
      .send(createApplicationBody({ extra: 1 }))
      .expect(400);
    expect(unknown.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'extra' }] });
    const badUscc = await request(stack.http)
      .post('/v1/applications')
      .set(auth(merchant))
      .send({ business: { legalName: 'X', uscc: 'short' } })
      .expect(400);
    expect(badUscc.body.errors).toEqual([{ field: 'business.uscc', message: expect.stringContaining('uscc') }]);
    await request(stack.http)
      .post('/v1/applications')
      .set(auth(merchant))
      .set('content-type', 'application/json')
      .send('{"business":')
      .expect(400);
    await request(stack.http).get('/v1/applications/not-a-uuid').set(auth(merchant)).expect(400);
    const after = await db.query('SELECT count(*)::int AS n FROM applications');
    expect(after[0].n).toBe(before[0].n);
  });

  it('tokens: missing or forged → 401, wrong role → 403', async () => {
    expect((await request(stack.http).get('/v1/applications').expect(401)).body.code).toBe('UNAUTHENTICATED');
    await request(stack.http)
      .get('/v1/applications')
      .set(auth(`${merchant.slice(0, -4)}AAAA`))
      .expect(401);
    expect(
      (await request(stack.http).post('/v1/applications').set(auth(reviewer)).send(createApplicationBody()).expect(403))
        .body.code,
    ).toBe('FORBIDDEN');
  });

  it('every route in the spec declares its roles: without a token only the public routes answer', async () => {
    // Health, the console's settings, and development sign-in (here a 400: no body).
    const publicRoutes = new Map([
      ['get /health', 200],
      ['get /v1/console/settings', 200],
      ['post /v1/dev/sign-in', 400],
    ]);
    const operations = Object.entries(stack.openapi.paths).flatMap(([path, item]) =>
      Object.keys(item as object).map((method) => [method, path] as const),
    );
    expect(operations.length).toBeGreaterThanOrEqual(8);
    for (const [method, path] of operations) {
      const url = path.replace(/\{[^}]+\}/g, '00000000-0000-4000-8000-000000000000');
      const res = await (request(stack.http) as unknown as Record<string, (u: string) => request.Test>)[method]!(url);
      if (publicRoutes.has(`${method} ${path}`)) expect(res.status).toBe(publicRoutes.get(`${method} ${path}`));
      else
        expect({ route: `${method} ${path}`, status: res.status }).toEqual({ route: `${method} ${path}`, status: 401 });
    }
  });

  it('serves health, the OpenAPI spec and the docs without a token', async () => {
    const health = await request(stack.http).get('/health').expect(200);
    expect(health.body).toMatchObject({ status: 'up', postgres: { status: 'up' }, temporal: { status: 'up' } });
    const spec = await request(stack.http).get('/openapi.json').expect(200);
    expect(spec.body.paths).toHaveProperty(['/v1/applications/{id}/decisions']);
    await request(stack.http).get('/docs/').expect(200);
  });
});

describe('Idempotency-Key', () => {
  it('replays the first answer for the same request, refuses a different one, and survives an API restart', async () => {
    const created = await request(stack.http)
      .post('/v1/applications')
      .set(auth(merchant))
      .send(createApplicationBody())
      .expect(201);
    const id = created.body.id as string;
    const key = `withdraw-${id}`;
    const first = await request(stack.http)
      .post(`/v1/applications/${id}/withdraw`)
      .set(auth(merchant))
      .set('Idempotency-Key', key)
      .send({ reason: 'not now' });
    expect(first.status).toBe(200);
    const again = await request(stack.http)
      .post(`/v1/applications/${id}/withdraw`)
      .set(auth(merchant))
      .set('Idempotency-Key', key)
      .send({ reason: 'not now' });
    expect(again.status).toBe(200);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.body).toEqual(first.body);
    const different = await request(stack.http)
      .post(`/v1/applications/${id}/withdraw`)
      .set(auth(merchant))
      .set('Idempotency-Key', key)
      .send({ reason: 'other' });
    expect(different.status).toBe(422);
    expect(different.body.code).toBe('IDEMPOTENCY_KEY_REUSED');

    // A second API process (as after a restart) answers from the same store.
    const { app: restarted } = await createApiApp();
    await restarted.init();
    try {
      const afterRestart = await request(restarted.getHttpServer() as App)
        .post(`/v1/applications/${id}/withdraw`)
        .set(auth(merchant))
        .set('Idempotency-Key', key)
        .send({ reason: 'not now' });
      expect(afterRestart.status).toBe(200);
      expect(afterRestart.body).toEqual(first.body);
    } finally {
      await restarted.close();
    }
    const events = await db.query(
      "SELECT count(*)::int AS n FROM application_events WHERE application_id = $1 AND type = 'application_withdrawn'",
      [id],
    );
    expect(events[0].n).toBe(1);
  });

  it('a failed request leaves the key free for a corrected retry', async () => {
    const key = `create-${Date.now()}-bad`;
    await request(stack.http)
      .post('/v1/applications')
      .set(auth(merchant))
      .set('Idempotency-Key', key)
      .send({ business: { mcc: 'x' } })
      .expect(400);
    await request(stack.http)
      .post('/v1/applications')
      .set(auth(merchant))
      .set('Idempotency-Key', key)
      .send(createApplicationBody())
      .expect(201);
  });
});

describe('Idempotency-Key on uploads', () => {
  it('a retried upload is stored once; the same key with another file is 422', async () => {
    const created = await request(stack.http)
      .post('/v1/applications')
      .set(auth(merchant))
      .send(createApplicationBody())
      .expect(201);
    const id = created.body.id as string;
    const file = uniquePdf();
    const upload = (bytes: Buffer) =>
      request(stack.http)
        .post(`/v1/applications/${id}/documents`)
        .set(auth(merchant))
        .set('Idempotency-Key', `upload-${id}`)
        .field('type', 'business_license')
        .attach('file', bytes, 'licence.pdf');
    const first = await upload(file);
    const again = await upload(file);
    expect(first.status).toBe(201);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(first.body);
    const rows = await db.query('SELECT count(*)::int AS n FROM documents WHERE application_id = $1', [id]);
    expect(rows[0].n).toBe(1);
    const revisions = await db.query('SELECT count(*)::int AS n FROM application_profiles WHERE application_id = $1', [
      id,
    ]);
    expect(revisions[0].n).toBe(2);
    const other = await upload(uniquePdf());
    expect({ status: other.status, code: other.body.code }).toEqual({ status: 422, code: 'IDEMPOTENCY_KEY_REUSED' });
  });
});

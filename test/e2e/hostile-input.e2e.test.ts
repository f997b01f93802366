/**
 * Property tests: malformed bodies, params and headers thrown at every route see only 4xx, the API
 * stays healthy, and a rejected request writes nothing.
 */
import fc from 'fast-check';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../support/database';
import { createApplicationBody } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';
import { recordFigures } from '../support/figures';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;
let ownId: string;
const MERCHANT = 'hostile-merchant';

beforeAll(async () => {
  stack = await startStack('hostile');
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
  ownId = (await http.post('merchant', MERCHANT, '/v1/applications', createApplicationBody(), 201)).body.id as string;
});
afterAll(async () => {
  await stack.stop();
  await db.destroy();
});

const operations = (): [string, string][] =>
  Object.entries(stack.openapi.paths).flatMap(([path, item]) =>
    Object.keys(item as object).map((m) => [m, path] as [string, string]),
  );

const hostileString = fc.oneof(
  fc.string(),
  fc.string({ unit: 'grapheme', maxLength: 50 }),
  fc.constantFrom(
    '../../etc/passwd',
    '..%2F..%2Fetc',
    '%00',
    '\u0000',
    '\uFEFF',
    '💥'.repeat(500),
    'a'.repeat(100_000),
    '{"a":',
    'null',
  ),
);
const hostileBody = fc.oneof(
  fc.anything(),
  fc.dictionary(hostileString, fc.anything(), { maxKeys: 5 }),
  fc.record({ business: fc.anything(), capabilities: fc.anything(), changes: fc.anything(), decision: fc.anything() }),
);
// The caller's own application is drawn lazily: it exists only once beforeAll has run.
const hostileId = fc.oneof(
  fc.uuid(),
  hostileString.map(encodeURIComponent),
  fc.constant(null).map(() => ownId),
);
const anyRole = fc.constantFrom<'merchant' | 'reviewer' | 'senior_reviewer' | 'admin'>(
  'merchant',
  'reviewer',
  'senior_reviewer',
  'admin',
);

describe('hostile input', () => {
  it('every route answers bad bodies, ids and headers with a 4xx (never a 5xx), and stays healthy', async () => {
    const ops = operations();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...ops),
        hostileBody,
        hostileId,
        anyRole,
        fc.option(hostileString.filter((s) => /^[\x20-\x7e]*$/.test(s))),
        fc.constantFrom(
          'application/json',
          'text/plain',
          'application/xml',
          'multipart/form-data; boundary=x',
          'application/json; charset=utf-16',
        ),
        async ([method, path], body, id, role, idempotencyKey, contentType) => {
          const url = path.replace('{id}', id).replace('{documentId}', id);
          const agent = request(stack.http);
          const verb = method as 'get' | 'post' | 'patch' | 'delete';
          let req = agent[verb](url).set(await http.as(role, role === 'merchant' ? MERCHANT : `${role}-h`));
          if (idempotencyKey !== null) req = req.set('Idempotency-Key', idempotencyKey);
          if (method !== 'get') {
            const raw = typeof body === 'string' ? body : (JSON.stringify(body) ?? 'undefined');
            req = req.set('Content-Type', contentType).send(raw);
          }
          const res = await req;
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          expect({
            route: `${method} ${path}`,
            status: res.status < 500 ? 'not 5xx' : res.status,
            body: res.status < 500 ? null : res.body,
          }).toEqual({
            route: `${method} ${path}`,
            status: 'not 5xx',
            body: null,
          });
          // Node's HTTP parser answers some requests itself (e.g. 431 for huge headers), without a body.
          if (res.status >= 400 && res.type.includes('json')) expect(res.body.code).toEqual(expect.any(String));
        },
      ),
      { numRuns: 300 },
    );
    await request(stack.http).get('/health').expect(200);
    recordFigures('hostile-input', { routes: ops.length, requests: 300, statuses: Object.fromEntries(statuses) });
  });

  it('tokens: missing, malformed, forged, expired or for another audience are 401', async () => {
    const valid = await http.token('merchant', MERCHANT);
    const [header, payload] = valid.split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ role: 'admin', sub: 'x', aud: 'merchant-onboarding-api', iss: 'merchant-onboarding' })).toString('base64url')}.${valid.split('.')[2]}`;
    const none = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.`;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(
          '',
          'Bearer',
          `Bearer ${valid}x`,
          `Basic ${valid}`,
          `Bearer ${forged}`,
          `Bearer ${none}`,
          'Bearer a.b.c',
        ),
        async (authorization) => {
          const res = await request(stack.http).get('/v1/applications').set('Authorization', authorization);
          expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
        },
      ),
    );
  });

  it('a rejected create writes nothing', async () => {
    const count = async (): Promise<number> =>
      (await db.query('SELECT count(*)::int AS n FROM application_profiles'))[0].n;
    const before = await count();
    await fc.assert(
      fc.asyncProperty(
        fc.dictionary(
          fc
            .string({ minLength: 1 })
            // __proto__ included: it is an unknown key like any other.
            .filter((k) => !['business', 'legalRepresentative', 'bankAccount', 'capabilities'].includes(k)),
          fc.jsonValue(),
          { minKeys: 1, maxKeys: 4 },
        ),
        async (body) => {
          const res = await request(stack.http)
            .post('/v1/applications')
            .set(await http.as('merchant', MERCHANT))
            .send(body);
          expect(res.status).toBe(400);
        },
      ),
      { numRuns: 50 },
    );
    expect(await count()).toBe(before);
  });

  it('an oversized JSON body is 413, an oversized file is 413, both with a code', async () => {
    const big = await request(stack.http)
      .post('/v1/applications')
      .set(await http.as('merchant', MERCHANT))
      .set('Content-Type', 'application/json')
      .send(`{"business":{"legalName":"${'x'.repeat(2_000_000)}"}}`);
    expect({ status: big.status, code: big.body.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
    const file = await request(stack.http)
      .post(`/v1/applications/${ownId}/documents`)
      .set(await http.as('merchant', MERCHANT))
      .field('type', 'business_license')
      .attach('file', Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(11 * 1024 * 1024)]), 'big.pdf');
    expect({ status: file.status, code: file.body.code }).toEqual({ status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });
});

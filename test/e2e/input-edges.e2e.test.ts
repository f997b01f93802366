/**
 * The edges of the input, one defect each: every malformed or hostile request seen in the wild is a
 * 4xx with a code naming what is wrong, never a 500, and never silently accepted or reshaped.
 */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../support/database';
import { createApplicationBody, uniquePdf } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;
let draftId: string;
const MERCHANT = 'edges-merchant';
// Small enough that a few uploads reach it.
const QUOTA = 3_000;

beforeAll(async () => {
  stack = await startStack('input-edges', { DOCUMENT_QUOTA_BYTES: String(QUOTA) });
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
  draftId = (await http.post('merchant', MERCHANT, '/v1/applications', createApplicationBody(), 201)).body.id as string;
});
afterAll(async () => {
  await stack.stop();
  await db.destroy();
});

const problem = (res: request.Response): { status: number; code: unknown } => ({
  status: res.status,
  code: res.body.code,
});
const fields = (res: request.Response): string[] => (res.body.errors as { field: string }[]).map((e) => e.field);

describe('JSON bodies', () => {
  it('deeply nested JSON is a 400, not a 500', async () => {
    const deep = `{"business":${'['.repeat(3000)}${']'.repeat(3000)}}`;
    const res = await request(stack.http)
      .post('/v1/applications')
      .set(await http.as('merchant', MERCHANT))
      .set('Content-Type', 'application/json')
      .send(deep);
    expect(problem(res)).toEqual({ status: 400, code: 'MALFORMED_REQUEST' });
    expect(res.body.detail).toMatch(/nest/i);
  });

  it('a body that is not JSON is 415, not treated as empty', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'application/xml']) {
      const res = await request(stack.http)
        .post('/v1/applications')
        .set(await http.as('merchant', MERCHANT))
        .set('Content-Type', type)
        .send(JSON.stringify(createApplicationBody()));
      expect({ type, ...problem(res) }).toEqual({ type, status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
    }
    const charset = await request(stack.http)
      .post('/v1/applications')
      .set(await http.as('merchant', MERCHANT))
      .set('Content-Type', 'application/json; charset=utf-16')
      .send('{}');
    expect(problem(charset)).toEqual({ status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('__proto__, constructor and prototype keys are unknown keys like any other: 400 naming them', async () => {
    for (const [raw, field] of [
      ['{"__proto__":{"admin":true}}', '__proto__'],
      ['{"business":{"__proto__":{"x":1}}}', 'business.__proto__'],
      ['{"bankAccount":{"constructor":{"prototype":{}}}}', 'bankAccount.constructor'],
      ['{"capabilities":["qr_payments"],"prototype":1}', 'prototype'],
    ] as const) {
      const res = await request(stack.http)
        .post('/v1/applications')
        .set(await http.as('merchant', MERCHANT))
        .set('Content-Type', 'application/json')
        .send(raw);
      expect({ raw, ...problem(res) }).toEqual({ raw, status: 400, code: 'VALIDATION_FAILED' });
      expect(fields(res)).toContain(field);
    }
  });
});

describe('null is refused like any invalid value', () => {
  const nulls: [Record<string, unknown>, string][] = [
    [{ bankAccount: { holderName: null } }, 'bankAccount.holderName'],
    [{ business: { legalName: null } }, 'business.legalName'],
    [{ legalRepresentative: { idExpiry: null } }, 'legalRepresentative.idExpiry'],
    [{ business: null }, 'business'],
    [{ capabilities: null }, 'capabilities'],
  ];

  it('in a create and a draft edit', async () => {
    for (const [body, field] of nulls) {
      for (const [method, path] of [
        ['post', '/v1/applications'],
        ['patch', `/v1/applications/${draftId}`],
      ] as const) {
        const agent = request(stack.http);
        const res = await (method === 'post' ? agent.post(path) : agent.patch(path))
          .set(await http.as('merchant', MERCHANT))
          .send(body);
        expect({ method, field, ...problem(res) }).toEqual({ method, field, status: 400, code: 'VALIDATION_FAILED' });
        expect(fields(res)).toContain(field);
      }
    }
  });

  it("in a resubmission's changes and the other bodies", async () => {
    const res = await request(stack.http)
      .post(`/v1/applications/${draftId}/resubmit`)
      .set(await http.as('merchant', MERCHANT))
      .send({ changes: { bankAccount: { holderName: null } } });
    expect(problem(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(fields(res)).toContain('changes.bankAccount.holderName');
    for (const [path, body, field] of [
      [`/v1/applications/${draftId}/resubmit`, { changes: {}, documents: null }, 'documents'],
      [`/v1/applications/${draftId}/withdraw`, { reason: null }, 'reason'],
      [`/v1/applications/${draftId}/decisions`, { decision: 'approve', note: null }, 'note'],
      [`/v1/applications/${draftId}/decisions`, { decision: 'approve', reasons: null }, 'reasons'],
    ] as const) {
      const role = path.endsWith('decisions') ? 'reviewer' : 'merchant';
      const r = await request(stack.http)
        .post(path)
        .set(await http.as(role, role === 'merchant' ? MERCHANT : 'edges-reviewer'))
        .send(body);
      expect({ path, field, ...problem(r) }).toEqual({ path, field, status: 400, code: 'VALIDATION_FAILED' });
      expect(fields(r)).toContain(field);
    }
  });
});

describe('values', () => {
  it('an impossible date is refused', async () => {
    for (const idExpiry of ['2035-02-30', '2035-13-01', '2035-04-31', '2034-02-29']) {
      const res = await http.post(
        'merchant',
        MERCHANT,
        '/v1/applications',
        createApplicationBody({ legalRepresentative: { name: 'Li Lei', idType: 'resident_id', idExpiry } }),
      );
      expect({ idExpiry, ...problem(res) }).toEqual({ idExpiry, status: 400, code: 'VALIDATION_FAILED' });
      expect(fields(res)).toContain('legalRepresentative.idExpiry');
    }
    await http.post(
      'merchant',
      MERCHANT,
      '/v1/applications',
      createApplicationBody({ legalRepresentative: { idExpiry: '2036-02-29' } }),
      201,
    );
  });

  it('a resident ID number with a bad check digit is refused even without idType', async () => {
    const res = await request(stack.http)
      .patch(`/v1/applications/${draftId}`)
      .set(await http.as('merchant', MERCHANT))
      .send({ legalRepresentative: { idNumber: '110105194912310021' } });
    expect(problem(res)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(fields(res)).toContain('legalRepresentative.idNumber');
    // A passport number is not held to the resident-ID rule.
    await request(stack.http)
      .patch(`/v1/applications/${draftId}`)
      .set(await http.as('merchant', MERCHANT))
      .send({ legalRepresentative: { idNumber: 'E12345678' } })
      .expect(200);
  });

  it('?limit must be a whole number from 1 to 200', async () => {
    for (const limit of ['abc', 'null', '-1', '0', '201', '1.5', '']) {
      const res = await http.get('merchant', MERCHANT, `/v1/applications?limit=${limit}`);
      expect({ limit, ...problem(res) }).toEqual({ limit, status: 400, code: 'VALIDATION_FAILED' });
      expect(fields(res)).toEqual(['limit']);
    }
    const ok = await http.get('merchant', MERCHANT, '/v1/applications?limit=1');
    expect(ok.status).toBe(200);
    expect(ok.body.items).toHaveLength(1);
  });

  it('a forged queue cursor or an impossible date filter is a 400', async () => {
    const forged = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    for (const after of [
      forged(['not a date', '00000000-0000-0000-0000-000000000000']),
      forged(['2026-01-01T00:00:00.000Z', "x' OR 1=1 --"]),
      forged(['2026-02-30T00:00:00.000Z', '00000000-0000-0000-0000-000000000000']),
      forged({ a: 1 }),
      'not-base64!',
    ]) {
      const res = await http.get('reviewer', 'edges-reviewer', `/v1/review/queue?after=${encodeURIComponent(after)}`);
      expect({ after, ...problem(res) }).toEqual({ after, status: 400, code: 'VALIDATION_FAILED' });
      expect(fields(res)).toEqual(['after']);
    }
    for (const query of ['submittedBefore=2024-02-30', 'submittedAfter=2024-13-01T00:00:00Z']) {
      const res = await http.get('reviewer', 'edges-reviewer', `/v1/review/queue?${query}`);
      expect({ query, ...problem(res) }).toEqual({ query, status: 400, code: 'VALIDATION_FAILED' });
    }
    // RFC 3339 as the spec's date-time says: lower-case t and z, a leap second; a bare date as before.
    for (const query of [
      'submittedBefore=2024-02-29',
      'submittedBefore=2026-12-07t12:00:00z',
      'submittedAfter=1990-12-31T23:59:60Z',
      'submittedAfter=2026-12-07T12:00:00.5%2B08:00',
    ]) {
      const ok = await http.get('reviewer', 'edges-reviewer', `/v1/review/queue?${query}`);
      expect({ query, status: ok.status }).toEqual({ query, status: 200 });
    }
  });
});

describe('documents', () => {
  it('are served with X-Content-Type-Options: nosniff', async () => {
    const doc = await http.upload(MERCHANT, draftId, 'business_license');
    const res = await http.get('merchant', MERCHANT, `/v1/applications/${draftId}/documents/${doc.id as string}`);
    expect(res.status).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('an application holds at most DOCUMENT_QUOTA_BYTES of uploads: beyond, 422 DOCUMENT_QUOTA_EXCEEDED', async () => {
    const id = (await http.post('merchant', MERCHANT, '/v1/applications', createApplicationBody(), 201)).body
      .id as string;
    const file = (): Buffer => Buffer.concat([uniquePdf(), Buffer.alloc(1_000)]);
    await http.upload(MERCHANT, id, 'business_license', file());
    await http.upload(MERCHANT, id, 'legal_rep_id_front', file());
    const over = await request(stack.http)
      .post(`/v1/applications/${id}/documents`)
      .set(await http.as('merchant', MERCHANT))
      .field('type', 'legal_rep_id_back')
      .attach('file', file(), 'back.pdf');
    expect(problem(over)).toEqual({ status: 422, code: 'DOCUMENT_QUOTA_EXCEEDED' });
    // Nothing was recorded for the refused upload.
    const rows: { n: number }[] = await db.query('SELECT count(*)::int AS n FROM documents WHERE application_id = $1', [
      id,
    ]);
    expect(rows[0]!.n).toBe(2);
    // Another application has its own quota.
    await http.upload(MERCHANT, draftId, 'legal_rep_id_back', file());
  });
});

/**
 * The authorization matrix: every route × every role × own or another merchant's application,
 * against an explicit table (a route missing from the table fails the test). Also checks that the
 * committed openapi.json matches the running app (UPDATE_OPENAPI=1 rewrites it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { ROLES, type Role } from '@mo/domain';
import { connectDatabase } from '../support/database';
import { createApplicationBody, uniquePdf } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { OpenApiValidator, type Answer, type OpenApiDocument } from '../support/openapi-validator';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;
let ownId: string;
const OWNER = 'matrix-owner';
const STAFF: Role[] = ['reviewer', 'senior_reviewer', 'admin'];
const REVIEWERS: Role[] = ['reviewer', 'senior_reviewer'];
const ALL: Role[] = [...ROLES];

interface Route {
  readonly method: 'get' | 'post' | 'patch' | 'delete';
  readonly path: string;
  readonly roles: readonly Role[];
  /** A valid body, so an allowed caller gets past validation to the authorization that matters. */
  readonly body?: Record<string, unknown>;
  readonly multipart?: boolean;
}

const MATRIX: readonly Route[] = [
  { method: 'post', path: '/v1/applications', roles: ['merchant'], body: {} },
  { method: 'get', path: '/v1/applications', roles: ['merchant'] },
  { method: 'get', path: '/v1/applications/{id}', roles: ALL },
  {
    method: 'patch',
    path: '/v1/applications/{id}',
    roles: ['merchant'],
    body: { business: { website: 'https://a.example.com' } },
  },
  { method: 'get', path: '/v1/applications/{id}/events', roles: ALL },
  { method: 'post', path: '/v1/applications/{id}/documents', roles: ['merchant'], multipart: true },
  { method: 'get', path: '/v1/applications/{id}/documents/{documentId}', roles: ALL },
  { method: 'post', path: '/v1/applications/{id}/submit', roles: ['merchant'] },
  { method: 'post', path: '/v1/applications/{id}/resubmit', roles: ['merchant'], body: { changes: {} } },
  { method: 'post', path: '/v1/applications/{id}/bank-verification', roles: ['merchant'], body: { amount: '0.12' } },
  {
    method: 'post',
    path: '/v1/applications/{id}/agreement',
    roles: ['merchant'],
    body: { version: '2026-01', signatory: 'Li Lei' },
  },
  { method: 'post', path: '/v1/applications/{id}/credentials', roles: ['merchant'] },
  { method: 'post', path: '/v1/applications/{id}/withdraw', roles: ['merchant'], body: {} },
  { method: 'post', path: '/v1/applications/{id}/claim', roles: REVIEWERS },
  { method: 'post', path: '/v1/applications/{id}/release', roles: REVIEWERS },
  { method: 'post', path: '/v1/applications/{id}/decisions', roles: REVIEWERS, body: { decision: 'approve' } },
  { method: 'post', path: '/v1/applications/{id}/notes', roles: STAFF, body: { note: 'checked' } },
  {
    method: 'post',
    path: '/v1/applications/{id}/reassign',
    roles: ['admin'],
    body: { reviewerId: 'dave', reviewerRole: 'reviewer' },
  },
  { method: 'post', path: '/v1/applications/{id}/cancel', roles: ['admin'], body: { reason: 'matrix' } },
  { method: 'post', path: '/v1/applications/{id}/retry', roles: ['admin'] },
  {
    method: 'post',
    path: '/v1/applications/{id}/screening-hits/{hitId}/resolution',
    roles: REVIEWERS,
    body: { resolution: 'false_positive', note: 'matrix' },
  },
  { method: 'get', path: '/v1/operations/holds', roles: ['admin'] },
  { method: 'get', path: '/v1/review/queue', roles: STAFF },
  { method: 'get', path: '/v1/review/notifications', roles: ['senior_reviewer', 'admin'] },
  { method: 'get', path: '/v1/admin/metrics', roles: ['admin'] },
  { method: 'get', path: '/v1/reasons', roles: ALL },
  { method: 'get', path: '/health', roles: [] },
  { method: 'get', path: '/v1/console/settings', roles: [] },
  { method: 'post', path: '/v1/dev/sign-in', roles: [], body: { role: 'merchant', subject: 'matrix' } },
  { method: 'post', path: '/codec/decode', roles: ['admin'], body: { payloads: [] } },
  { method: 'post', path: '/v1/webhook-endpoints', roles: ['merchant'], body: { url: 'https://hooks.example.com/x' } },
  { method: 'get', path: '/v1/webhook-endpoints', roles: ['merchant'] },
  { method: 'delete', path: '/v1/webhook-endpoints/{id}', roles: ['merchant'] },
];

beforeAll(async () => {
  stack = await startStack('authorization');
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
  ownId = (await http.post('merchant', OWNER, '/v1/applications', createApplicationBody(), 201)).body.id as string;
});
afterAll(async () => {
  await stack.stop();
  await db.destroy();
});

async function call(route: Route, role: Role | null, sub: string): Promise<request.Response> {
  const url = route.path
    .replace('{id}', ownId)
    .replace('{documentId}', '00000000-0000-4000-8000-000000000000')
    .replace('{hitId}', 'matrix-hit');
  let req = request(stack.http)[route.method](url);
  if (role !== null) req = req.set(await http.as(role, sub));
  if (route.multipart) return req.field('type', 'storefront_photo').attach('file', uniquePdf(), 'x.pdf');
  return route.body === undefined ? req : req.send(route.body);
}

describe('authorization matrix', () => {
  it('covers every route the API serves', () => {
    const served = Object.entries(stack.openapi.paths)
      .flatMap(([path, item]) => Object.keys(item as object).map((method) => `${method} ${path}`))
      .sort();
    expect(served).toEqual(MATRIX.map((r) => `${r.method} ${r.path}`).sort());
  });

  it.each(MATRIX.flatMap((route) => ALL.map((role) => [`${route.method} ${route.path}`, role, route] as const)))(
    '%s as %s',
    async (_name, role, route) => {
      const res = await call(route, role, role === 'merchant' ? OWNER : `${role}-1`);
      if (route.roles.length === 0) {
        expect(res.status).toBe(200);
      } else if (route.roles.includes(role)) {
        // Allowed: whatever the state says (200, 404 document, 409 …) but never an auth refusal.
        expect({ status: res.status, code: res.body.code }).not.toMatchObject({ status: 401 });
        expect(res.body.code).not.toBe('FORBIDDEN');
      } else {
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
      }
    },
  );

  it.each(
    MATRIX.filter((r) => r.path.startsWith('/v1/applications/{id}') && r.roles.includes('merchant')).map(
      (r) => [`${r.method} ${r.path}`, r] as const,
    ),
  )("%s on another merchant's application answers 404, like a missing one", async (_name, route) => {
    const res = await call(route, 'merchant', 'matrix-stranger');
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'APPLICATION_NOT_FOUND' });
  });

  it.each(MATRIX.filter((r) => r.roles.length > 0).map((r) => [`${r.method} ${r.path}`, r] as const))(
    '%s without a token answers 401',
    async (_name, route) => {
      const res = await call(route, null, '');
      expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    },
  );
});

type Schema = { [key: string]: unknown };
type Operation = {
  parameters?: Schema[];
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
};

function operations(): [string, Operation][] {
  return Object.entries(stack.openapi.paths).flatMap(([path, item]) =>
    Object.entries(item as Record<string, Operation>).map(
      ([method, op]) => [`${method} ${path}`, op] as [string, Operation],
    ),
  );
}

/** Every schema node of the document's components, with its path. */
function schemaNodes(node: unknown, at: string): [string, Schema][] {
  if (node === null || typeof node !== 'object') return [];
  const own: [string, Schema][] = Array.isArray(node) ? [] : [[at, node as Schema]];
  return [...own, ...Object.entries(node).flatMap(([k, v]) => schemaNodes(v, `${at}/${k}`))];
}

describe('OpenAPI', () => {
  it('advertises Idempotency-Key only where a state change accepts it, never on GET', () => {
    const withKey = operations()
      .filter(([, op]) => (op.parameters ?? []).some((p) => p.in === 'header' && p.name === 'Idempotency-Key'))
      .map(([name]) => name);
    expect(withKey.filter((name) => name.startsWith('get '))).toEqual([]);
    expect(withKey).toEqual(expect.arrayContaining(['post /v1/applications', 'patch /v1/applications/{id}']));
  });

  it('types every path id as a UUID (a screening hit id as its URL-safe pattern)', () => {
    const ids = operations().flatMap(([name, op]) =>
      (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => [name, p.name, p.schema] as const),
    );
    expect(ids.length).toBeGreaterThan(0);
    for (const [name, param, schema] of ids) {
      const expected =
        param === 'hitId' ? { type: 'string', pattern: '^[A-Za-z0-9_-]{1,64}$' } : { type: 'string', format: 'uuid' };
      expect({ name, param, schema }).toEqual({ name, param, schema: expected });
    }
  });

  it('documents problem details for the errors each operation can answer', () => {
    const problem = { $ref: '#/components/schemas/ProblemDetails' };
    for (const [name, op] of operations()) {
      const errors = Object.entries(op.responses).filter(
        ([status]) => Number(status) >= 400 && !(name === 'get /health' && status === '503'),
      );
      const roles = MATRIX.find((r) => `${r.method} ${r.path}` === name)!.roles;
      const idempotent = (op.parameters ?? []).some((p) => p.name === 'Idempotency-Key');
      const expected = [
        ...(roles.length === 0
          ? // /health is never rate limited (a load balancer's probe must see the service as it is).
            ['400', '413', '415', ...(name === 'get /health' ? [] : ['429']), '500']
          : ['400', '401', '413', '415', '429', '500', '503']),
        ...(roles.length > 0 && roles.length < ALL.length ? ['403'] : []),
        ...(name.includes('{') ? ['404'] : []),
        ...(idempotent ? ['409', '422'] : []),
      ];
      expect({ name, statuses: errors.map(([s]) => s) }).toEqual({ name, statuses: expect.arrayContaining(expected) });
      for (const [status, response] of errors) {
        expect({ name, status, content: response.content }).toEqual({
          name,
          status,
          content: { 'application/problem+json': { schema: problem } },
        });
      }
    }
  });

  it('gives every nullable or free-form field a real type', () => {
    const bare = schemaNodes(stack.openapi.components?.schemas, '#/components/schemas').filter(
      ([, s]) =>
        s.type === 'object' &&
        s.properties === undefined &&
        s.additionalProperties === undefined &&
        s.allOf === undefined,
    );
    expect(bare.map(([at]) => at)).toEqual([]);
  });

  it('the response check refuses a body, a status or a media type the spec does not describe', () => {
    const validator = new OpenApiValidator(stack.openapi as unknown as OpenApiDocument);
    const answer = (status: number, body: unknown, contentType = 'application/json; charset=utf-8'): Answer => ({
      method: 'GET',
      url: `http://127.0.0.1:1/v1/applications/${ownId}?x=1`,
      status,
      contentType,
      requestId: 'r-1',
      bodyLength: JSON.stringify(body).length,
      body,
    });
    expect(validator.check(answer(200, { id: ownId }))).toEqual([
      expect.stringMatching(
        /^ApplicationsController_get \(GET \/v1\/applications\/\{id\}\) 200 application\/json: \(body\) must have required property/,
      ),
    ]);
    expect(validator.check(answer(418, {}))).toEqual([
      expect.stringContaining('answered 418, which the spec does not document'),
    ]);
    expect(validator.check(answer(200, {}, 'text/html'))).toEqual([expect.stringContaining('answered text/html')]);
  });

  it('the committed openapi.json matches the running app', () => {
    const file = join(__dirname, '..', '..', 'openapi.json');
    const current = `${JSON.stringify(stack.openapi, null, 2)}\n`;
    if (process.env.UPDATE_OPENAPI === '1') writeFileSync(file, current);
    expect(readFileSync(file, 'utf8')).toBe(current);
  });
});

/**
 * No input can wedge an application: text PostgreSQL cannot store (U+0000, an unpaired surrogate;
 * see test/integration/unstorable-text.test.ts) is refused at the edge with 400 VALIDATION_FAILED
 * naming the field, in every free-text field, query parameter and multipart part, and the refused
 * request leaves nothing stored: the status, version and timeline stay as they were, and the
 * application still takes the same action with storable text afterwards.
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { DEFAULT_POLICY, type Role } from '@mo/domain';
import { connectDatabase } from '../support/database';
import { createApplicationBody, uniquePdf } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;
const MERCHANT = 'unstorable-merchant';
let draftId: string;
let reviewId: string;

beforeAll(async () => {
  stack = await startStack('unstorable-input');
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
  draftId = (await http.post('merchant', MERCHANT, '/v1/applications', createApplicationBody(), 201)).body.id as string;
  reviewId = await http.inReview(MERCHANT, 'alice');
});
afterAll(async () => {
  await stack.stop();
  await db.destroy();
});

/** What a refused request must not change. */
async function stored(id: string): Promise<unknown> {
  const view = await http.view(id, 'admin', 'root');
  const timeline = await http.get('admin', 'root', `/v1/applications/${id}/events`);
  const [docs] = await db.query<
    {
      n: number;
    }[]
  >('SELECT count(*)::int AS n FROM documents WHERE application_id = $1', [id]);
  const mine = await http.get('merchant', MERCHANT, '/v1/applications?limit=200');
  return {
    applications: (mine.body.items as unknown[]).length,
    status: view.status,
    version: view.version,
    profile: view.profile,
    assignee: view.assignee,
    events: timeline.body.events,
    documents: docs!.n,
  };
}

// NUL, a lone high and a lone low surrogate (what JSON.parse makes of "\u0000", "\ud83d", "\ude00").
const BAD = ['x\u0000y', 'x\ud83dy', '\ude00x'];

interface Case {
  readonly name: string;
  readonly role: Role;
  readonly sub: string;
  readonly method: 'post' | 'patch';
  readonly path: () => string;
  readonly id: () => string;
  readonly body: (bad: string) => object;
  readonly field: string;
}

const merchantDraft = { role: 'merchant', sub: MERCHANT, id: () => draftId } as const;
const inReview = { id: () => reviewId } as const;
const CASES: Case[] = [
  ...(
    [
      ['business', 'legalName'],
      ['business', 'registeredAddress'],
      ['business', 'businessScope'],
      ['legalRepresentative', 'name'],
      ['bankAccount', 'holderName'],
      ['bankAccount', 'bankName'],
      ['bankAccount', 'branch'],
    ] as const
  ).flatMap(([section, field]): Case[] => [
    {
      name: `create ${section}.${field}`,
      ...merchantDraft,
      method: 'post',
      path: () => '/v1/applications',
      body: (bad) => ({ [section]: { [field]: bad } }),
      field: `${section}.${field}`,
    },
    {
      name: `edit ${section}.${field}`,
      ...merchantDraft,
      method: 'patch',
      path: () => `/v1/applications/${draftId}`,
      body: (bad) => ({ [section]: { [field]: bad } }),
      field: `${section}.${field}`,
    },
  ]),
  {
    name: 'passport number',
    ...merchantDraft,
    method: 'patch',
    path: () => `/v1/applications/${draftId}`,
    body: (bad) => ({ legalRepresentative: { idType: 'passport', idNumber: `E123${bad}45` } }),
    field: 'legalRepresentative.idNumber',
  },
  {
    name: 'a key of the body',
    ...merchantDraft,
    method: 'patch',
    path: () => `/v1/applications/${draftId}`,
    body: (bad) => ({ business: { [`legal${bad}Name`]: 'Example Co.' } }),
    field: 'business.legal',
  },
  {
    name: 'withdraw reason',
    ...merchantDraft,
    method: 'post',
    path: () => `/v1/applications/${draftId}/withdraw`,
    body: (bad) => ({ reason: bad }),
    field: 'reason',
  },
  {
    name: 'agreement signatory',
    ...merchantDraft,
    method: 'post',
    path: () => `/v1/applications/${draftId}/agreement`,
    body: (bad) => ({ version: DEFAULT_POLICY.agreementVersion, signatory: `Li ${bad}` }),
    field: 'signatory',
  },
  {
    name: 'resubmitted change',
    ...merchantDraft,
    method: 'post',
    path: () => `/v1/applications/${draftId}/resubmit`,
    body: (bad) => ({ changes: { business: { legalName: bad } } }),
    field: 'changes.business.legalName',
  },
  {
    name: 'internal note',
    ...inReview,
    role: 'reviewer',
    sub: 'alice',
    method: 'post',
    path: () => `/v1/applications/${reviewId}/notes`,
    body: (bad) => ({ note: bad }),
    field: 'note',
  },
  {
    name: 'request-changes message',
    ...inReview,
    role: 'reviewer',
    sub: 'alice',
    method: 'post',
    path: () => `/v1/applications/${reviewId}/decisions`,
    body: (bad) => ({
      decision: 'request_changes',
      reasons: [{ target: 'business_license', code: 'DOCUMENT_UNREADABLE', message: bad }],
    }),
    field: 'reasons.0.message',
  },
  {
    name: 'reject message',
    ...inReview,
    role: 'reviewer',
    sub: 'alice',
    method: 'post',
    path: () => `/v1/applications/${reviewId}/decisions`,
    body: (bad) => ({ decision: 'reject', code: 'PROHIBITED_CATEGORY', message: bad }),
    field: 'message',
  },
  {
    name: 'decision note',
    ...inReview,
    role: 'reviewer',
    sub: 'alice',
    method: 'post',
    path: () => `/v1/applications/${reviewId}/decisions`,
    body: (bad) => ({ decision: 'approve', note: bad }),
    field: 'note',
  },
  {
    name: 'cancel reason',
    ...inReview,
    role: 'admin',
    sub: 'root',
    method: 'post',
    path: () => `/v1/applications/${reviewId}/cancel`,
    body: (bad) => ({ reason: bad }),
    field: 'reason',
  },
  {
    name: 'reassigned reviewer',
    ...inReview,
    role: 'admin',
    sub: 'root',
    method: 'post',
    path: () => `/v1/applications/${reviewId}/reassign`,
    body: (bad) => ({ reviewerId: `bob${bad}`, reviewerRole: 'reviewer' }),
    field: 'reviewerId',
  },
];

const fieldsOf = (res: request.Response): string[] => (res.body.errors as { field: string }[]).map((e) => e.field);

describe('text PostgreSQL cannot store is refused at the edge', () => {
  it('in every free-text field of every JSON body: 400 naming the field, nothing stored', async () => {
    const before = { draft: await stored(draftId), review: await stored(reviewId) };
    const answers: unknown[] = [];
    for (const c of CASES) {
      for (const bad of BAD) {
        const agent = request(stack.http);
        const res = await agent[c.method](c.path())
          .set(await http.as(c.role, c.sub))
          .set('Idempotency-Key', randomUUID())
          .send(c.body(bad));
        const named = res.status === 400 && fieldsOf(res).some((f) => f.startsWith(c.field));
        answers.push({ case: c.name, bad: JSON.stringify(bad), status: res.status, code: res.body.code, named });
      }
    }
    expect(answers).toEqual(
      answers.map((a) => ({ ...(a as object), status: 400, code: 'VALIDATION_FAILED', named: true })),
    );
    // Nothing was applied: no event, no revision, no decision, no claim change.
    expect({ draft: await stored(draftId), review: await stored(reviewId) }).toEqual(before);
  });

  it('the withdrawal the issue reported: refused, and the application still withdraws afterwards', async () => {
    const id = (await http.post('merchant', MERCHANT, '/v1/applications', createApplicationBody(), 201)).body
      .id as string;
    const before = await stored(id);
    // As the issue's merchant sent it: the JSON escape, not the character.
    const res = await request(stack.http)
      .post(`/v1/applications/${id}/withdraw`)
      .set(await http.as('merchant', MERCHANT))
      .set('Content-Type', 'application/json')
      .send('{"reason":"x\\u0000y"}');
    expect({ status: res.status, code: res.body.code, fields: fieldsOf(res) }).toEqual({
      status: 400,
      code: 'VALIDATION_FAILED',
      fields: ['reason'],
    });
    expect(await stored(id)).toEqual(before);
    await http.post('merchant', MERCHANT, `/v1/applications/${id}/withdraw`, { reason: 'x y' }, 200);
    const after = await http.eventually(id, (v) => v.status === 'withdrawn');
    expect(after.status).toBe('withdrawn');
  });

  it('in query parameters: the NUL, the surrogate and percent-encoding that is not UTF-8 are 400 naming it', async () => {
    const answers: unknown[] = [];
    for (const query of ['assignee=x%00y', 'assignee=%ED%A0%BD', 'assignee=%FF', 'assignee=%E4%B8', 'assi%00gnee=me']) {
      const res = await http.get('reviewer', 'alice', `/v1/review/queue?${query}`);
      answers.push({ query, status: res.status, code: res.body.code, fields: fieldsOf(res) });
    }
    expect(answers).toEqual([
      { query: 'assignee=x%00y', status: 400, code: 'VALIDATION_FAILED', fields: ['assignee'] },
      { query: 'assignee=%ED%A0%BD', status: 400, code: 'VALIDATION_FAILED', fields: ['assignee'] },
      { query: 'assignee=%FF', status: 400, code: 'VALIDATION_FAILED', fields: ['assignee'] },
      { query: 'assignee=%E4%B8', status: 400, code: 'VALIDATION_FAILED', fields: ['assignee'] },
      { query: 'assi%00gnee=me', status: 400, code: 'VALIDATION_FAILED', fields: ['assi\\u0000gnee'] },
    ]);
    // Storable text still works, astral characters included.
    for (const assignee of ['me', '%F0%9F%98%80', 'x%01y']) {
      const ok = await http.get('reviewer', 'alice', `/v1/review/queue?assignee=${assignee}`);
      expect({ assignee, status: ok.status }).toEqual({ assignee, status: 200 });
    }
  });

  it('in path ids and the stored Idempotency-Key header: 400 naming them, nothing stored', async () => {
    const before = await stored(draftId);
    const answers: unknown[] = [];
    for (const id of ['%00', `${draftId}%00`, '%ED%A0%BD', '%F0%9F%98%80']) {
      const res = await http.get('merchant', MERCHANT, `/v1/applications/${id}`);
      answers.push({ id, status: res.status, code: res.body.code, fields: fieldsOf(res) });
    }
    const named = { status: 400, code: 'VALIDATION_FAILED', fields: ['id'] };
    expect(answers).toEqual([
      { id: '%00', ...named },
      { id: `${draftId}%00`, ...named },
      // The router cannot decode it at all: malformed, before any parameter exists.
      { id: '%ED%A0%BD', status: 400, code: 'MALFORMED_REQUEST', fields: [] },
      { id: '%F0%9F%98%80', ...named },
    ]);
    // Idempotency keys are stored (idempotency_keys): visible ASCII only, so neither NUL nor any
    // non-ASCII byte (Node's parser itself refuses a raw NUL in a header).
    for (const key of ['k\u00e9y', 'k y', 'k\ty']) {
      const res = await request(stack.http)
        .post(`/v1/applications/${draftId}/withdraw`)
        .set(await http.as('merchant', MERCHANT))
        .set('Idempotency-Key', key)
        .send({ reason: 'x' });
      expect({ key: JSON.stringify(key), status: res.status, code: res.body.code, fields: fieldsOf(res) }).toEqual({
        key: JSON.stringify(key),
        status: 400,
        code: 'VALIDATION_FAILED',
        fields: ['Idempotency-Key'],
      });
    }
    expect(await stored(draftId)).toEqual(before);
  });

  it('a JSON body that is not UTF-8 is 400, and nothing stored', async () => {
    const before = await stored(draftId);
    for (const bytes of [[0xff, 0xfe], [0xed, 0xa0, 0xbd], [0xc3]]) {
      const body = Buffer.concat([Buffer.from('{"business":{"legalName":"x'), Buffer.from(bytes), Buffer.from('y"}}')]);
      const res = await request(stack.http)
        .patch(`/v1/applications/${draftId}`)
        .set(await http.as('merchant', MERCHANT))
        .set('Content-Type', 'application/json')
        // Bytes as they are (superagent would JSON-serialize a Buffer under a JSON content type).
        .serialize((raw: unknown) => raw as string)
        .send(body);
      expect({ bytes, status: res.status, code: res.body.code }).toEqual({
        bytes,
        status: 400,
        code: 'MALFORMED_REQUEST',
      });
    }
    expect(await stored(draftId)).toEqual(before);
  });
});

/** A multipart upload written by hand, so a part's header can say exactly what a test needs. */
function multipart(parts: { disposition: string; type?: string; content: Buffer | string }[]): {
  boundary: string;
  body: Buffer;
} {
  const boundary = `----unstorable${randomUUID()}`;
  const chunks = parts.flatMap((p) => [
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; ${p.disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}\r\n`,
    ),
    Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content),
    Buffer.from('\r\n'),
  ]);
  return { boundary, body: Buffer.concat([...chunks, Buffer.from(`--${boundary}--\r\n`)]) };
}

async function upload(parts: Parameters<typeof multipart>[0]): Promise<request.Response> {
  const { boundary, body } = multipart(parts);
  return request(stack.http)
    .post(`/v1/applications/${draftId}/documents`)
    .set(await http.as('merchant', MERCHANT))
    .set('Content-Type', `multipart/form-data; boundary=${boundary}`)
    .send(body);
}

const filePart = (filename: string) => ({
  disposition: `name="file"; ${filename}`,
  type: 'application/pdf',
  content: uniquePdf(),
});

describe('multipart uploads', () => {
  it('a field value, a field name or a file name that cannot be stored is 400 naming it, nothing stored', async () => {
    const before = await stored(draftId);
    const answers: unknown[] = [];
    for (const [label, parts] of [
      ['type value', [{ disposition: 'name="type"', content: 'business_license\u0000' }, filePart('filename="a.pdf"')]],
      [
        'field name',
        [
          { disposition: 'name="type"', content: 'business_license' },
          { disposition: 'name="no\u0000te"', content: 'x' },
          filePart('filename="a.pdf"'),
        ],
      ],
      [
        'raw NUL in the file name',
        [{ disposition: 'name="type"', content: 'business_license' }, filePart('filename="a\u0000b.pdf"')],
      ],
      [
        'encoded NUL in the file name',
        [{ disposition: 'name="type"', content: 'business_license' }, filePart("filename*=utf-8''a%00b.pdf")],
      ],
    ] as const) {
      const res = await upload([...parts]);
      answers.push({ label, status: res.status, code: res.body.code, fields: fieldsOf(res) });
    }
    expect(answers).toEqual([
      { label: 'type value', status: 400, code: 'VALIDATION_FAILED', fields: ['type'] },
      // busboy refuses a part header with a raw NUL itself: malformed, before any field exists.
      { label: 'field name', status: 400, code: 'MALFORMED_REQUEST', fields: [] },
      { label: 'raw NUL in the file name', status: 400, code: 'MALFORMED_REQUEST', fields: [] },
      { label: 'encoded NUL in the file name', status: 400, code: 'VALIDATION_FAILED', fields: ['file'] },
    ]);
    expect(await stored(draftId)).toEqual(before);
  });

  it('a long file name is kept to 255 characters without splitting a surrogate pair', async () => {
    const name = `${'a'.repeat(254)}😀.pdf`;
    const res = await upload([
      { disposition: 'name="type"', content: 'business_license' },
      filePart(`filename*=utf-8''${encodeURIComponent(name)}`),
    ]);
    expect(res.status).toBe(201);
    const [row] = await db.query<
      {
        original_name: string;
      }[]
    >('SELECT original_name FROM documents WHERE id = $1', [res.body.id]);
    expect(row!.original_name).toBe(`${'a'.repeat(254)}😀`);
  });
});

/**
 * The spec describes requests too. Requests generated from openapi.json's own request schemas
 * (path parameters, query parameters, headers, JSON and multipart bodies), so valid by the spec,
 * must never be refused with 400 (the spec would then have omitted a constraint a DTO enforces)
 * and never answer 5xx; 404 for an unknown id, 409 for a state that refuses the action or 422 for
 * a rule are answers the spec documents and are fine. Every answer is also checked against the
 * spec's responses (test/support/openapi-responses.ts). And a method a declared path does not take
 * is 405 with `Allow`, not 404.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { isCalendarDate, isValidResidentId, ownerShapeErrors, type BeneficialOwner, type Role } from '@mo/domain';
import { isStorableText } from '@mo/domain';
import { connectDatabase } from '../support/database';
import { randomUscc, uniquePdf } from '../support/factories';
import { recordFigures } from '../support/figures';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

type Schema = Record<string, any>;
interface Parameter {
  readonly name: string;
  readonly in: 'path' | 'query' | 'header';
  readonly required?: boolean;
  readonly schema?: Schema;
}
interface Operation {
  readonly operationId?: string;
  readonly parameters?: Parameter[];
  readonly requestBody?: { readonly required?: boolean; readonly content: Record<string, { schema: Schema }> };
  readonly security?: unknown[];
}

const SPEC = JSON.parse(readFileSync(join(__dirname, '..', '..', 'openapi.json'), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const ROLES: readonly Role[] = ['merchant', 'reviewer', 'senior_reviewer', 'admin'];
const MERCHANT = 'fuzz-merchant';
/** Requests per operation: about 300 in all, bounded in time (FUZZ_RUNS and FUZZ_SEED explore further). */
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 10);
const SEED = Number(process.env.FUZZ_SEED ?? 20);

let stack: Stack;
let db: DataSource;
let http: HttpDriver;
/** Ids a generated path may name: the merchant's own applications (else an unknown uuid, 404). */
const applications: string[] = [];
const documents: string[] = [];
let feedbackId: string;

beforeAll(async () => {
  stack = await startStack('spec-fuzz');
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
  applications.push(await http.inReview(MERCHANT, 'alice'));
  // One waiting for changes, so resubmissions meet a state that takes them (and one the fuzzer leaves alone).
  applications.push(await changesRequested());
  feedbackId = await changesRequested();
  const draft = await http.completeDraft(MERCHANT);
  applications.push(draft);
  const rows = await db.query<{ id: string }[]>('SELECT id FROM documents WHERE application_id = $1', [draft]);
  documents.push(...rows.map((r) => r.id));
}, 120_000);
afterAll(async () => {
  await stack.stop();
  await db.destroy();
});

async function changesRequested(): Promise<string> {
  const id = await http.inReview(MERCHANT, 'alice');
  const reasons = [
    { target: 'business', code: 'INCOMPLETE_INFORMATION', message: 'Complete the business section' },
    { target: 'business_license', code: 'DOCUMENT_UNREADABLE', message: 'Upload a sharper scan' },
  ];
  await http.post(
    'reviewer',
    'alice',
    `/v1/applications/${id}/decisions`,
    { decision: 'request_changes', reasons },
    200,
  );
  await http.eventually(id, (v) => v.status === 'changes_requested');
  return id;
}

const resolve = (schema: Schema): Schema => {
  if (typeof schema.$ref !== 'string') return schema;
  const name = schema.$ref.replace('#/components/schemas/', '');
  return resolve(SPEC.components.schemas[name]!);
};

/** allOf flattened and one oneOf/anyOf variant chosen: the variant's keywords narrow the base. */
function merge(base: Schema, extra: Schema): Schema {
  const out: Schema = { ...base, ...extra };
  if (base.properties !== undefined || extra.properties !== undefined) {
    const properties: Schema = { ...(base.properties ?? {}) };
    for (const [k, v] of Object.entries((extra.properties ?? {}) as Schema)) {
      properties[k] = properties[k] === undefined ? v : merge(resolve(properties[k] as Schema), v as Schema);
    }
    out.properties = properties;
  }
  if (base.required !== undefined || extra.required !== undefined) {
    out.required = [...new Set([...(base.required ?? []), ...(extra.required ?? [])])];
  }
  return out;
}

const RESIDENT_ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const residentId = fc
  .tuple(
    fc.integer({ min: 110000, max: 659999 }),
    fc.date({ min: new Date('1940-01-01'), max: new Date('2008-12-31'), noInvalidDate: true }),
    fc.integer({ min: 0, max: 999 }),
  )
  .map(([area, born, serial]) => {
    const body = `${area}${born.toISOString().slice(0, 10).replace(/-/g, '')}${String(serial).padStart(3, '0')}`;
    const sum = [...body].reduce((s, d, i) => s + Number(d) * RESIDENT_ID_WEIGHTS[i]!, 0);
    return `${body}${'10X98765432'[sum % 11]!}`;
  });

/** Generators for the formats the spec uses (its own included: uscc, resident-id, id-number). */
const FORMATS: Record<string, fc.Arbitrary<string>> = {
  uuid: fc.uuid(),
  'date-time': fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  date: fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString().slice(0, 10)),
  email: fc.emailAddress(),
  uri: fc.webUrl({ validSchemes: ['https'] }),
  uscc: fc.constant(null).map(() => randomUscc()),
  'resident-id': residentId,
  'id-number': fc.oneof(residentId, fc.stringMatching(/^[A-Z][0-9]{8}$/)),
  // A queue page's nextCursor, as the API mints one (its SLA due time and application id).
  cursor: fc
    .tuple(fc.date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true }), fc.uuid())
    .map(([due, id]) => Buffer.from(JSON.stringify([due.toISOString(), id])).toString('base64url')),
};

/** A string the schema allows: text PostgreSQL can store (the spec says so in its description). */
function stringOf(schema: Schema): fc.Arbitrary<string> {
  if (schema.enum !== undefined) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.format !== undefined && FORMATS[schema.format] !== undefined) return FORMATS[schema.format]!;
  const minLength = (schema.minLength as number | undefined) ?? 0;
  const maxLength = Math.min((schema.maxLength as number | undefined) ?? 64, minLength + 64);
  if (schema.pattern !== undefined) {
    return fc
      .stringMatching(new RegExp(schema.pattern as string))
      .filter((s) => [...s].length >= minLength && [...s].length <= ((schema.maxLength as number) ?? Infinity))
      .filter(isStorableText);
  }
  return fc.string({ unit: 'binary', minLength, maxLength }).filter(isStorableText);
}

function arbitrary(input: Schema, depth = 0): fc.Arbitrary<unknown> {
  let schema = resolve(input);
  for (const part of (schema.allOf ?? []) as Schema[]) schema = merge({ ...schema, allOf: undefined }, resolve(part));
  const variants = (schema.oneOf ?? schema.anyOf) as Schema[] | undefined;
  if (variants !== undefined) {
    const base = { ...schema, oneOf: undefined, anyOf: undefined };
    return fc.oneof(...variants.map((v) => arbitraryObject(merge(base, v), depth)));
  }
  if (schema.enum !== undefined) return fc.constantFrom(...(schema.enum as unknown[]));
  switch (schema.type) {
    case 'string':
      return stringOf(schema);
    case 'integer':
      return fc.integer({
        min: (schema.minimum as number | undefined) ?? -1_000_000,
        max: (schema.maximum as number | undefined) ?? 1_000_000,
      });
    case 'number':
      if (typeof schema.multipleOf === 'number') {
        const step = schema.multipleOf;
        const min = Math.ceil(((schema.minimum as number | undefined) ?? -1e6) / step);
        const max = Math.floor(((schema.maximum as number | undefined) ?? 1e6) / step);
        return fc.integer({ min, max }).map((n) => Number((n * step).toFixed(10)));
      }
      return fc.double({
        min: (schema.minimum as number | undefined) ?? -1e6,
        max: (schema.maximum as number | undefined) ?? 1e6,
        noNaN: true,
      });
    case 'boolean':
      return fc.boolean();
    case 'array': {
      const items = arbitrary(schema.items as Schema, depth + 1);
      const constraints = {
        minLength: (schema.minItems as number | undefined) ?? 0,
        maxLength: Math.min((schema.maxItems as number | undefined) ?? 3, 3),
      };
      const list =
        schema.uniqueItems === true
          ? fc.uniqueArray(items, { ...constraints, selector: (v) => JSON.stringify(v) })
          : fc.array(items, constraints);
      // Rules across the owners JSON Schema cannot state (unique ids, a total of at most 100): the
      // spec states them in words, and the domain's own check keeps only lists that keep them.
      return (schema.items as Schema).$ref === '#/components/schemas/BeneficialOwnerDto'
        ? list.filter((owners) => ownerShapeErrors(owners as BeneficialOwner[]).length === 0)
        : list;
    }
    default:
      return arbitraryObject(schema, depth);
  }
}

function arbitraryObject(schema: Schema, depth: number): fc.Arbitrary<unknown> {
  if (schema.not !== undefined) {
    // `not: { required: [...] }`: those keys are left out.
    const without = new Set((schema.not as Schema).required as string[]);
    const properties = Object.fromEntries(
      Object.entries((schema.properties ?? {}) as Schema).filter(([k]) => !without.has(k)),
    );
    return arbitraryObject({ ...schema, not: undefined, properties }, depth);
  }
  if (schema.properties === undefined && schema.additionalProperties !== undefined) {
    const values = schema.additionalProperties === true ? fc.string() : arbitrary(schema.additionalProperties, depth);
    return fc.dictionary(fc.string({ minLength: 1, maxLength: 10 }).filter(isStorableText), values, { maxKeys: 2 });
  }
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const shape = Object.fromEntries(Object.entries(properties).map(([k, v]) => [k, arbitrary(v, depth + 1)]));
  return fc.record(shape, { requiredKeys: (schema.required ?? []) as string[] });
}

interface Generated {
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: Record<string, string>;
  readonly body?: unknown;
  readonly multipart?: { fields: Record<string, string>; file: Buffer };
}

/** `wait` is held to 1 second so a long poll cannot make the run slow (the schema allows 1-30). */
const QUERY_OVERRIDES: Record<string, fc.Arbitrary<unknown>> = { wait: fc.constant(1) };

function requestFor(template: string, operation: Operation): fc.Arbitrary<Generated> {
  const params = operation.parameters ?? [];
  const pathParams = params.filter((p) => p.in === 'path');
  const idFor = (name: string): fc.Arbitrary<string> =>
    name === 'documentId'
      ? fc.oneof(fc.constantFrom(...documents), fc.uuid())
      : template.startsWith('/v1/applications/')
        ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...applications) }, fc.uuid())
        : fc.uuid();
  const path = fc
    .tuple(...pathParams.map((p) => idFor(p.name)))
    .map((values) => pathParams.reduce((url, p, i) => url.replace(`{${p.name}}`, values[i]!), template));
  const optional = (p: Parameter, value: fc.Arbitrary<unknown>) =>
    p.required === true
      ? value.map((v) => [p.name, String(v)] as const)
      : fc.option(
          value.map((v) => [p.name, String(v)] as const),
          { nil: undefined },
        );
  const query = fc
    .tuple(
      ...params
        .filter((p) => p.in === 'query')
        .map((p) => optional(p, QUERY_OVERRIDES[p.name] ?? arbitrary(p.schema ?? { type: 'string' }))),
    )
    .map((pairs) => Object.fromEntries(pairs.filter((p) => p !== undefined)));
  const headers = fc
    .tuple(
      ...params
        .filter((p) => p.in === 'header')
        // A header value is visible ASCII on the wire, whatever else its schema says.
        .map((p) => optional(p, arbitrary({ pattern: '^[\\x21-\\x7e]*$', ...(p.schema ?? { type: 'string' }) }))),
    )
    .map((pairs) => Object.fromEntries(pairs.filter((p) => p !== undefined)));
  const content = operation.requestBody?.content ?? {};
  const json = content['application/json']?.schema;
  const form = content['multipart/form-data']?.schema;
  const body: fc.Arbitrary<Pick<Generated, 'body' | 'multipart'>> =
    json !== undefined
      ? arbitrary(json).map((b) => ({ body: b }))
      : form !== undefined
        ? (
            arbitrary({
              ...resolve(form),
              properties: Object.fromEntries(
                Object.entries(resolve(form).properties as Schema).filter(([, v]) => (v as Schema).format !== 'binary'),
              ),
              required: ((resolve(form).required ?? []) as string[]).filter((k) => k !== 'file'),
            }) as fc.Arbitrary<Record<string, string>>
          ).map((fields) => ({ multipart: { fields, file: uniquePdf() } }))
        : fc.constant({});
  return fc.record({ path, query, headers, extra: body }).map(({ extra, ...rest }) => ({ ...rest, ...extra }));
}

async function send(method: string, generated: Generated, role: Role): Promise<request.Response> {
  const sub = role === 'merchant' ? MERCHANT : `${role}-fuzz`;
  const agent = request(stack.http);
  let req = agent[method as (typeof METHODS)[number]](generated.path).query(generated.query);
  req = req.set(await http.as(role, sub));
  for (const [name, value] of Object.entries(generated.headers)) req = req.set(name, value);
  if (generated.multipart !== undefined) {
    for (const [name, value] of Object.entries(generated.multipart.fields)) req = req.field(name, value);
    return req.attach('file', generated.multipart.file, { filename: 'f.pdf', contentType: 'application/pdf' });
  }
  return generated.body === undefined ? req : req.send(generated.body as object);
}

const operations = Object.entries(SPEC.paths).flatMap(([template, item]) =>
  Object.entries(item).map(([method, operation]) => ({ template, method, operation })),
);

describe('requests valid by openapi.json', () => {
  it('are never refused with 400 and never answer 5xx', async () => {
    const refused: unknown[] = [];
    const statuses: Record<string, number> = {};
    let sent = 0;
    for (const { template, method, operation } of operations) {
      // The role that may call it: the first one the guard lets through (403 is a role, not a request, question).
      let role: Role = 'merchant';
      for (const candidate of ROLES) {
        const probe = await send(
          method,
          fc.sample(requestFor(template, operation), { numRuns: 1, seed: 1 })[0]!,
          candidate,
        );
        if (probe.status !== 403) {
          role = candidate;
          break;
        }
      }
      await fc.assert(
        fc.asyncProperty(requestFor(template, operation), async (generated) => {
          const res = await send(method, generated, role);
          sent++;
          statuses[res.status] = (statuses[res.status] ?? 0) + 1;
          if (res.status === 400 || res.status >= 500) {
            refused.push({
              operation: `${method.toUpperCase()} ${template}`,
              role,
              request: generated,
              status: res.status,
              code: res.body.code,
              errors: res.body.errors,
            });
          }
        }),
        { numRuns: RUNS_PER_OPERATION, seed: SEED },
      );
    }
    recordFigures('spec-fuzz', { operations: operations.length, requests: sent, statuses });
    expect(refused).toEqual([]);
  }, 120_000);
});

describe('what the spec cannot predict from a request alone', () => {
  it('a resubmission that changes nothing is a rule of the current profile (422), not a bad request', async () => {
    const before = await http.view(feedbackId, 'admin', 'root');
    for (const body of [{ changes: {} }, { changes: { business: {} } }, { changes: {}, documents: {} }]) {
      const res = await http.post('merchant', MERCHANT, `/v1/applications/${feedbackId}/resubmit`, body);
      expect({ body, status: res.status, code: res.body.code }).toEqual({ body, status: 422, code: 'RULE_VIOLATED' });
    }
    expect((await http.view(feedbackId, 'admin', 'root')).version).toBe(before.version);
  });

  it('a resubmitted document id that was not uploaded to the application is 422, not 400', async () => {
    const res = await http.post('merchant', MERCHANT, `/v1/applications/${feedbackId}/resubmit`, {
      changes: {},
      documents: { business_license: '3f1c3b9e-2f7d-4c4e-9a57-4f7f3d1a9b10' },
    });
    expect({
      status: res.status,
      code: res.body.code,
      fields: (res.body.errors as { field: string }[]).map((e) => e.field),
    }).toEqual({
      status: 422,
      code: 'RULE_VIOLATED',
      fields: ['documents.business_license'],
    });
  });

  it('wait without changedSince answers at once instead of 400', async () => {
    const started = Date.now();
    const res = await http.get('merchant', MERCHANT, `/v1/applications/${feedbackId}?wait=30`);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('methods a declared path does not take', () => {
  it('are 405 with Allow listing the declared methods, as problem details', async () => {
    const answers: unknown[] = [];
    const expected: unknown[] = [];
    for (const [template, item] of Object.entries(SPEC.paths)) {
      const declared = Object.keys(item).map((m) => m.toUpperCase());
      const allow = [...declared, ...(declared.includes('GET') ? ['HEAD'] : [])].sort();
      const path = template.replace(/\{[^}]+\}/g, '3f1c3b9e-2f7d-4c4e-9a57-4f7f3d1a9b10');
      for (const method of METHODS.filter((m) => item[m] === undefined)) {
        const agent = request(stack.http);
        const res = await agent[method](path).set(await http.as('admin', 'root'));
        answers.push({ method, template, status: res.status, allow: res.headers.allow, code: res.body.code });
        expected.push({ method, template, status: 405, allow: allow.join(', '), code: 'METHOD_NOT_ALLOWED' });
      }
    }
    expect(answers).toEqual(expected);
    expect(answers.length).toBeGreaterThan(12);
    // An unknown path stays 404, and a declared method's own 404 (an unknown id) is no 405.
    const unknown = await request(stack.http)
      .delete('/v1/nothing-here')
      .set(await http.as('admin', 'root'));
    expect({ status: unknown.status, code: unknown.body.code }).toEqual({ status: 404, code: 'ROUTE_NOT_FOUND' });
    const missing = await http.get('admin', 'root', '/v1/applications/3f1c3b9e-2f7d-4c4e-9a57-4f7f3d1a9b10');
    expect({ status: missing.status, code: missing.body.code }).toEqual({ status: 404, code: 'APPLICATION_NOT_FOUND' });
    // Titles in both languages.
    const zh = await request(stack.http).put('/v1/applications').set('Accept-Language', 'zh-CN');
    expect({ status: zh.status, title: zh.body.title }).toEqual({ status: 405, title: '该接口不支持此请求方法' });
  });
});

it('the generator makes what the validators accept for the custom formats', () => {
  for (const id of fc.sample(residentId, 50)) expect(isValidResidentId(id)).toBe(true);
  for (const d of fc.sample(FORMATS.date!, 50)) expect(isCalendarDate(d)).toBe(true);
});

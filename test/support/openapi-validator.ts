/**
 * Checks HTTP answers against the committed openapi.json, the document typed clients are generated
 * from: the operation (method + path template) must document the status, the media type, and a
 * JSON body must match that media type's schema. Objects are closed (a field the spec does not
 * name is a violation) and OpenAPI 3.0 `nullable` is read as "this schema or null".
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

interface MediaType {
  readonly schema?: JsonObject;
}
interface ResponseSpec {
  readonly content?: Record<string, MediaType>;
}
interface Operation {
  readonly operationId?: string;
  readonly responses: Record<string, ResponseSpec>;
}
export interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components?: { readonly schemas?: Record<string, JsonObject> };
}

/** What the validator needs of an answer (a supertest Response has all of it). */
export interface Answer {
  readonly method: string;
  readonly url: string;
  readonly status: number;
  readonly contentType: string | undefined;
  /** X-Request-Id: the API sets it on every answer it makes (Node's HTTP parser answers some requests itself). */
  readonly requestId: string | undefined;
  /** The raw body length: 0 when the answer has no body. */
  readonly bodyLength: number;
  readonly body: unknown;
}

const SCHEMA_ID = 'openapi.json';
const JSON_MEDIA = /^application\/(?:[\w.+-]+\+)?json$/;

/** OpenAPI 3.0 → JSON Schema: `nullable` becomes `anyOf [null, …]`, objects with properties are closed. */
function toJsonSchema(node: Json): Json {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    // `properties` maps names to schemas, `example` is data: neither is a schema keyword to rewrite.
    if (key === 'properties' && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, toJsonSchema(schema)]));
    } else if (key === 'example' || key === 'examples') {
      out[key] = value;
    } else {
      out[key] = toJsonSchema(value);
    }
  }
  if (out.properties !== undefined && out.additionalProperties === undefined) out.additionalProperties = false;
  if (out.nullable === true) {
    delete out.nullable;
    return { anyOf: [{ type: 'null' }, out] };
  }
  delete out.nullable;
  return out;
}

const pointer = (...parts: string[]): string =>
  parts.map((p) => encodeURIComponent(p.replace(/~/g, '~0').replace(/\//g, '~1'))).join('/');

interface Route {
  readonly template: string;
  readonly pattern: RegExp;
  readonly params: number;
}

export class OpenApiValidator {
  private readonly ajv: Ajv;
  private readonly routes: Route[];
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly document: OpenApiDocument) {
    this.ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(this.ajv);
    this.ajv.addSchema(toJsonSchema(document as unknown as Json) as object, SCHEMA_ID);
    this.routes = Object.keys(document.paths)
      .map((template) => {
        const source = template
          .split('/')
          .map((segment) => (/^\{[^}]+\}$/.test(segment) ? '[^/]+' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
          .join('/');
        return { template, pattern: new RegExp(`^${source}/?$`), params: (template.match(/\{/g) ?? []).length };
      })
      // A literal segment wins over a parameter (…/documents before …/{id}).
      .sort((a, b) => a.params - b.params);
  }

  static fromFile(file = join(__dirname, '..', '..', 'openapi.json')): OpenApiValidator {
    return new OpenApiValidator(JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument);
  }

  /** The problems with one answer; empty when the spec tells the truth about it. */
  check(answer: Answer): string[] {
    const path = answer.url.replace(/^[a-z]+:\/\/[^/]+/i, '').split('?')[0]!;
    const method = answer.method.toLowerCase();
    // Node refused the request before the API saw it (e.g. 431 for a huge URL): no operation answered.
    if (answer.requestId === undefined && answer.bodyLength === 0) return [];
    const route = this.routes.find((r) => r.pattern.test(path) && this.document.paths[r.template]![method]);
    const label = `${answer.method.toUpperCase()} ${path}`;
    if (route === undefined) return this.checkUnrouted(answer, label);
    const operation = this.document.paths[route.template]![method]!;
    const name = `${operation.operationId ?? '?'} (${answer.method.toUpperCase()} ${route.template})`;
    const status = String(answer.status);
    const documented = operation.responses[status] ?? operation.responses.default;
    if (documented === undefined) {
      return [
        `${name} answered ${status}, which the spec does not document (documented: ${Object.keys(operation.responses).join(', ')})`,
      ];
    }
    const responseKey = operation.responses[status] ? status : 'default';
    const content = documented.content ?? {};
    const media = answer.contentType?.split(';')[0]!.trim().toLowerCase();
    if (answer.bodyLength === 0 && Object.keys(content).length === 0) return [];
    if (media === undefined || answer.bodyLength === 0) {
      return [`${name} ${status}: the spec documents a body (${Object.keys(content).join(', ')}) but none came`];
    }
    const mediaKey = Object.keys(content).find(
      (m) => m === media || m === '*/*' || (m.endsWith('/*') && media.startsWith(m.slice(0, -1))),
    );
    if (mediaKey === undefined) {
      return [
        `${name} ${status}: answered ${media}, which the spec does not document (documented: ${Object.keys(content).join(', ') || 'no body'})`,
      ];
    }
    if (!JSON_MEDIA.test(media)) return [];
    if (content[mediaKey]!.schema === undefined) return [`${name} ${status} ${media}: the spec gives no schema`];
    const validate = this.validator(
      `${SCHEMA_ID}#${pointer('', 'paths', route.template, method, 'responses', responseKey, 'content', mediaKey, 'schema')}`,
    );
    return validate(answer.body) ? [] : [`${name} ${status} ${media}: ${describe(validate.errors ?? [])}`];
  }

  /** Outside the API's operations (an unknown route, /docs): an error must still be a problem document. */
  private checkUnrouted(answer: Answer, label: string): string[] {
    const media = answer.contentType?.split(';')[0]!.trim().toLowerCase();
    if (media !== 'application/problem+json' || this.document.components?.schemas?.ProblemDetails === undefined) {
      return [];
    }
    const validate = this.validator(`${SCHEMA_ID}#/components/schemas/ProblemDetails`);
    return validate(answer.body)
      ? []
      : [`${label} ${answer.status} (no operation): ${describe(validate.errors ?? [])}`];
  }

  private validator(ref: string): ValidateFunction {
    let validate = this.compiled.get(ref);
    if (validate === undefined) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    return validate;
  }
}

function describe(errors: readonly ErrorObject[]): string {
  return errors
    .slice(0, 8)
    .map(
      (e) =>
        `${e.instancePath || '(body)'} ${e.message ?? ''}${e.keyword === 'additionalProperties' ? ` '${String(e.params.additionalProperty)}'` : ''}`,
    )
    .join('; ');
}

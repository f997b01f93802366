/**
 * Every e2e test checks every HTTP answer it gets through supertest against openapi.json (see
 * openapi-validator.ts): a body, status or media type the spec does not describe fails the test
 * that received it, naming the operation, the status and the schema path.
 */
import type { Response } from 'supertest';
import { OpenApiValidator, type Answer } from './openapi-validator';

// supertest's Test class (CommonJS); its assert() sees every answer, with or without .expect().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Test = require('supertest/lib/test') as {
  prototype: {
    assert(this: { method: string; url: string }, err: unknown, res: Response | undefined, fn: unknown): void;
  };
};

const validator = OpenApiValidator.fromFile();
const violations: string[] = [];

export function answerOf(method: string, url: string, res: Response): Answer {
  const declared = Number(res.headers['content-length']);
  const body: unknown = res.body;
  const bodyLength = Number.isFinite(declared)
    ? declared
    : typeof res.text === 'string'
      ? res.text.length
      : Buffer.isBuffer(body)
        ? body.length
        : 0;
  return {
    method,
    url,
    status: res.status,
    contentType: res.headers['content-type'],
    requestId: res.headers['x-request-id'],
    bodyLength,
    body,
  };
}

const original = Test.prototype.assert; // eslint-disable-line @typescript-eslint/unbound-method -- called with its Test below
Test.prototype.assert = function (err, res, fn) {
  if (res !== undefined) {
    for (const problem of validator.check(answerOf(this.method, this.url, res))) violations.push(problem);
  }
  original.call(this, err, res, fn);
};

function takeViolations(): void {
  if (violations.length === 0) return;
  const found = violations.splice(0);
  throw new Error(`The answers do not match openapi.json:\n- ${[...new Set(found)].join('\n- ')}`);
}

afterEach(takeViolations);
afterAll(takeViolations);

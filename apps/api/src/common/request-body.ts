/**
 * What a request body may be, checked before any route sees it: JSON (or multipart on the upload
 * route), at most MAX_JSON_DEPTH levels deep, and without keys that name prototype machinery.
 */
import type { NextFunction, Request, Response } from 'express';
import { ApiError, ApiErrorCode, type FieldError } from '../errors/api-error';

/** Far deeper than any body of this API (a profile is three levels); deep enough for a codec payload. */
export const MAX_JSON_DEPTH = 32;
export const JSON_BODY_LIMIT = '100kb';

const MULTIPART_ROUTE = /^\/v1\/applications\/[^/]+\/documents\/?$/;
// Also every name Object.prototype has (toString, valueOf, hasOwnProperty…): a DTO instance
// inherits them, so the whitelist would take such a key for a declared property and let it through.
const PROTOTYPE_KEYS = new Set([
  '__proto__',
  'constructor',
  'prototype',
  ...Object.getOwnPropertyNames(Object.prototype),
]);

const hasBody = (req: Request): boolean =>
  req.headers['transfer-encoding'] !== undefined ||
  (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');

/**
 * A body in another media type would be skipped by the JSON parser and reach the route as an
 * empty object; refuse it instead (415), whatever the route.
 */
export function requireJsonOrUpload(req: Request, _res: Response, next: NextFunction): void {
  if (!hasBody(req)) return next();
  const [mediaType = '', ...params] = (req.headers['content-type'] ?? '').split(';').map((p) => p.trim());
  const type = mediaType.toLowerCase();
  if (type === 'multipart/form-data' && req.method === 'POST' && MULTIPART_ROUTE.test(req.path)) return next();
  if (type === 'application/json') {
    const charset = params
      .find((p) => /^charset=/i.test(p))
      ?.slice('charset='.length)
      .replace(/"/g, '');
    if (charset === undefined || /^utf-?8$/i.test(charset)) return next();
    return next(new ApiError(ApiErrorCode.UnsupportedMediaType, 'JSON bodies must be UTF-8'));
  }
  next(
    new ApiError(
      ApiErrorCode.UnsupportedMediaType,
      type === 'multipart/form-data'
        ? 'Only the document upload route takes multipart/form-data; this route takes application/json'
        : 'The request body must be JSON (Content-Type: application/json)',
    ),
  );
}

/**
 * Scans the raw bytes before JSON.parse: the depth of objects and arrays outside strings. A deeply
 * nested body would otherwise parse fine and then exhaust the stack of whatever walks it.
 */
export function assertJsonDepth(bytes: Buffer, max = MAX_JSON_DEPTH): void {
  let depth = 0;
  let inString = false;
  let escaped = false;
  for (const byte of bytes) {
    if (inString) {
      if (escaped) escaped = false;
      else if (byte === 0x5c) escaped = true;
      else if (byte === 0x22) inString = false;
    } else if (byte === 0x22) {
      inString = true;
    } else if (byte === 0x7b || byte === 0x5b) {
      if (++depth > max) {
        throw new ApiError(ApiErrorCode.MalformedRequest, `The JSON body is nested deeper than ${max} levels`);
      }
    } else if (byte === 0x7d || byte === 0x5d) {
      depth--;
    }
  }
}

const malformed = (): ApiError => new ApiError(ApiErrorCode.MalformedRequest, 'The request body is not valid JSON');

/**
 * Parses the raw JSON body (read by express.raw under JSON_BODY_LIMIT) after the depth scan: UTF-8
 * only, and like body-parser's strict mode only an object or an array at the top.
 */
export function parseJsonBody(req: Request, _res: Response, next: NextFunction): void {
  const bytes: unknown = req.body;
  if (!Buffer.isBuffer(bytes)) return next();
  try {
    assertJsonDepth(bytes);
    const text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    const first = text.trimStart()[0];
    if (first !== '{' && first !== '[') return next(malformed());
    req.body = JSON.parse(text) as unknown;
  } catch (err) {
    return next(err instanceof ApiError ? err : malformed());
  }
  next();
}

function prototypeKeys(value: unknown, path: string, found: FieldError[]): void {
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    const field = path ? `${path}.${key}` : key;
    if (PROTOTYPE_KEYS.has(key)) found.push({ field, message: `property ${key} should not exist` });
    else prototypeKeys(child, field, found);
  }
}

/**
 * `__proto__`, `constructor` and `prototype` are unknown keys like any other (400), rather than
 * being dropped silently by the object mapping while every other unknown key is refused.
 */
export function refusePrototypeKeys(req: Request, _res: Response, next: NextFunction): void {
  const found: FieldError[] = [];
  prototypeKeys(req.body as unknown, '', found);
  if (found.length === 0) return next();
  next(new ApiError(ApiErrorCode.ValidationFailed, 'The request is invalid', found));
}

/**
 * Text PostgreSQL can store (`isStorableText`, the domain's rule): checked at the edge, on every JSON
 * body, query parameter and multipart field, before anything reaches a workflow, the read model or a
 * query.
 */
import type { NextFunction, Request, Response } from 'express';
import { escapeUnstorable, isStorableText } from '@mo/domain';
import { ApiError, ApiErrorCode, type FieldError } from '../errors/api-error';

export const UNSTORABLE_MESSAGE =
  'must not contain U+0000 (NUL) or an unpaired UTF-16 surrogate (such as \\ud83d): they cannot be stored';

/** Every string (keys included) in a parsed JSON value, form fields or query that cannot be stored. */
export function unstorableFields(value: unknown, path = '', found: FieldError[] = []): FieldError[] {
  if (typeof value === 'string') {
    if (!isStorableText(value)) found.push({ field: escapeUnstorable(path) || '(body)', message: UNSTORABLE_MESSAGE });
    return found;
  }
  if (value === null || typeof value !== 'object') return found;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  for (const [key, child] of entries) {
    const field = path ? `${path}.${key}` : key;
    if (!isStorableText(key)) found.push({ field: escapeUnstorable(field), message: `the name ${UNSTORABLE_MESSAGE}` });
    else unstorableFields(child, field, found);
  }
  return found;
}

const refuse = (errors: FieldError[]): ApiError =>
  new ApiError(ApiErrorCode.ValidationFailed, 'The request contains text that cannot be stored', errors);

/**
 * The query string's names and values must be percent-encoded UTF-8: the query parser replaces an
 * invalid sequence (%FF, an encoded surrogate %ED%A0%BD) with U+FFFD, silently changing the value.
 */
function undecodableQuery(url: string): FieldError[] {
  const at = url.indexOf('?');
  if (at === -1) return [];
  const found: FieldError[] = [];
  for (const pair of url.slice(at + 1).split('&')) {
    const [rawName = '', ...rest] = pair.split('=');
    const decode = (s: string): string | undefined => {
      try {
        return decodeURIComponent(s.replace(/\+/g, ' '));
      } catch {
        return undefined;
      }
    };
    const name = decode(rawName);
    if (name === undefined || decode(rest.join('=')) === undefined) {
      found.push({ field: name ?? rawName, message: 'must be percent-encoded UTF-8' });
    }
  }
  return found;
}

/** Refuses (400 VALIDATION_FAILED naming the field) a JSON body or query string that cannot be stored. */
export function refuseUnstorableText(req: Request, _res: Response, next: NextFunction): void {
  const errors = [...undecodableQuery(req.originalUrl), ...unstorableFields(req.query)];
  if (!Buffer.isBuffer(req.body)) unstorableFields(req.body as unknown, '', errors);
  next(errors.length === 0 ? undefined : refuse(errors));
}

/** The same check for values the route's pipes see (multipart fields are parsed only by the route). */
export function assertStorable(value: unknown, path = ''): void {
  const errors = unstorableFields(value, path);
  if (errors.length > 0) throw refuse(errors);
}

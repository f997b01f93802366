import { createHash } from 'node:crypto';
import type { Actor } from '@mo/domain';
import { canonical } from '../common/idempotency.interceptor';

/**
 * The Temporal Update id for a request that carries an Idempotency-Key. Keys are scoped per caller
 * in PostgreSQL for 24 hours, but Temporal dedupes Update ids per workflow run for as long as the
 * run lives: the raw key would let one caller's key answer for another's, or an expired key answer
 * for a new request. So the id is a hash of who asked, what (the action, the application and the
 * request body) and the key; the same request retried with the same key gets the same id, and is
 * applied at most once.
 */
export function updateIdFor(
  caller: Actor,
  action: string,
  applicationId: string,
  key: string,
  request: unknown,
): string {
  const digest = createHash('sha256')
    .update([caller.role, caller.id, action, applicationId, key, canonical(request ?? {})].join('\0'))
    .digest('base64url');
  return `${action}:${digest}`;
}

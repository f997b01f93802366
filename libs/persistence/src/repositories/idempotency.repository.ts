import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** How long a key is remembered; older rows are purged (and a request may reuse the key). */
export const IDEMPOTENCY_TTL_HOURS = 24;

/**
 * What is kept of a finished request, instead of its answer: answers can hold secrets shown once
 * or unmasked ID and account numbers, so the store never holds one. An application answer is
 * rendered again for the caller on replay; any other answer is not replayable (409 with `code`).
 */
export type ReplayMarker =
  | { readonly replay: 'application'; readonly applicationId: string }
  | { readonly replay: 'refused'; readonly code: string };

export type IdempotencyClaim =
  | { readonly kind: 'new' }
  | { readonly kind: 'mismatch' }
  | { readonly kind: 'in_progress' }
  | { readonly kind: 'replay'; readonly statusCode: number; readonly marker: ReplayMarker | null };

function asMarker(value: unknown): ReplayMarker | null {
  if (value === null || typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if (v.replay === 'application' && typeof v.applicationId === 'string') {
    return { replay: 'application', applicationId: v.applicationId };
  }
  if (v.replay === 'refused' && typeof v.code === 'string') return { replay: 'refused', code: v.code };
  return null;
}

/**
 * Keys are scoped to the caller and kept for `ttlHours`; the first request with a key wins. A key
 * whose request never finished (its API process died, or could not record the answer) is held for
 * `leaseSeconds`; after that the same request may take it over and run again, which is safe
 * because the same request with the same key makes the same Temporal Update id (derived from
 * caller, action, request and key), so the workflow applies it at most once.
 */
@Injectable()
export class IdempotencyRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async claim(
    caller: string,
    key: string,
    requestHash: string,
    ttlHours: number,
    leaseSeconds: number,
  ): Promise<IdempotencyClaim> {
    // New, expired (forgotten after `ttlHours`) or unfinished past its lease: this request takes it.
    const inserted: unknown[] = await this.db.query(
      `INSERT INTO idempotency_keys (caller, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (caller, key) DO UPDATE
         SET created_at = now(), request_hash = EXCLUDED.request_hash,
             status_code = NULL, response = NULL, completed_at = NULL
         WHERE idempotency_keys.created_at < now() - make_interval(hours => $5)
            OR (idempotency_keys.status_code IS NULL
                AND idempotency_keys.request_hash = EXCLUDED.request_hash
                AND idempotency_keys.created_at < now() - make_interval(secs => $4))
       RETURNING key`,
      [caller, key, requestHash, leaseSeconds, ttlHours],
    );
    if (inserted.length > 0) return { kind: 'new' };
    const rows: { request_hash: string; status_code: number | null; response: unknown }[] = await this.db.query(
      'SELECT request_hash, status_code, response FROM idempotency_keys WHERE caller = $1 AND key = $2',
      [caller, key],
    );
    const row = rows[0];
    if (row === undefined) return { kind: 'in_progress' };
    if (row.request_hash !== requestHash) return { kind: 'mismatch' };
    if (row.status_code === null) return { kind: 'in_progress' };
    return { kind: 'replay', statusCode: row.status_code, marker: asMarker(row.response) };
  }

  async complete(caller: string, key: string, statusCode: number, marker: ReplayMarker): Promise<void> {
    await this.db.query(
      `UPDATE idempotency_keys SET status_code = $3, response = $4, completed_at = now() WHERE caller = $1 AND key = $2`,
      [caller, key, statusCode, JSON.stringify(marker)],
    );
  }

  /**
   * Deletes keys older than `ttlHours` (they are already forgotten by `claim`), at most `batchSize`
   * rows per statement so no statement holds many locks; returns how many went.
   */
  async purgeExpired(ttlHours: number, batchSize: number): Promise<number> {
    const [, deleted]: [unknown, number] = await this.db.query(
      `DELETE FROM idempotency_keys WHERE (caller, key) IN (
         SELECT caller, key FROM idempotency_keys
          WHERE created_at < now() - make_interval(hours => $1)
          ORDER BY created_at LIMIT $2
          FOR UPDATE SKIP LOCKED)`,
      [ttlHours, batchSize],
    );
    return deleted;
  }

  /** A failed request leaves nothing behind: the client may retry it with the same key. */
  async release(caller: string, key: string): Promise<void> {
    await this.db.query('DELETE FROM idempotency_keys WHERE caller = $1 AND key = $2 AND status_code IS NULL', [
      caller,
      key,
    ]);
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A hit found on a live merchant by rescreening (its workflow has completed: recorded here, not by it). */
export interface MerchantScreeningHit {
  readonly applicationId: string;
  readonly merchantId: string;
  readonly hitId: string;
  readonly data: Record<string, unknown>;
}

/** Screening list versions (which were rescreened) and the hits rescreening finds on live merchants. */
@Injectable()
export class ScreeningRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records a list version as loaded; true when open applications and merchants still await its rescreen. */
  async recordVersion(version: string, entryCount: number, loadedAt: Date): Promise<boolean> {
    const rows: { rescreened_at: Date | null }[] = await this.db.query(
      `INSERT INTO screening_list_versions (version, entry_count, loaded_at) VALUES ($1, $2, $3)
         ON CONFLICT (version) DO UPDATE SET version = EXCLUDED.version
         RETURNING rescreened_at`,
      [version, entryCount, loadedAt],
    );
    return rows[0]?.rescreened_at === null;
  }

  async markRescreened(version: string): Promise<void> {
    await this.db.query(
      'UPDATE screening_list_versions SET rescreened_at = now() WHERE version = $1 AND rescreened_at IS NULL',
      [version],
    );
  }

  /**
   * Appends a `merchant_screening_hit` event to a live merchant's timeline and a staff notification
   * for senior reviewers, once per hit (a retried batch finds it there and adds nothing). True when new.
   */
  async recordMerchantHit(hit: MerchantScreeningHit): Promise<boolean> {
    return this.db.transaction(async (tx) => {
      // One writer per application at a time: the next seq is computed under the row's lock.
      await tx.query('SELECT 1 FROM applications WHERE id = $1 FOR UPDATE', [hit.applicationId]);
      const seen: unknown[] = await tx.query(
        `SELECT 1 FROM application_events WHERE application_id = $1 AND type = 'merchant_screening_hit'
           AND data->>'hitId' = $2`,
        [hit.applicationId, hit.hitId],
      );
      if (seen.length > 0) return false;
      const rows: { seq: number; status: string }[] = await tx.query(
        `SELECT COALESCE(MAX(e.seq), 0) + 1 AS seq, a.status FROM applications a
           LEFT JOIN application_events e ON e.application_id = a.id
           WHERE a.id = $1 GROUP BY a.status`,
        [hit.applicationId],
      );
      const next = rows[0];
      if (next === undefined) return false;
      await tx.query(
        `INSERT INTO application_events (application_id, seq, type, actor_role, actor_id, at, status, data)
           VALUES ($1, $2, 'merchant_screening_hit', 'system', 'merchant-onboarding', now(), $3, $4)`,
        [hit.applicationId, next.seq, next.status, JSON.stringify({ hitId: hit.hitId, ...hit.data })],
      );
      await tx.query(
        `INSERT INTO notifications (application_id, seq, recipient, kind, merchant_id)
           VALUES ($1, $2, 'senior_reviewers', 'merchant_screening_hit', $3) ON CONFLICT DO NOTHING`,
        [hit.applicationId, next.seq, hit.merchantId],
      );
      return true;
    });
  }
}

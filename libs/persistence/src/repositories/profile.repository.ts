import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplicationProfileEntity } from '../entities/application-profile.entity';
import { columnsOf } from './columns';

@Injectable()
export class ProfileRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Idempotent: a retried write of the same revision keeps the first one. */
  async saveRevision(
    merchantId: string,
    applicationId: string,
    revision: number,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO application_profiles (application_id, revision, merchant_id, data)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (application_id, revision) DO NOTHING`,
      [applicationId, revision, merchantId, JSON.stringify(data)],
    );
  }

  /**
   * The first revision of a new application, unless the merchant already has `maxOpen` applications
   * that are not final (in the read model, or created in the last minutes and not projected yet).
   * Creates of one merchant take turns on an advisory lock, so two at once cannot both pass the
   * count. A retried create (its revision exists) is not counted against itself.
   */
  async saveFirstRevisionWithinCap(
    merchantId: string,
    applicationId: string,
    data: Record<string, unknown>,
    maxOpen: number,
    finalStatuses: readonly string[],
  ): Promise<'saved' | 'exists' | 'limit'> {
    return this.db.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('open-applications:' || $1, 0))`, [merchantId]);
      const existing: unknown[] = await tx.query(
        'SELECT 1 FROM application_profiles WHERE application_id = $1 AND revision = 1',
        [applicationId],
      );
      if (existing.length > 0) return 'exists';
      const counted: { n: number }[] = await tx.query(
        `SELECT (SELECT count(*) FROM applications a WHERE a.merchant_id = $1 AND a.status <> ALL($2::text[]))::int
              + (SELECT count(*) FROM application_profiles p
                 WHERE p.merchant_id = $1 AND p.revision = 1 AND p.created_at > now() - interval '5 minutes'
                   AND NOT EXISTS (SELECT 1 FROM applications a WHERE a.id = p.application_id))::int AS n`,
        [merchantId, [...finalStatuses]],
      );
      if ((counted[0]?.n ?? 0) >= maxOpen) return 'limit';
      await tx.query(
        `INSERT INTO application_profiles (application_id, revision, merchant_id, data) VALUES ($1, 1, $2, $3)`,
        [applicationId, merchantId, JSON.stringify(data)],
      );
      return 'saved';
    });
  }

  /**
   * Stores a new revision under the next free number and returns it (null when the application
   * already holds `maxRevisions`): two changes made at once get two revisions, never one revision
   * with the other's content, and the unique number makes the second re-count.
   */
  async appendRevision(
    merchantId: string,
    applicationId: string,
    data: Record<string, unknown>,
    maxRevisions: number = Number.MAX_SAFE_INTEGER,
  ): Promise<number | null> {
    for (let attempt = 1; ; attempt++) {
      try {
        const rows: { revision: number }[] = await this.db.query(
          `INSERT INTO application_profiles (application_id, revision, merchant_id, data)
           SELECT $1, COALESCE(max(revision), 0) + 1, $2, $3 FROM application_profiles WHERE application_id = $1
           HAVING count(*) < $4
           RETURNING revision`,
          [applicationId, merchantId, JSON.stringify(data), maxRevisions],
        );
        return rows[0]?.revision ?? null;
      } catch (err) {
        // Another change took that number first: take the next one.
        const code = (err as { driverError?: { code?: string } }).driverError?.code;
        if (code !== '23505' || attempt >= 10) throw err;
      }
    }
  }

  async revisionCount(merchantId: string, applicationId: string): Promise<number> {
    const rows: { n: number }[] = await this.db.query(
      'SELECT count(*)::int AS n FROM application_profiles WHERE application_id = $1 AND merchant_id = $2',
      [applicationId, merchantId],
    );
    return rows[0]?.n ?? 0;
  }

  /** Forgets a revision the workflow refused (it was never part of the application). */
  async discardRevision(applicationId: string, revision: number): Promise<void> {
    await this.db.query(
      `DELETE FROM application_profiles p WHERE p.application_id = $1 AND p.revision = $2
       AND NOT EXISTS (SELECT 1 FROM application_events e
                       WHERE e.application_id = p.application_id AND (e.data->>'profileRevision')::int = p.revision)`,
      [applicationId, revision],
    );
  }

  /** Several applications' profiles at the given revisions, in one query (the merchant's list). */
  async findMany(
    merchantId: string,
    revisions: readonly { readonly applicationId: string; readonly revision: number }[],
  ): Promise<Map<string, ApplicationProfileEntity['data']>> {
    if (revisions.length === 0) return new Map();
    const rows: { application_id: string; data: ApplicationProfileEntity['data'] }[] = await this.db.query(
      `SELECT p.application_id, p.data FROM application_profiles p
       JOIN unnest($2::uuid[], $3::int[]) AS r(application_id, revision)
         ON r.application_id = p.application_id AND r.revision = p.revision
       WHERE p.merchant_id = $1`,
      [merchantId, revisions.map((r) => r.applicationId), revisions.map((r) => r.revision)],
    );
    return new Map(rows.map((r) => [r.application_id, r.data]));
  }

  async find(merchantId: string, applicationId: string, revision: number): Promise<ApplicationProfileEntity | null> {
    const rows: ApplicationProfileEntity[] = await this.db.query(
      `SELECT ${columnsOf(this.db, ApplicationProfileEntity)} FROM application_profiles
       WHERE merchant_id = $1 AND application_id = $2 AND revision = $3`,
      [merchantId, applicationId, revision],
    );
    return rows[0] ?? null;
  }

  /** Whether another merchant's live application (current revision) already uses this USCC. */
  async usccUsedElsewhere(merchantId: string, uscc: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM applications a
       JOIN application_profiles p ON p.application_id = a.id AND p.revision = a.profile_revision
       WHERE a.merchant_id <> $1 AND p.data->'business'->>'uscc' = $2
         AND a.status NOT IN ('draft', 'rejected', 'withdrawn', 'canceled', 'expired')
       LIMIT 1`,
      [merchantId, uscc],
    );
    return rows.length > 0;
  }

  async latest(merchantId: string, applicationId: string): Promise<ApplicationProfileEntity | null> {
    const rows: ApplicationProfileEntity[] = await this.db.query(
      `SELECT ${columnsOf(this.db, ApplicationProfileEntity)} FROM application_profiles
       WHERE merchant_id = $1 AND application_id = $2 ORDER BY revision DESC LIMIT 1`,
      [merchantId, applicationId],
    );
    return rows[0] ?? null;
  }
}

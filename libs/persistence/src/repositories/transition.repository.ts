import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { ApplicationState, DomainEvent } from '@mo/domain';

/**
 * Appends a transition's events and projects the read model in one transaction. Idempotent: an
 * event already stored is skipped, and the read model only moves forward (version check), so a
 * replayed or late write changes nothing.
 */
@Injectable()
export class TransitionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(state: ApplicationState, events: readonly DomainEvent[]): Promise<void> {
    await this.db.transaction(async (tx) => {
      for (const e of events) {
        await tx.query(
          `INSERT INTO application_events (application_id, seq, type, actor_role, actor_id, at, status, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
           ON CONFLICT (application_id, seq) DO NOTHING`,
          [e.applicationId, e.seq, e.type, e.actor.role, e.actor.id, e.at, e.status, JSON.stringify(e.data)],
        );
      }
      await tx.query(
        `INSERT INTO applications (id, merchant_id, status, version, profile_revision, risk_level, findings,
                                   rejection, wallet_account_id, submitted_at, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)
         ON CONFLICT (id) DO UPDATE SET
           status = EXCLUDED.status, version = EXCLUDED.version, profile_revision = EXCLUDED.profile_revision,
           risk_level = EXCLUDED.risk_level, findings = EXCLUDED.findings, rejection = EXCLUDED.rejection,
           wallet_account_id = EXCLUDED.wallet_account_id, submitted_at = EXCLUDED.submitted_at,
           updated_at = EXCLUDED.updated_at
         WHERE applications.version < EXCLUDED.version`,
        [
          state.applicationId,
          state.merchantId,
          state.status,
          state.seq,
          state.profileRevision,
          state.riskLevel,
          JSON.stringify(state.findings),
          state.rejection === null ? null : JSON.stringify(state.rejection),
          state.walletAccountId,
          state.submittedAt,
          state.createdAt,
          state.updatedAt,
        ],
      );
    });
  }
}

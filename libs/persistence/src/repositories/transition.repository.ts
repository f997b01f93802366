import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  deadlineOf,
  MERCHANT_NOTIFIED_EVENTS,
  type ApplicationState,
  type DomainEvent,
  type EventType,
} from '@mo/domain';
import { APPLICATION_CHANGED_CHANNEL } from './application-changes';

/** Who is notified of an event (the outbox; webhook deliveries follow it). */
function recipientOf(type: EventType): 'merchant' | 'senior_reviewers' | undefined {
  if (type === 'review_escalated') return 'senior_reviewers';
  return MERCHANT_NOTIFIED_EVENTS.includes(type) ? 'merchant' : undefined;
}

/**
 * Appends a transition's events, projects the read model, writes the outbox and notifies the change
 * in one transaction. Idempotent: an event already stored is skipped, and the read model only moves
 * forward (version check), so a replayed or late write changes nothing.
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
        const recipient = recipientOf(e.type);
        if (recipient !== undefined) {
          await tx.query(
            `INSERT INTO notifications (application_id, seq, recipient, kind, merchant_id)
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING`,
            [e.applicationId, e.seq, recipient, e.type, state.merchantId],
          );
        }
      }
      const deadline = deadlineOf(state);
      const row: [string, unknown][] = [
        ['id', state.applicationId],
        ['merchant_id', state.merchantId],
        ['status', state.status],
        ['version', state.seq],
        ['profile_revision', state.profileRevision],
        ['risk_level', state.riskLevel],
        ['findings', JSON.stringify(state.findings)],
        ['rejection', state.rejection === null ? null : JSON.stringify(state.rejection)],
        ['wallet_account_id', state.walletAccountId],
        ['submitted_at', state.submittedAt],
        ['created_at', state.createdAt],
        ['updated_at', state.updatedAt],
        ['assignee_id', state.claim?.by.id ?? null],
        ['assignee_role', state.claim?.by.role ?? null],
        ['claimed_at', state.claim?.at ?? null],
        ['escalated', state.escalated],
        ['round', state.round],
        ['resubmissions', state.resubmissions],
        ['deadline_kind', deadline?.kind ?? null],
        ['deadline_at', deadline?.at ?? null],
        ['sla_due_at', deadline?.kind === 'review_sla' ? deadline.at : null],
        ['open_reasons', JSON.stringify(state.openReasons)],
        ['changed_fields', JSON.stringify(state.lastChangedFields)],
        ['requested_capabilities', JSON.stringify(state.requestedCapabilities)],
        ['approvals', JSON.stringify(state.approvals)],
        ['agreement', state.agreement === null ? null : JSON.stringify(state.agreement)],
        ['micro_deposit_attempts', state.microDeposit?.attempts ?? 0],
        ['hold', state.hold ? JSON.stringify(state.hold) : null],
        ['agreement_version', state.policy.agreementVersion],
      ];
      const columns = row.map(([c]) => c);
      await tx.query(
        `INSERT INTO applications (${columns.join(', ')})
         VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
         ON CONFLICT (id) DO UPDATE SET ${columns
           .filter((c) => c !== 'id' && c !== 'merchant_id' && c !== 'created_at')
           .map((c) => `${c} = EXCLUDED.${c}`)
           .join(', ')}
         WHERE applications.version < EXCLUDED.version`,
        row.map(([, v]) => v),
      );
      // Delivered on commit: wakes the API's long-poll reads of this application (ApplicationChanges).
      await tx.query(`SELECT pg_notify('${APPLICATION_CHANGED_CHANNEL}', $1)`, [state.applicationId]);
    });
  }
}

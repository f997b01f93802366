import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { deadlineOf, recipientOf, type ApplicationState, type DomainEvent } from '@mo/domain';
import { APPLICATION_CHANGED_CHANNEL } from './application-changes';
import { dataErrorOf, storable, UnrecordableTransitionError } from './storable';

export interface RecordOptions {
  /**
   * After a write failed for its data: each event PostgreSQL still refuses is stored with a marker
   * (`{ unrecordable: true, reason: <SQLSTATE> }`) instead of its data, and a read model row it
   * refuses is moved forward by status and version only, so the log stays gapless and later writes
   * land.
   */
  readonly markUnrecordable?: boolean;
}
export interface RecordResult {
  /** Characters PostgreSQL cannot store (NUL, lone surrogates) replaced by U+FFFD. */
  readonly replacedCharacters: number;
  /** The events stored with a marker instead of their data (with `markUnrecordable`). */
  readonly unrecordedSeqs: readonly number[];
}

/**
 * Appends a transition's events, projects the read model, writes the outbox and notifies the change
 * in one transaction. Idempotent: an event already stored is skipped, and the read model only moves
 * forward (version check), so a replayed or late write changes nothing. Characters PostgreSQL cannot
 * store are replaced first; a write it still refuses for its data throws
 * `UnrecordableTransitionError` (retrying cannot help), see `RecordOptions.markUnrecordable`.
 */
@Injectable()
export class TransitionRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async record(
    rawState: ApplicationState,
    rawEvents: readonly DomainEvent[],
    options: RecordOptions = {},
  ): Promise<RecordResult> {
    const clean = storable({ state: rawState, events: rawEvents });
    const { state, events } = clean.value;
    const mark = options.markUnrecordable === true;
    const unrecordedSeqs: number[] = [];
    try {
      await this.db.transaction(async (tx) => {
        /** With `mark`: runs a statement in a savepoint; on a data error, rolls it back and runs the fallback. */
        const orElse = async (run: () => Promise<unknown>, fallback: (sqlState: string) => Promise<unknown>) => {
          if (!mark) return void (await run());
          await tx.query('SAVEPOINT unrecordable');
          try {
            await run();
            await tx.query('RELEASE SAVEPOINT unrecordable');
          } catch (err) {
            const sqlState = dataErrorOf(err);
            if (sqlState === null) throw err;
            await tx.query('ROLLBACK TO SAVEPOINT unrecordable');
            await fallback(sqlState);
          }
        };
        await this.write(tx, state, events, orElse, unrecordedSeqs);
      });
    } catch (err) {
      const sqlState = dataErrorOf(err);
      if (sqlState !== null) throw new UnrecordableTransitionError(sqlState);
      throw err;
    }
    return { replacedCharacters: clean.replaced, unrecordedSeqs };
  }

  private async write(
    tx: EntityManager,
    state: ApplicationState,
    events: readonly DomainEvent[],
    orElse: (run: () => Promise<unknown>, fallback: (sqlState: string) => Promise<unknown>) => Promise<void>,
    unrecordedSeqs: number[],
  ): Promise<void> {
    // `at` null: the time of writing (an `at` PostgreSQL refused cannot be kept).
    const insertEvent = (e: DomainEvent, data: unknown, at: string | null = e.at) =>
      tx.query(
        `INSERT INTO application_events (application_id, seq, type, actor_role, actor_id, at, status, data)
           VALUES ($1, $2, $3, $4, $5, COALESCE($6::timestamptz, now()), $7, $8)
           ON CONFLICT (application_id, seq) DO NOTHING`,
        [e.applicationId, e.seq, e.type, e.actor.role, e.actor.id, at, e.status, JSON.stringify(data)],
      );
    for (const e of events) {
      await orElse(
        () => insertEvent(e, e.data),
        (reason) => {
          unrecordedSeqs.push(e.seq);
          const marker = { unrecordable: true, reason };
          return orElse(
            () => insertEvent(e, marker),
            () => insertEvent(e, marker, null),
          );
        },
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
    await orElse(
      () =>
        tx.query(
          `INSERT INTO applications (${columns.join(', ')})
         VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})
         ON CONFLICT (id) DO UPDATE SET ${columns
           .filter((c) => c !== 'id' && c !== 'merchant_id' && c !== 'created_at')
           .map((c) => `${c} = EXCLUDED.${c}`)
           .join(', ')}
         WHERE applications.version < EXCLUDED.version`,
          row.map(([, v]) => v),
        ),
      // The row refused: it still moves forward, so reads and the API's wait see the transition.
      () =>
        tx.query(
          `UPDATE applications SET status = $2, version = $3, updated_at = $4, hold = $5
             WHERE id = $1 AND version < $3`,
          [
            state.applicationId,
            state.status,
            state.seq,
            state.updatedAt,
            state.hold ? JSON.stringify(state.hold) : null,
          ],
        ),
    );
    // Delivered on commit: wakes the API's long-poll reads of this application (ApplicationChanges).
    await tx.query(`SELECT pg_notify('${APPLICATION_CHANGED_CHANNEL}', $1)`, [state.applicationId]);
  }
}

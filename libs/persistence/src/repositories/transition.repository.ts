import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type EntityTarget, type ObjectLiteral } from 'typeorm';
import { readModelOf, recipientOf, type ApplicationState, type DomainEvent } from '@mo/domain';
import { ApplicationEntity } from '../entities/application.entity';
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
 * Values as an entity's row: each property under its column, by the entity's own mapping (as
 * `columnsOf` reads), JSON columns serialized. A property without a column is a defect, not a
 * silent drop.
 */
function rowOf(db: DataSource, entity: EntityTarget<ObjectLiteral>, values: object): Map<string, unknown> {
  const metadata = db.getMetadata(entity);
  return new Map(
    Object.entries(values).map(([property, value]) => {
      const column = metadata.findColumnWithPropertyName(property);
      if (column === undefined) throw new Error(`${metadata.name} has no column for ${property}`);
      return [column.databaseName, column.type === 'jsonb' && value !== null ? JSON.stringify(value) : value];
    }),
  );
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
    // The one projection (readModelOf, which the API's views share); `satisfies`: it fills every column.
    const model = readModelOf(state) satisfies Record<keyof ApplicationEntity, unknown>;
    const row = rowOf(this.db, ApplicationEntity, model);
    const columns = [...row.keys()];
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
          [...row.values()],
        ),
      // The row refused: it still moves forward, so reads and the API's wait see the transition.
      () =>
        tx.query(
          `UPDATE applications SET status = $2, version = $3, updated_at = $4, hold = $5
             WHERE id = $1 AND version < $3`,
          ['id', 'status', 'version', 'updated_at', 'hold'].map((c) => row.get(c)),
        ),
    );
    // Delivered on commit: wakes the API's long-poll reads of this application (ApplicationChanges).
    await tx.query(`SELECT pg_notify('${APPLICATION_CHANGED_CHANNEL}', $1)`, [state.applicationId]);
  }
}

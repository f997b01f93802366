import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplicationEventEntity } from '../entities/application-event.entity';
import { columnsOf } from './columns';

@Injectable()
export class EventRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The timeline, in seq order. Callers check access to the application first. */
  listForApplication(applicationId: string): Promise<ApplicationEventEntity[]> {
    return this.db.query(
      `SELECT ${columnsOf(this.db, ApplicationEventEntity)} FROM application_events
       WHERE application_id = $1 ORDER BY seq`,
      [applicationId],
    );
  }

  /**
   * The profile revision reviewed in the round before the one at `revision`: the revision of the
   * last submission or resubmission below it (not `revision - 1`, which may be an orphan left by
   * a request that failed after storing its profile).
   */
  async submittedRevisionBefore(applicationId: string, revision: number): Promise<number | null> {
    const rows: { revision: number }[] = await this.db.query(
      `SELECT (data->>'profileRevision')::int AS revision FROM application_events
       WHERE application_id = $1 AND type IN ('application_submitted', 'application_resubmitted')
         AND (data->>'profileRevision')::int < $2
       ORDER BY seq DESC LIMIT 1`,
      [applicationId, revision],
    );
    return rows[0]?.revision ?? null;
  }

  async find(applicationId: string, seq: number): Promise<ApplicationEventEntity | null> {
    const rows: ApplicationEventEntity[] = await this.db.query(
      `SELECT ${columnsOf(this.db, ApplicationEventEntity)} FROM application_events
       WHERE application_id = $1 AND seq = $2`,
      [applicationId, seq],
    );
    return rows[0] ?? null;
  }
}

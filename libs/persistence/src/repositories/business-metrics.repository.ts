import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/**
 * The business facts of the read model and the event log, for Prometheus (`/metrics`) and the
 * admin dashboard (`GET /v1/admin/metrics`): one home for their SQL, so both report the same thing.
 * Durations count each application once, from its first submission to its first decision or its
 * activation; milestone reads are backed by the partial index ix_application_events_milestones.
 */

/** Review decisions by the event that records them. */
export const DECISION_EVENTS = {
  application_approved: 'approved',
  changes_requested: 'changes_requested',
  application_rejected: 'rejected',
} as const;
export type DecisionOutcome = (typeof DECISION_EVENTS)[keyof typeof DECISION_EVENTS];
type DecisionEvent = keyof typeof DECISION_EVENTS;

/** Durations measured from an application's first submission. */
export type Milestone = 'first_decision' | 'activation';

const IN_REVIEW = `status IN ('in_review', 'awaiting_second_approval')`;
const quoted = (types: readonly string[]): string => types.map((t) => `'${t}'`).join(', ');
const REACHED: Record<Milestone, string> = {
  first_decision: `type IN (${quoted(Object.keys(DECISION_EVENTS))})`,
  activation: `type = 'application_activated'`,
};

/**
 * `durations(application_id, reached, s)`: per application, when it reached the milestone and how
 * many seconds after its first submission.
 */
function durationsCte(milestone: Milestone): string {
  return `
    WITH firsts AS (
      SELECT application_id,
             min(at) FILTER (WHERE type = 'application_submitted') AS submitted,
             min(at) FILTER (WHERE ${REACHED[milestone]}) AS reached
      FROM application_events
      WHERE type IN ('application_submitted', ${quoted(Object.keys(DECISION_EVENTS))}, 'application_activated')
      GROUP BY application_id
    ), durations AS (
      SELECT application_id, reached, extract(epoch FROM reached - submitted)::float8 AS s
      FROM firsts WHERE submitted IS NOT NULL AND reached IS NOT NULL
    )`;
}

export interface ReviewQueueFacts {
  /** Open reviews (in review or awaiting a second approval). */
  readonly depth: number;
  /** Unix seconds of the earliest SLA due time in the queue; null when the queue is empty. */
  readonly oldestSlaDue: number | null;
  /** Open reviews past their SLA due time. */
  readonly slaBreached: number;
  /** Open reviews escalated for breaching their SLA. */
  readonly escalated: number;
}

export interface DurationHistogram {
  /** Cumulative counts, one per bound (`s <= bound`). */
  readonly buckets: readonly number[];
  readonly count: number;
  readonly sum: number;
}

export interface DurationPercentiles {
  readonly count: number;
  /** Seconds, linearly interpolated (percentile_cont); null when count is 0. */
  readonly p50: number | null;
  readonly p90: number | null;
}

/** Milestone events of one UTC day. */
export interface DailyMilestones {
  /** YYYY-MM-DD (UTC). */
  readonly date: string;
  /** First submissions (resubmissions are not counted). */
  readonly submitted: number;
  readonly approved: number;
  readonly changesRequested: number;
  readonly rejected: number;
  readonly activated: number;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

@Injectable()
export class BusinessMetricsRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async applicationsByStatus(): Promise<{ readonly status: string; readonly count: number }[]> {
    const rows: { status: string; n: number }[] = await this.db.query(
      'SELECT status, count(*)::int AS n FROM applications GROUP BY status',
    );
    return rows.map((r) => ({ status: r.status, count: r.n }));
  }

  async reviewQueue(): Promise<ReviewQueueFacts> {
    const rows: { depth: number; oldest: number | null; breached: number; escalated: number }[] = await this.db.query(
      `SELECT count(*)::int AS depth, extract(epoch FROM min(sla_due_at))::float8 AS oldest,
              count(*) FILTER (WHERE sla_due_at < now())::int AS breached,
              count(*) FILTER (WHERE escalated)::int AS escalated
       FROM applications WHERE ${IN_REVIEW}`,
    );
    const row = rows[0];
    return {
      depth: row?.depth ?? 0,
      oldestSlaDue: row?.oldest ?? null,
      slaBreached: row?.breached ?? 0,
      escalated: row?.escalated ?? 0,
    };
  }

  /** Reviews ever escalated for breaching their SLA. */
  async escalationsTotal(): Promise<number> {
    const rows: { n: number }[] = await this.db.query(
      `SELECT count(*)::int AS n FROM application_events WHERE type = 'review_escalated'`,
    );
    return rows[0]?.n ?? 0;
  }

  /** Decisions ever recorded, by outcome (zero when none). */
  async decisionsTotal(): Promise<Record<DecisionOutcome, number>> {
    const rows: { type: DecisionEvent; n: number }[] = await this.db.query(
      `SELECT type, count(*)::int AS n FROM application_events
       WHERE type IN (${quoted(Object.keys(DECISION_EVENTS))}) GROUP BY type`,
    );
    const totals: Record<DecisionOutcome, number> = { approved: 0, changes_requested: 0, rejected: 0 };
    for (const row of rows) totals[DECISION_EVENTS[row.type]] = row.n;
    return totals;
  }

  /** Every application's duration to `milestone`, counted into cumulative buckets (seconds). */
  async durationHistogram(milestone: Milestone, bounds: readonly number[]): Promise<DurationHistogram> {
    const buckets = bounds.map((_, i) => `count(*) FILTER (WHERE s <= $${i + 1})::int AS b${i}`);
    const rows: Record<string, number>[] = await this.db.query(
      `${durationsCte(milestone)}
       SELECT ${[...buckets, 'count(*)::int AS count', 'coalesce(sum(s), 0)::float8 AS sum'].join(', ')}
       FROM durations`,
      [...bounds],
    );
    const row = rows[0] ?? {};
    return {
      buckets: bounds.map((_, i) => row[`b${i}`] ?? 0),
      count: row.count ?? 0,
      sum: row.sum ?? 0,
    };
  }

  /** p50 and p90 of the durations to `milestone` of the applications that reached it since `since`. */
  async durationPercentiles(milestone: Milestone, since: Date): Promise<DurationPercentiles> {
    const rows: { count: number; p50: number | null; p90: number | null }[] = await this.db.query(
      `${durationsCte(milestone)}
       SELECT count(*)::int AS count,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY s) AS p50,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY s) AS p90
       FROM durations WHERE reached >= $1`,
      [since],
    );
    const row = rows[0];
    return { count: row?.count ?? 0, p50: row?.p50 ?? null, p90: row?.p90 ?? null };
  }

  /** One entry per UTC day from `from` to `to` (YYYY-MM-DD, inclusive), days without events as zeros. */
  async dailyMilestones(from: string, to: string): Promise<DailyMilestones[]> {
    if (!DATE.test(from) || !DATE.test(to)) throw new Error(`dailyMilestones: not dates: ${from}, ${to}`);
    const rows: {
      date: string;
      submitted: number;
      approved: number;
      changes_requested: number;
      rejected: number;
      activated: number;
    }[] = await this.db.query(
      `WITH days AS (
         SELECT d::date AS day FROM generate_series($1::date, $2::date, interval '1 day') AS d
       ), events AS (
         SELECT (at AT TIME ZONE 'UTC')::date AS day, type FROM application_events
         WHERE type IN ('application_submitted', ${quoted(Object.keys(DECISION_EVENTS))}, 'application_activated')
           AND at >= ($1::date)::timestamp AT TIME ZONE 'UTC'
           AND at < ($2::date + 1)::timestamp AT TIME ZONE 'UTC'
       )
       SELECT to_char(days.day, 'YYYY-MM-DD') AS date,
              count(events.type) FILTER (WHERE events.type = 'application_submitted')::int AS submitted,
              count(events.type) FILTER (WHERE events.type = 'application_approved')::int AS approved,
              count(events.type) FILTER (WHERE events.type = 'changes_requested')::int AS changes_requested,
              count(events.type) FILTER (WHERE events.type = 'application_rejected')::int AS rejected,
              count(events.type) FILTER (WHERE events.type = 'application_activated')::int AS activated
       FROM days LEFT JOIN events ON events.day = days.day
       GROUP BY days.day ORDER BY days.day`,
      [from, to],
    );
    return rows.map((r) => ({
      date: r.date,
      submitted: r.submitted,
      approved: r.approved,
      changesRequested: r.changes_requested,
      rejected: r.rejected,
      activated: r.activated,
    }));
  }

  /** Webhook deliveries not yet delivered, and when the oldest was created (Unix seconds; null when none). */
  async webhookBacklog(): Promise<{ readonly pending: number; readonly oldestCreatedAt: number | null }> {
    const rows: { n: number; oldest: number | null }[] = await this.db.query(
      `SELECT count(*)::int AS n, extract(epoch FROM min(created_at))::float8 AS oldest
       FROM webhook_deliveries WHERE status <> 'delivered'`,
    );
    return { pending: rows[0]?.n ?? 0, oldestCreatedAt: rows[0]?.oldest ?? null };
  }
}

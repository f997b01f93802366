/**
 * Business metrics, read from the read model when Prometheus scrapes (cached a few seconds, so
 * scrapes close together cost one round of queries). Every value is a fact of the database, not of
 * this process: several API instances report the same numbers, and a restart loses nothing.
 * Aggregate across instances with max(), not sum().
 *
 * The two durations (submission to first decision, to activation) are histograms computed from the
 * event log: each application counts once, from its first submission to its first decision or its
 * activation. The events are append-only, so the buckets only grow, as a Prometheus histogram must.
 */
import type { DataSource } from 'typeorm';
import { APPLICATION_STATUSES } from '@mo/domain';

const PREFIX = 'merchant_onboarding_';

/** Seconds: 1 min … 30 days. */
export const DURATION_BUCKETS = [
  60,
  300,
  900,
  3600,
  4 * 3600,
  8 * 3600,
  86400,
  2 * 86400,
  3 * 86400,
  7 * 86400,
  14 * 86400,
  30 * 86400,
];

const DECISIONS = {
  application_approved: 'approved',
  application_rejected: 'rejected',
  changes_requested: 'changes_requested',
} as const;
const REVIEW = `status IN ('in_review', 'awaiting_second_approval')`;

interface HistogramData {
  readonly buckets: readonly number[];
  readonly count: number;
  readonly sum: number;
}
export interface BusinessSnapshot {
  readonly byStatus: Readonly<Record<string, number>>;
  readonly reviewQueueDepth: number;
  /** Seconds since epoch of the earliest SLA due in the queue; null when the queue is empty. */
  readonly oldestSlaDue: number | null;
  readonly slaBreachedOpen: number;
  readonly slaEscalations: number;
  readonly decisions: Readonly<Record<string, number>>;
  readonly toFirstDecision: HistogramData;
  readonly toActivation: HistogramData;
  readonly webhookBacklog: number;
  readonly oldestWebhookPending: number | null;
}

function durationHistogramSql(to: string): string {
  const buckets = DURATION_BUCKETS.map((le, i) => `count(*) FILTER (WHERE s <= ${le}) AS b${i}`).join(', ');
  return `
    WITH firsts AS (
      SELECT application_id,
             min(at) FILTER (WHERE type = 'application_submitted') AS submitted,
             min(at) FILTER (WHERE ${to}) AS reached
      FROM application_events
      WHERE type IN ('application_submitted', 'application_approved', 'application_rejected', 'changes_requested', 'application_activated')
      GROUP BY application_id
    ), d AS (
      SELECT extract(epoch FROM reached - submitted)::float8 AS s FROM firsts WHERE submitted IS NOT NULL AND reached IS NOT NULL
    )
    SELECT ${buckets}, count(*) AS count, coalesce(sum(s), 0) AS sum FROM d`;
}

function toHistogram(row: Record<string, string | number>): HistogramData {
  return {
    buckets: DURATION_BUCKETS.map((_, i) => Number(row[`b${i}`] ?? 0)),
    count: Number(row.count ?? 0),
    sum: Number(row.sum ?? 0),
  };
}

export async function readBusinessSnapshot(db: DataSource): Promise<BusinessSnapshot> {
  const [statuses, queue, escalations, decisions, firstDecision, activation, webhooks] = await Promise.all([
    db.query<{ status: string; n: number }[]>(`SELECT status, count(*)::int AS n FROM applications GROUP BY status`),
    db.query<{ depth: number; oldest: number | null; breached: number }[]>(
      `SELECT count(*)::int AS depth, extract(epoch FROM min(sla_due_at))::float8 AS oldest,
              count(*) FILTER (WHERE sla_due_at < now())::int AS breached
       FROM applications WHERE ${REVIEW}`,
    ),
    db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM application_events WHERE type = 'review_escalated'`),
    db.query<{ type: keyof typeof DECISIONS; n: number }[]>(
      `SELECT type, count(*)::int AS n FROM application_events
       WHERE type IN (${Object.keys(DECISIONS)
         .map((t) => `'${t}'`)
         .join(', ')}) GROUP BY type`,
    ),
    db.query<Record<string, string | number>[]>(
      durationHistogramSql(
        `type IN (${Object.keys(DECISIONS)
          .map((t) => `'${t}'`)
          .join(', ')})`,
      ),
    ),
    db.query<Record<string, string | number>[]>(durationHistogramSql(`type = 'application_activated'`)),
    db.query<{ n: number; oldest: number | null }[]>(
      `SELECT count(*)::int AS n, extract(epoch FROM min(created_at))::float8 AS oldest
       FROM webhook_deliveries WHERE status <> 'delivered'`,
    ),
  ]);
  const byStatus: Record<string, number> = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0]));
  for (const row of statuses) byStatus[row.status] = row.n;
  const decisionCounts: Record<string, number> = Object.fromEntries(Object.values(DECISIONS).map((d) => [d, 0]));
  for (const row of decisions) decisionCounts[DECISIONS[row.type]] = row.n;
  return {
    byStatus,
    reviewQueueDepth: queue[0]?.depth ?? 0,
    oldestSlaDue: queue[0]?.oldest ?? null,
    slaBreachedOpen: queue[0]?.breached ?? 0,
    slaEscalations: escalations[0]?.n ?? 0,
    decisions: decisionCounts,
    toFirstDecision: toHistogram(firstDecision[0] ?? {}),
    toActivation: toHistogram(activation[0] ?? {}),
    webhookBacklog: webhooks[0]?.n ?? 0,
    oldestWebhookPending: webhooks[0]?.oldest ?? null,
  };
}

type MetricType = 'gauge' | 'counter' | 'histogram';
interface MetricValue {
  readonly value: number;
  readonly labels?: Record<string, string | number>;
  readonly metricName?: string;
}
/** prom-client's custom metric shape: a name and an async get() the registry formats. */
export interface ScrapedMetric {
  readonly name: string;
  readonly help: string;
  readonly type: MetricType;
  readonly aggregator: 'max';
  get(): Promise<{ name: string; help: string; type: MetricType; aggregator: 'max'; values: MetricValue[] }>;
}

function histogramValues(name: string, h: HistogramData): MetricValue[] {
  return [
    ...DURATION_BUCKETS.map((le, i) => ({ metricName: `${name}_bucket`, labels: { le }, value: h.buckets[i] ?? 0 })),
    { metricName: `${name}_bucket`, labels: { le: '+Inf' }, value: h.count },
    { metricName: `${name}_sum`, value: h.sum },
    { metricName: `${name}_count`, value: h.count },
  ];
}

/** The business metrics, each reading the shared snapshot (`snapshot()` caches it). */
export function businessMetrics(snapshot: () => Promise<BusinessSnapshot | null>): ScrapedMetric[] {
  const metric = (
    name: string,
    help: string,
    type: MetricType,
    values: (s: BusinessSnapshot) => MetricValue[],
  ): ScrapedMetric => ({
    name,
    help,
    type,
    aggregator: 'max',
    get: async () => {
      const s = await snapshot();
      return { name, help, type, aggregator: 'max', values: s === null ? [] : values(s) };
    },
  });
  return [
    {
      name: `${PREFIX}read_model_up`,
      help: 'Whether the last read of the business metrics from PostgreSQL succeeded (1) or not (0)',
      type: 'gauge',
      aggregator: 'max',
      get: async () => ({
        name: `${PREFIX}read_model_up`,
        help: 'Whether the last read of the business metrics from PostgreSQL succeeded (1) or not (0)',
        type: 'gauge',
        aggregator: 'max',
        values: [{ value: (await snapshot()) === null ? 0 : 1 }],
      }),
    },
    metric(`${PREFIX}applications`, 'Applications by status (read model)', 'gauge', (s) =>
      Object.entries(s.byStatus).map(([status, value]) => ({ labels: { status }, value })),
    ),
    metric(`${PREFIX}review_queue_depth`, 'Applications waiting in the review queue', 'gauge', (s) => [
      { value: s.reviewQueueDepth },
    ]),
    metric(
      `${PREFIX}review_queue_oldest_sla_due_timestamp_seconds`,
      'Earliest review SLA due time in the queue (Unix seconds; absent when the queue is empty)',
      'gauge',
      (s) => (s.oldestSlaDue === null ? [] : [{ value: s.oldestSlaDue }]),
    ),
    metric(`${PREFIX}review_sla_breached`, 'Applications in review past their SLA due time', 'gauge', (s) => [
      { value: s.slaBreachedOpen },
    ]),
    metric(
      `${PREFIX}review_sla_escalations_total`,
      'Reviews escalated for breaching their SLA (all time)',
      'counter',
      (s) => [{ value: s.slaEscalations }],
    ),
    metric(`${PREFIX}decisions_total`, 'Review decisions recorded (all time)', 'counter', (s) =>
      Object.entries(s.decisions).map(([decision, value]) => ({ labels: { decision }, value })),
    ),
    metric(
      `${PREFIX}submission_to_first_decision_seconds`,
      'Time from first submission to the first decision (approve, reject or request changes), per application',
      'histogram',
      (s) => histogramValues(`${PREFIX}submission_to_first_decision_seconds`, s.toFirstDecision),
    ),
    metric(
      `${PREFIX}submission_to_activation_seconds`,
      'Time from first submission to activation, per application',
      'histogram',
      (s) => histogramValues(`${PREFIX}submission_to_activation_seconds`, s.toActivation),
    ),
    metric(`${PREFIX}webhook_deliveries_pending`, 'Webhook deliveries not yet delivered (backlog)', 'gauge', (s) => [
      { value: s.webhookBacklog },
    ]),
    metric(
      `${PREFIX}webhook_oldest_pending_timestamp_seconds`,
      'Creation time of the oldest undelivered webhook delivery (Unix seconds; absent when none)',
      'gauge',
      (s) => (s.oldestWebhookPending === null ? [] : [{ value: s.oldestWebhookPending }]),
    ),
  ];
}

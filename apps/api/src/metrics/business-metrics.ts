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
import { APPLICATION_STATUSES } from '@mo/domain';
import type { BusinessMetricsRepository, DurationHistogram } from '@mo/persistence';

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

export interface BusinessSnapshot {
  readonly byStatus: Readonly<Record<string, number>>;
  readonly reviewQueueDepth: number;
  /** Seconds since epoch of the earliest SLA due in the queue; null when the queue is empty. */
  readonly oldestSlaDue: number | null;
  readonly slaBreachedOpen: number;
  readonly slaEscalations: number;
  readonly decisions: Readonly<Record<string, number>>;
  readonly toFirstDecision: DurationHistogram;
  readonly toActivation: DurationHistogram;
  readonly webhookBacklog: number;
  readonly oldestWebhookPending: number | null;
}

/** The queries live in BusinessMetricsRepository, shared with the admin dashboard. */
export async function readBusinessSnapshot(metrics: BusinessMetricsRepository): Promise<BusinessSnapshot> {
  const [statuses, queue, escalations, decisions, toFirstDecision, toActivation, webhooks] = await Promise.all([
    metrics.applicationsByStatus(),
    metrics.reviewQueue(),
    metrics.escalationsTotal(),
    metrics.decisionsTotal(),
    metrics.durationHistogram('first_decision', DURATION_BUCKETS),
    metrics.durationHistogram('activation', DURATION_BUCKETS),
    metrics.webhookBacklog(),
  ]);
  const byStatus: Record<string, number> = Object.fromEntries(APPLICATION_STATUSES.map((s) => [s, 0]));
  for (const row of statuses) byStatus[row.status] = row.count;
  return {
    byStatus,
    reviewQueueDepth: queue.depth,
    oldestSlaDue: queue.oldestSlaDue,
    slaBreachedOpen: queue.slaBreached,
    slaEscalations: escalations,
    decisions,
    toFirstDecision,
    toActivation,
    webhookBacklog: webhooks.pending,
    oldestWebhookPending: webhooks.oldestCreatedAt,
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

function histogramValues(name: string, h: DurationHistogram): MetricValue[] {
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

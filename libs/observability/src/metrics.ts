/**
 * The API process's Prometheus registry (prom-client) and the metrics observed in-process: HTTP
 * requests, idempotent replays, rate-limited requests, dependency outages, Temporal Updates.
 * Business metrics are read from the database at scrape time (apps/api/src/metrics/).
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export const apiRegistry = new Registry();
collectDefaultMetrics({ register: apiRegistry });

const PREFIX = 'merchant_onboarding_';

export const httpRequestDuration = new Histogram({
  name: `${PREFIX}http_request_duration_seconds`,
  help: 'HTTP requests by route template, method and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [apiRegistry],
});

export const idempotentReplays = new Counter({
  name: `${PREFIX}idempotent_replays_total`,
  help: 'Responses replayed from an earlier request with the same Idempotency-Key',
  labelNames: ['route'] as const,
  registers: [apiRegistry],
});

export const rateLimitedRequests = new Counter({
  name: `${PREFIX}rate_limited_requests_total`,
  help: 'Requests refused with 429 by the per-caller rate limit',
  labelNames: ['route'] as const,
  registers: [apiRegistry],
});

export const dependencyOutages = new Counter({
  name: `${PREFIX}dependency_outage_responses_total`,
  help: 'Requests answered 503 because PostgreSQL or Temporal was unavailable',
  labelNames: ['route'] as const,
  registers: [apiRegistry],
});

export const temporalUpdateDuration = new Histogram({
  name: `${PREFIX}temporal_update_duration_seconds`,
  help: 'Temporal workflow Updates sent by the API, from request to outcome',
  labelNames: ['update', 'outcome'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [apiRegistry],
});

export const temporalUpdateFailures = new Counter({
  name: `${PREFIX}temporal_update_failures_total`,
  help: 'Temporal Updates that did not complete: rejected by the workflow (validator/handler) or errored (unavailable, timeout)',
  labelNames: ['update', 'reason'] as const,
  registers: [apiRegistry],
});

export const readModelWaitTimeouts = new Counter({
  name: `${PREFIX}read_model_wait_timeouts_total`,
  help: 'Actions answered 202 with the committed state because the read model did not have their version within READ_MODEL_WAIT_MS (its write was still being retried)',
  labelNames: ['update'] as const,
  registers: [apiRegistry],
});

export const readModelWait = new Histogram({
  name: `${PREFIX}read_model_wait_seconds`,
  help: 'How long an action waited, after its Update committed, for the read model to hold its version',
  labelNames: ['update'] as const,
  buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 15],
  registers: [apiRegistry],
});

export const temporalUpdateRetries = new Counter({
  name: `${PREFIX}temporal_update_retries_total`,
  help: 'Updates sent again with the same Update id after the server aborted one or the call timed out',
  labelNames: ['update'] as const,
  registers: [apiRegistry],
});

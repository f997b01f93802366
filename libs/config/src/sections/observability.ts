/** Metrics, traces and logs. Traces follow the standard OTEL_* variables (read by OpenTelemetry). */
import { Reader } from '../reader';

export interface ObservabilityConfig {
  /** The worker's Prometheus endpoint (Temporal SDK metrics); off when unset. */
  readonly workerMetrics: { readonly host: string; readonly port: number } | null;
  /** How long the API reuses the business metrics read from PostgreSQL between scrapes. */
  readonly businessMetricsCacheSeconds: number;
}

export function loadObservabilityConfig(env: NodeJS.ProcessEnv = process.env): ObservabilityConfig {
  const read = new Reader(env);
  const port = read.optional('WORKER_METRICS_PORT') === null ? null : read.port('WORKER_METRICS_PORT', 9464);
  return read.done<ObservabilityConfig>({
    workerMetrics: port === null ? null : { host: read.string('WORKER_METRICS_HOST', '0.0.0.0'), port },
    businessMetricsCacheSeconds: read.positive('BUSINESS_METRICS_CACHE_SECONDS', 5),
  });
}

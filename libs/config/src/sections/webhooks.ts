/** Webhook deliveries: which endpoints may be called, their own task queue and worker slots, the circuit breaker. */
import type { Reader } from '../reader';
import type { NodeEnv } from './environment';

export interface WebhookConfig {
  /** Plain http to localhost/127.0.0.1/[::1] (tests and local development only). */
  readonly allowLocalhost: boolean;
  /** Ports an https endpoint may use (WEBHOOK_ALLOWED_PORTS, 443 by default). */
  readonly allowedPorts: readonly number[];
  /** Deliveries run on their own task queue and worker, apart from the application activities. */
  readonly taskQueue: string;
  /** Deliveries in flight at once per worker process. */
  readonly maxConcurrentDeliveries: number;
  readonly maxEndpointsPerMerchant: number;
  /** Consecutive failures of one endpoint that open its circuit. */
  readonly circuitFailureThreshold: number;
  /** How long an open circuit defers deliveries (doubling while the endpoint keeps failing, up to an hour). */
  readonly circuitCooldownSeconds: number;
}

/** A TCP port, 1-65535, as WEBHOOK_ALLOWED_PORTS lists it. */
const PORT = /^([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])$/;

export function readWebhooks(read: Reader): WebhookConfig {
  return {
    // Plain http://localhost endpoints are for tests (and a developer who asks for them); never production.
    allowLocalhost: read.flag('WEBHOOK_ALLOW_LOCALHOST', read.env.NODE_ENV === 'test' ? 'true' : 'false'),
    // Only 443 unless an operator lists more: an endpoint must not reach other services of a public host.
    allowedPorts: read.list('WEBHOOK_ALLOWED_PORTS', ['443'], PORT).map(Number),
    taskQueue: read.string(
      'WEBHOOK_TASK_QUEUE',
      `${read.optional('TEMPORAL_TASK_QUEUE') ?? 'merchant-onboarding'}-webhooks`,
    ),
    maxConcurrentDeliveries: read.positive('WEBHOOK_MAX_CONCURRENT_DELIVERIES', 20),
    maxEndpointsPerMerchant: read.positive('WEBHOOK_MAX_ENDPOINTS', 5),
    circuitFailureThreshold: read.positive('WEBHOOK_CIRCUIT_FAILURES', 5),
    circuitCooldownSeconds: read.positive('WEBHOOK_CIRCUIT_COOLDOWN_S', 60),
  };
}

/** Checked once everything is read: never localhost in production, never the application's task queue. */
export function checkWebhooks(
  read: Reader,
  webhooks: WebhookConfig,
  nodeEnv: NodeEnv,
  applicationTaskQueue: string,
): void {
  if (nodeEnv === 'production' && webhooks.allowLocalhost) {
    read.problems.push('WEBHOOK_ALLOW_LOCALHOST must not be true in production');
  }
  if (webhooks.taskQueue === applicationTaskQueue) {
    read.problems.push(
      'WEBHOOK_TASK_QUEUE must differ from TEMPORAL_TASK_QUEUE: deliveries must not take application slots',
    );
  }
}

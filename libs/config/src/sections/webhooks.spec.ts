/** Webhook deliveries: allowed endpoints and ports, their own task queue and slots. */
import { loadConfig } from '../config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', NODE_ENV: 'development' };

describe('webhooks', () => {
  it('webhooks: plain http to localhost only in tests, their own task queue, bounded endpoints and slots', () => {
    expect(loadConfig(base).webhooks).toEqual({
      allowLocalhost: false,
      allowedPorts: [443],
      taskQueue: 'merchant-onboarding-webhooks',
      maxConcurrentDeliveries: 20,
      maxEndpointsPerMerchant: 5,
      circuitFailureThreshold: 5,
      circuitCooldownSeconds: 60,
    });
    expect(loadConfig({ ...base, NODE_ENV: 'test' }).webhooks.allowLocalhost).toBe(true);
    expect(loadConfig({ ...base, TEMPORAL_TASK_QUEUE: 'q' }).webhooks.taskQueue).toBe('q-webhooks');
    expect(() =>
      loadConfig({
        ...base,
        NODE_ENV: 'production',
        TEMPORAL_CODEC_KEYS: 'k:a',
        TEMPORAL_CODEC_ACTIVE_KEY: 'k',
        WEBHOOK_ALLOW_LOCALHOST: 'true',
      }),
    ).toThrow(/WEBHOOK_ALLOW_LOCALHOST/);
    expect(() => loadConfig({ ...base, WEBHOOK_TASK_QUEUE: 'merchant-onboarding' })).toThrow(/WEBHOOK_TASK_QUEUE/);
    expect(loadConfig(base).temporal.maxConcurrentActivities).toBeNull();
    expect(loadConfig({ ...base, WORKER_MAX_CONCURRENT_ACTIVITIES: '4' }).temporal.maxConcurrentActivities).toBe(4);
  });

  it('webhook ports: 443 unless WEBHOOK_ALLOWED_PORTS lists others; a non-port is refused', () => {
    expect(loadConfig({ ...base, WEBHOOK_ALLOWED_PORTS: '443, 8443' }).webhooks.allowedPorts).toEqual([443, 8443]);
    expect(() => loadConfig({ ...base, WEBHOOK_ALLOWED_PORTS: '443,70000' })).toThrow(/WEBHOOK_ALLOWED_PORTS/);
    expect(() => loadConfig({ ...base, WEBHOOK_ALLOWED_PORTS: '0' })).toThrow(/WEBHOOK_ALLOWED_PORTS/);
  });
});

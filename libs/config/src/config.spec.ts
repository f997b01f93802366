import { ConfigError, loadAuthConfig, loadConfig, Secret } from './config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db' };

describe('configuration', () => {
  it('names every bad or missing variable at once', () => {
    try {
      loadConfig({ API_PORT: '99999', LOG_LEVEL: 'chatty', MCC_PROHIBITED: '7995,abc' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const message = (err as Error).message;
      for (const name of ['DATABASE_URL', 'API_PORT', 'LOG_LEVEL', 'MCC_PROHIBITED']) expect(message).toContain(name);
    }
  });

  it('keeps secrets out of logs, JSON and string interpolation', () => {
    const config = loadConfig({ ...base, TEMPORAL_CODEC_KEYS: 'k1:c2VjcmV0', TEMPORAL_CODEC_ACTIVE_KEY: 'k1' });
    const printed = [JSON.stringify(config), String(config.database.url), String(config.temporal.codec?.keys)].join(
      ' ',
    );
    expect(printed).not.toContain('postgres://u:p@');
    expect(printed).not.toContain('c2VjcmV0');
    expect(config.database.url.reveal()).toBe(base.DATABASE_URL);
    expect(String(new Secret('x'))).toBe('[redacted]');
  });

  it('refuses production without payload encryption', () => {
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(
      /TEMPORAL_CODEC_KEYS is required in production/,
    );
  });

  it('reads the lifecycle policy, defaulting to product.md', () => {
    expect(loadConfig(base).policy).toMatchObject({
      resubmissionWindowDays: 30,
      reviewSlaHours: 48,
      maxResubmissions: 5,
    });
    expect(loadConfig({ ...base, REVIEW_SLA_HOURS: '24', RESUBMISSION_REMINDER_DAYS: '10,3' }).policy).toMatchObject({
      reviewSlaHours: 24,
      resubmissionReminderDays: [10, 3],
    });
  });

  it('needs an HS256 secret of 32+ characters unless a JWKS URL is configured', () => {
    expect(() => loadAuthConfig({ AUTH_JWT_SECRET: 'short' })).toThrow(/at least 32/);
    expect(loadAuthConfig({ AUTH_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json' })).toMatchObject({
      jwtSecret: null,
    });
  });

  it('webhooks: plain http to localhost only in tests, their own task queue, bounded endpoints and slots', () => {
    expect(loadConfig(base).webhooks).toEqual({
      allowLocalhost: false,
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
});

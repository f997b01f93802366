import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ConfigError,
  DEFAULT_TENANCY,
  loadAuthConfig,
  loadConfig,
  loadTemporalConnectionConfig,
  Secret,
} from './config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', NODE_ENV: 'development' };

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
    expect(() => loadConfig({ ...base, NODE_ENV: 'production' })).toThrow(/TEMPORAL_CODEC_KEYS is required/);
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

  it('fetches the JWKS over https only (plain http only to this machine, and only when development is chosen)', () => {
    expect(() =>
      loadAuthConfig({ NODE_ENV: 'test', AUTH_JWKS_URL: 'http://idp.example.com/.well-known/jwks.json' }),
    ).toThrow(/AUTH_JWKS_URL must be an https URL/);
    expect(loadAuthConfig({ NODE_ENV: 'test', AUTH_JWKS_URL: 'http://127.0.0.1:8080/jwks.json' }).jwksUrl).toBe(
      'http://127.0.0.1:8080/jwks.json',
    );
    for (const NODE_ENV of ['production', undefined]) {
      expect(() => loadAuthConfig({ NODE_ENV, AUTH_JWKS_URL: 'http://localhost:8080/jwks.json' })).toThrow(
        /AUTH_JWKS_URL must be an https URL/,
      );
    }
  });

  it('reads the per-application document quota', () => {
    expect(loadConfig(base).documents.quotaBytes).toBe(100 * 1024 * 1024);
    expect(loadConfig({ ...base, DOCUMENT_QUOTA_BYTES: '5000' }).documents.quotaBytes).toBe(5000);
    expect(() => loadConfig({ ...base, DOCUMENT_QUOTA_BYTES: 'lots' })).toThrow(/DOCUMENT_QUOTA_BYTES/);
  });

  it('tenancy: per-merchant caps, long-poll caps and the read-model wait, each from its own variable', () => {
    expect(loadConfig(base).tenancy).toEqual(DEFAULT_TENANCY);
    expect(DEFAULT_TENANCY).toMatchObject({
      maxOpenApplicationsPerMerchant: 20,
      longPollsPerCaller: 5,
      readModelWaitMs: 15_000,
    });
    const set = {
      MERCHANT_MAX_OPEN_APPLICATIONS: '2',
      MERCHANT_DOCUMENT_QUOTA_BYTES: '1000',
      APPLICATION_MAX_PROFILE_REVISIONS: '9',
      LONG_POLL_MAX_PER_CALLER: '1',
      LONG_POLL_MAX_PER_PROCESS: '50',
      READ_MODEL_WAIT_MS: '2000',
      LISTEN_HEARTBEAT_MS: '3000',
    };
    expect(loadConfig({ ...base, ...set }).tenancy).toEqual({
      maxOpenApplicationsPerMerchant: 2,
      merchantDocumentQuotaBytes: 1000,
      maxProfileRevisions: 9,
      longPollsPerCaller: 1,
      longPollsPerProcess: 50,
      readModelWaitMs: 2000,
      listenHeartbeatMs: 3000,
    });
    for (const name of Object.keys(set)) {
      expect(() => loadConfig({ ...base, [name]: '0' })).toThrow(new RegExp(name));
    }
  });

  it('reads the limit on failed authentications per client address', () => {
    expect(loadConfig(base).api.authFailuresPerMinute).toBe(60);
    expect(loadConfig({ ...base, AUTH_FAILURES_PER_MINUTE: '5' }).api.authFailuresPerMinute).toBe(5);
  });

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

  it('unbound (version-1) payloads: no key id accepts them unless TEMPORAL_CODEC_UNBOUND_KEYS names it', () => {
    const keys = { ...base, TEMPORAL_CODEC_KEYS: 'k:a', TEMPORAL_CODEC_ACTIVE_KEY: 'k' };
    expect(loadConfig(keys).temporal.codec?.unboundKeyIds).toEqual([]);
    const ring = { ...keys, TEMPORAL_CODEC_KEYS: 'k:a,old:b' };
    expect(loadConfig({ ...ring, TEMPORAL_CODEC_UNBOUND_KEYS: 'k,old' }).temporal.codec?.unboundKeyIds).toEqual([
      'k',
      'old',
    ]);
    expect(() => loadConfig({ ...keys, TEMPORAL_CODEC_UNBOUND_KEYS: 'k,olde' })).toThrow(
      /TEMPORAL_CODEC_UNBOUND_KEYS names keys not in TEMPORAL_CODEC_KEYS: olde/,
    );
  });
});

describe('Temporal connection (TLS, mTLS, API key)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mo-config-tls-'));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const ca = file('ca.pem', '-----BEGIN CERTIFICATE-----\nca\n-----END CERTIFICATE-----\n');
  const cert = file('client.pem', '-----BEGIN CERTIFICATE-----\nclient\n-----END CERTIFICATE-----\n');
  const key = file('client.key', '-----BEGIN PRIVATE KEY-----\nvery-private\n-----END PRIVATE KEY-----\n');

  it('is plaintext gRPC without any TLS variable (the dev server)', () => {
    expect(loadConfig(base).temporal).toMatchObject({ address: 'localhost:7233', tls: null, apiKey: null });
  });

  it('reads mTLS files once at start; the key and the API key are secrets', () => {
    const config = loadConfig({
      ...base,
      TEMPORAL_TLS_CA: ca,
      TEMPORAL_TLS_CERT: cert,
      TEMPORAL_TLS_KEY: key,
      TEMPORAL_TLS_SERVER_NAME: 'temporal.internal',
      TEMPORAL_API_KEY: 'temporal-api-key-value',
    });
    expect(config.temporal.tls?.serverRootCa?.toString()).toContain('ca');
    expect(config.temporal.tls?.client?.cert.toString()).toContain('client');
    expect(config.temporal.tls?.client?.key.reveal()).toContain('very-private');
    expect(config.temporal.tls?.serverName).toBe('temporal.internal');
    expect(config.temporal.apiKey?.reveal()).toBe('temporal-api-key-value');
    const printed = JSON.stringify(config);
    expect(printed).not.toContain('very-private');
    expect(printed).not.toContain('temporal-api-key-value');
  });

  it('turns TLS on for an API key or TEMPORAL_TLS=true (system CAs)', () => {
    expect(loadConfig({ ...base, TEMPORAL_API_KEY: 'k' }).temporal.tls).toEqual({
      serverRootCa: null,
      client: null,
      serverName: null,
    });
    expect(loadConfig({ ...base, TEMPORAL_TLS: 'true' }).temporal.tls).not.toBeNull();
  });

  it('names contradictory or unreadable TLS settings', () => {
    const problems = (env: Record<string, string>): string => {
      try {
        loadConfig({ ...base, ...env });
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(problems({ TEMPORAL_TLS_CERT: cert })).toMatch(/TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together/);
    expect(problems({ TEMPORAL_TLS_CA: join(dir, 'missing.pem') })).toMatch(
      /TEMPORAL_TLS_CA must name a readable PEM file/,
    );
    expect(problems({ TEMPORAL_TLS: 'false', TEMPORAL_TLS_CA: ca })).toMatch(
      /TEMPORAL_TLS is false but TEMPORAL_TLS_CA/,
    );
    expect(problems({ TEMPORAL_TLS: 'false', TEMPORAL_API_KEY: 'k' })).toMatch(
      /TEMPORAL_API_KEY is sent only over TLS/,
    );
    expect(problems({ TEMPORAL_TLS: 'yes' })).toMatch(/TEMPORAL_TLS must be one of true, false/);
    expect(loadTemporalConnectionConfig({ TEMPORAL_ADDRESS: 'temporal:7233' })).toMatchObject({
      address: 'temporal:7233',
      tls: null,
    });
  });
});

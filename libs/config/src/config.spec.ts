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

  it('fetches the JWKS over https only (plain http only to this machine, and never in production)', () => {
    expect(() => loadAuthConfig({ AUTH_JWKS_URL: 'http://idp.example.com/.well-known/jwks.json' })).toThrow(
      /AUTH_JWKS_URL must be an https URL/,
    );
    expect(loadAuthConfig({ AUTH_JWKS_URL: 'http://127.0.0.1:8080/jwks.json' }).jwksUrl).toBe(
      'http://127.0.0.1:8080/jwks.json',
    );
    expect(() => loadAuthConfig({ NODE_ENV: 'production', AUTH_JWKS_URL: 'http://localhost:8080/jwks.json' })).toThrow(
      /AUTH_JWKS_URL must be an https URL/,
    );
  });

  it('reads the per-application document quota', () => {
    expect(loadConfig(base).documents.quotaBytes).toBe(100 * 1024 * 1024);
    expect(loadConfig({ ...base, DOCUMENT_QUOTA_BYTES: '5000' }).documents.quotaBytes).toBe(5000);
    expect(() => loadConfig({ ...base, DOCUMENT_QUOTA_BYTES: 'lots' })).toThrow(/DOCUMENT_QUOTA_BYTES/);
  });

  it('reads the limit on failed authentications per client address', () => {
    expect(loadConfig(base).api.authFailuresPerMinute).toBe(60);
    expect(loadConfig({ ...base, AUTH_FAILURES_PER_MINUTE: '5' }).api.authFailuresPerMinute).toBe(5);
  });
});

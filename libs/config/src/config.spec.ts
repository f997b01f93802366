/** The whole configuration: every problem named at once, secrets never printed, production fails closed. */
import { ConfigError, loadConfig, Secret } from './config';

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
});

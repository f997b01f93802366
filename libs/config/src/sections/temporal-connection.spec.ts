/** How to reach Temporal: plaintext, TLS, mTLS and API keys, and contradictory settings named. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, loadTemporalConnectionConfig } from '../config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', NODE_ENV: 'development' };

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

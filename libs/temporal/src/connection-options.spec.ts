import { loadTemporalConnectionConfig } from '@mo/config';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { temporalConnectionOptions, temporalConnectionOptionsFromEnv } from './connection-options';

describe('Temporal connection options', () => {
  it('are the address alone for a plaintext dev server', () => {
    expect(temporalConnectionOptionsFromEnv('127.0.0.1:7233', {})).toEqual({ address: '127.0.0.1:7233' });
  });

  it('carry the CA, the client pair, the server name and the API key for the SDK', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mo-tls-'));
    for (const name of ['ca.pem', 'cert.pem', 'key.pem']) writeFileSync(join(dir, name), `${name} contents`);
    const options = temporalConnectionOptions(
      loadTemporalConnectionConfig({
        TEMPORAL_ADDRESS: 'temporal.example:7233',
        TEMPORAL_TLS_CA: join(dir, 'ca.pem'),
        TEMPORAL_TLS_CERT: join(dir, 'cert.pem'),
        TEMPORAL_TLS_KEY: join(dir, 'key.pem'),
        TEMPORAL_TLS_SERVER_NAME: 'frontend.temporal.internal',
        TEMPORAL_API_KEY: 'api-key',
      }),
    );
    expect(options.address).toBe('temporal.example:7233');
    expect(Buffer.from(options.tls!.serverRootCACertificate!).toString()).toBe('ca.pem contents');
    expect(Buffer.from(options.tls!.clientCertPair!.crt).toString()).toBe('cert.pem contents');
    expect(Buffer.from(options.tls!.clientCertPair!.key).toString()).toBe('key.pem contents');
    expect(options.tls!.serverNameOverride).toBe('frontend.temporal.internal');
    expect(options.apiKey).toBe('api-key');
  });
});

/**
 * How to reach Temporal (address, TLS, mTLS, API key): the one source of connection options for the
 * API, the worker and the scripts. PEM files are read once, here, at start-up.
 */
import { readFileSync } from 'node:fs';
import { Reader, Secret } from '../reader';

/** TLS (and mTLS) for the connections to Temporal; PEM contents read from the files named. */
export interface TemporalTlsConfig {
  /** CA that signed the server's certificate; null = the system's trusted CAs. */
  readonly serverRootCa: Buffer | null;
  /** Client certificate and key for mTLS; null = server-authenticated TLS only. */
  readonly client: { readonly cert: Buffer; readonly key: Secret } | null;
  /** Name the server's certificate must carry when it differs from the address' host. */
  readonly serverName: string | null;
}
/** How to reach Temporal: the one source of connection options for the API, the worker and the scripts. */
export interface TemporalConnectionConfig {
  readonly address: string;
  /** null = plaintext gRPC (a local dev server). */
  readonly tls: TemporalTlsConfig | null;
  /** Sent as a bearer token (Temporal Cloud API keys); implies TLS. */
  readonly apiKey: Secret | null;
}

const TLS_SETTINGS = ['TEMPORAL_TLS_CA', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_SERVER_NAME'];

export function readTemporalConnection(read: Reader): TemporalConnectionConfig {
  const address = read.string('TEMPORAL_ADDRESS', 'localhost:7233');
  const tlsFlag = read.oneOf<'true' | 'false' | 'auto'>('TEMPORAL_TLS', ['true', 'false'], 'auto');
  const serverRootCa = readPem(read, 'TEMPORAL_TLS_CA');
  const cert = readPem(read, 'TEMPORAL_TLS_CERT');
  const keyPem = readPem(read, 'TEMPORAL_TLS_KEY');
  const serverName = read.optional('TEMPORAL_TLS_SERVER_NAME');
  const apiKeyValue = read.optional('TEMPORAL_API_KEY');
  const apiKey = apiKeyValue === null ? null : new Secret(apiKeyValue);
  if ((read.optional('TEMPORAL_TLS_CERT') === null) !== (read.optional('TEMPORAL_TLS_KEY') === null)) {
    read.problems.push(
      'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (the client certificate and its key, for mTLS)',
    );
  }
  const anyTlsSetting = TLS_SETTINGS.filter((name) => read.optional(name) !== null);
  if (tlsFlag === 'false' && anyTlsSetting.length > 0) {
    read.problems.push(
      `TEMPORAL_TLS is false but ${anyTlsSetting.join(', ')} ${anyTlsSetting.length > 1 ? 'are' : 'is'} set`,
    );
  }
  if (tlsFlag === 'false' && apiKey !== null) {
    read.problems.push('TEMPORAL_API_KEY is sent only over TLS: it cannot be used with TEMPORAL_TLS=false');
  }
  const useTls = tlsFlag === 'true' || (tlsFlag !== 'false' && (anyTlsSetting.length > 0 || apiKey !== null));
  return {
    address,
    tls: useTls
      ? {
          serverRootCa,
          client: cert !== null && keyPem !== null ? { cert, key: new Secret(keyPem.toString('utf8')) } : null,
          serverName,
        }
      : null,
    apiKey,
  };
}

/** The contents of the PEM file a variable names; null when unset. */
function readPem(read: Reader, name: string): Buffer | null {
  const path = read.optional(name);
  if (path === null) return null;
  try {
    return readFileSync(path);
  } catch (err) {
    read.problems.push(
      `${name} must name a readable PEM file (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`,
    );
    return null;
  }
}

/** Only how to reach Temporal, for tools that need nothing else (verify, soak, bench). */
export function loadTemporalConnectionConfig(env: NodeJS.ProcessEnv = process.env): TemporalConnectionConfig {
  const read = new Reader(env);
  return read.done(readTemporalConnection(read));
}

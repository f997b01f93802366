/**
 * The options of every connection to Temporal (the API's client, the worker's native connection,
 * the scripts): address, TLS or mTLS, and an API key, from the validated configuration.
 */
import type { TLSConfig } from '@temporalio/common/lib/internal-non-workflow';
import { loadTemporalConnectionConfig, type TemporalConnectionConfig } from '@mo/config';

/** Accepted as is by `Connection.connect` (client) and `NativeConnection.connect` (worker). */
export interface TemporalConnectOptions {
  readonly address: string;
  readonly tls?: TLSConfig;
  readonly apiKey?: string;
}

export function temporalConnectionOptions(config: TemporalConnectionConfig): TemporalConnectOptions {
  const { tls, apiKey } = config;
  return {
    address: config.address,
    ...(tls === null
      ? {}
      : {
          tls: {
            ...(tls.serverRootCa ? { serverRootCACertificate: tls.serverRootCa } : {}),
            ...(tls.client
              ? { clientCertPair: { crt: tls.client.cert, key: Buffer.from(tls.client.key.reveal()) } }
              : {}),
            ...(tls.serverName ? { serverNameOverride: tls.serverName } : {}),
          },
        }),
    ...(apiKey === null ? {} : { apiKey: apiKey.reveal() }),
  };
}

/** For the scripts: the same variables as the API and the worker, optionally for another address. */
export function temporalConnectionOptionsFromEnv(
  address?: string,
  env: NodeJS.ProcessEnv = process.env,
): TemporalConnectOptions {
  return temporalConnectionOptions(
    loadTemporalConnectionConfig(address === undefined ? env : { ...env, TEMPORAL_ADDRESS: address }),
  );
}

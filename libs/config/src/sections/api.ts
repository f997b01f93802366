/** The HTTP API: where it listens, its rate limits, CORS, idempotency leases and the console it serves. */
import type { Reader } from '../reader';
import { isSafeJwksUrl } from './auth';
import { developmentChosen } from './environment';
import { readTrustProxy, type TrustProxy } from './trust-proxy';

export interface ApiConfig {
  readonly host: string;
  readonly port: number;
  /** Requests per minute per caller (token subject, or IP without a token). */
  readonly rateLimitPerMinute: number;
  /** Browser origins allowed to call the API (the Temporal UI, for the codec endpoint). */
  readonly corsOrigins: readonly string[];
  /** How long a request that never finished (its process died) holds its Idempotency-Key. */
  readonly idempotencyLeaseSeconds: number;
  /**
   * Failed authentications (401) per client address per minute; beyond, that address is answered
   * 429 before any token is verified, so a flood of bad tokens is limited too.
   */
  readonly authFailuresPerMinute: number;
  /** The web console the API serves at `/`. */
  readonly console: ConsoleConfig;
  /** Which proxies' X-Forwarded-For to believe for the client address (Express's `trust proxy`). */
  readonly trustProxy: TrustProxy;
}
export interface ConsoleConfig {
  /** The built console; null: `dist/console` of the project (`npm run build` writes it). Not served when absent. */
  readonly dir: string | null;
  /**
   * Sign-in through the identity provider whose JWKS the API trusts: OpenID Connect authorization
   * code with PKCE, done by the browser. Null: no OIDC sign-in (development signs in with dev tokens).
   */
  readonly oidc: { readonly issuer: string; readonly clientId: string; readonly scope: string } | null;
}

export function readApi(read: Reader): ApiConfig {
  return {
    host: read.string('API_HOST', '0.0.0.0'),
    port: read.port('API_PORT', 3000),
    rateLimitPerMinute: read.positive('RATE_LIMIT_PER_MINUTE', 600),
    corsOrigins: read.list('CORS_ORIGINS', ['http://localhost:8233'], /^https?:\/\/[^\s,]+$/),
    idempotencyLeaseSeconds: read.positive('IDEMPOTENCY_LEASE_SECONDS', 30),
    authFailuresPerMinute: read.positive('AUTH_FAILURES_PER_MINUTE', 60),
    trustProxy: readTrustProxy(read),
    console: {
      dir: read.optional('CONSOLE_DIR'),
      oidc: readOidc(read),
    },
  };
}

function readOidc(read: Reader): ConsoleConfig['oidc'] {
  const issuer = read.optional('OIDC_ISSUER_URL');
  if (issuer === null) return null;
  if (!isSafeJwksUrl(issuer, { allowLoopbackHttp: developmentChosen(read.env) })) {
    read.problems.push(
      `OIDC_ISSUER_URL must be an https URL (plain http only to localhost with NODE_ENV=development or test), got ${JSON.stringify(issuer)}`,
    );
  }
  return {
    issuer: issuer.replace(/\/+$/, ''),
    clientId: read.string('OIDC_CLIENT_ID', 'merchant-onboarding-console'),
    scope: read.string('OIDC_SCOPE', 'openid profile'),
  };
}

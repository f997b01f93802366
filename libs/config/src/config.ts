/**
 * Configuration, validated once at start-up into a typed object. A bad or missing value stops the
 * process with a message naming the variable; secrets are wrapped so they never reach a log.
 */

import { readFileSync } from 'node:fs';
import ipaddr from 'ipaddr.js';
import {
  DEFAULT_DOCUMENT_LIMITS,
  DEFAULT_MCC_POLICY,
  DEFAULT_POLICY,
  type LifecyclePolicy,
  type MccPolicy,
} from '@mo/domain';

/** Holds a secret value; prints as [redacted] in logs, JSON and string interpolation. */
export class Secret {
  readonly #value: string;
  constructor(value: string) {
    this.#value = value;
  }
  reveal(): string {
    return this.#value;
  }
  toString(): string {
    return '[redacted]';
  }
  toJSON(): string {
    return '[redacted]';
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

export interface DatabaseConfig {
  readonly url: Secret;
}
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
export interface TemporalConfig extends TemporalConnectionConfig {
  readonly namespace: string;
  readonly taskQueue: string;
  /** Payload encryption: `id:base64(32 bytes),…` and the id that encrypts; absent = no encryption. */
  readonly codec: {
    readonly keys: Secret;
    readonly activeKeyId: string;
    /** Key ids whose unbound (pre-binding, version-1) payloads still decode: TEMPORAL_CODEC_UNBOUND_KEYS. */
    readonly unboundKeyIds: readonly string[];
  } | null;
  /**
   * Workflows the worker keeps in memory (each about a third of a megabyte); the others replay
   * from their history on their next task. Bounds the worker's memory however many are open.
   */
  readonly maxCachedWorkflows: number;
  /** Activity slots of the main worker (recordTransition and the other application activities); null = SDK default. */
  readonly maxConcurrentActivities: number | null;
}
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
/** None (`false`), the last N hops, or the proxies at these addresses, CIDRs or Express names. */
export type TrustProxy = false | number | readonly string[];
export interface ConsoleConfig {
  /** The built console; null: `dist/console` of the project (`npm run build` writes it). Not served when absent. */
  readonly dir: string | null;
  /**
   * Sign-in through the identity provider whose JWKS the API trusts: OpenID Connect authorization
   * code with PKCE, done by the browser. Null: no OIDC sign-in (development signs in with dev tokens).
   */
  readonly oidc: { readonly issuer: string; readonly clientId: string; readonly scope: string } | null;
}
export interface AuthConfig {
  /** HS256 secret (development); unused when `jwksUrl` is set. */
  readonly jwtSecret: Secret | null;
  /** The identity provider's JWKS (production). */
  readonly jwksUrl: string | null;
  readonly issuer: string;
  readonly audience: string;
  /** `POST /v1/dev/sign-in` exists (see readDevSignIn: opt-in, generated secret, development only). */
  readonly devSignIn: boolean;
}
export type LogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';

export interface AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly logLevel: LogLevel;
  readonly database: DatabaseConfig;
  readonly temporal: TemporalConfig;
  readonly api: ApiConfig;
  /** Timers and limits given to every new application's workflow. */
  readonly policy: LifecyclePolicy;
  readonly mcc: MccPolicy;
  readonly documents: DocumentConfig;
  readonly webhooks: WebhookConfig;
  readonly tenancy: TenancyConfig;
}
export interface WebhookConfig {
  /** Plain http to localhost/127.0.0.1/[::1] (tests and local development only). */
  readonly allowLocalhost: boolean;
  /** Ports an https endpoint may use (WEBHOOK_ALLOWED_PORTS, 443 by default). */
  readonly allowedPorts: readonly number[];
  /** Deliveries run on their own task queue and worker, apart from the application activities. */
  readonly taskQueue: string;
  /** Deliveries in flight at once per worker process. */
  readonly maxConcurrentDeliveries: number;
  readonly maxEndpointsPerMerchant: number;
  /** Consecutive failures of one endpoint that open its circuit. */
  readonly circuitFailureThreshold: number;
  /** How long an open circuit defers deliveries (doubling while the endpoint keeps failing, up to an hour). */
  readonly circuitCooldownSeconds: number;
}
export interface DocumentConfig {
  readonly maxBytes: number;
  /** Total bytes of uploads one application may hold (every version counts). */
  readonly quotaBytes: number;
  readonly store: 'local' | 's3';
  /** Local-disk document store root. */
  readonly storeDir: string;
  /** S3-compatible store; credentials come from the standard AWS environment. */
  readonly s3: {
    readonly bucket: string;
    readonly region: string;
    readonly endpoint: string | null;
    readonly forcePathStyle: boolean;
  };
}

/** Upload bytes one application may hold unless DOCUMENT_QUOTA_BYTES says otherwise (ten full-size files). */
export const DEFAULT_DOCUMENT_QUOTA_BYTES = 100 * 1024 * 1024;

/**
 * Workflows a worker keeps in memory unless WORKER_MAX_CACHED_WORKFLOWS says otherwise: several
 * times the workflows busy at once at the measured maximum (32 clients), and each costs about
 * 0.5 MB. Worker RSS with 1,500 open applications peaked at 447 MB with 150; with 250 it was 480 MB
 * at 1,000 open (bench/analysis.md).
 */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 150;

/**
 * Node flags of every worker process (npm start, start:cluster, the bench and its baseline, compose).
 * A V8 heap limit per isolate (the main thread and the workflow thread each): without one, V8 on a
 * large machine lets the garbage of evicted workflows pile up. Measured with 1,000 open
 * applications and 250 cached: peak worker RSS 608 MB without it, 449 MB with it (bench/analysis.md).
 */
export const WORKER_NODE_FLAGS: readonly string[] = ['--max-old-space-size=200'];

/**
 * The Worker options that size the application worker, from its configuration: the worker and the
 * bench's baseline worker (which must run with the same tuning to be a fair limit) both use this.
 */
export function workerTuning(temporal: Pick<TemporalConfig, 'maxCachedWorkflows' | 'maxConcurrentActivities'>): {
  readonly maxCachedWorkflows: number;
  readonly maxConcurrentActivityTaskExecutions?: number;
} {
  return {
    maxCachedWorkflows: temporal.maxCachedWorkflows,
    ...(temporal.maxConcurrentActivities === null
      ? {}
      : { maxConcurrentActivityTaskExecutions: temporal.maxConcurrentActivities }),
  };
}

const LOG_LEVELS: readonly LogLevel[] = ['error', 'warn', 'log', 'debug', 'verbose'];

class Reader {
  readonly problems: string[] = [];
  constructor(private readonly env: NodeJS.ProcessEnv) {}

  string(name: string, fallback?: string): string {
    const value = this.env[name]?.trim();
    if (value) return value;
    if (fallback !== undefined) return fallback;
    this.problems.push(`${name} is required`);
    return '';
  }

  port(name: string, fallback: number): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const port = Number(raw);
    if (!Number.isInteger(port) || port < 1 || port > 65535) {
      this.problems.push(`${name} must be a TCP port (1-65535), got "${raw}"`);
      return fallback;
    }
    return port;
  }

  positive(name: string, fallback: number): number {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value <= 0) {
      this.problems.push(`${name} must be a positive number, got "${raw}"`);
      return fallback;
    }
    return value;
  }

  list(name: string, fallback: readonly string[], item: RegExp): readonly string[] {
    const raw = this.env[name];
    if (raw === undefined) return fallback;
    const items = raw
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const bad = items.filter((i) => !item.test(i));
    if (bad.length > 0) this.problems.push(`${name} has invalid entries: ${bad.join(', ')}`);
    return items;
  }

  oneOf<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env[name]?.trim();
    if (!raw) return fallback;
    if ((allowed as readonly string[]).includes(raw)) return raw as T;
    this.problems.push(`${name} must be one of ${allowed.join(', ')}, got "${raw}"`);
    return fallback;
  }

  secret(name: string, minLength: number): Secret {
    const value = this.string(name);
    if (value && value.length < minLength) {
      this.problems.push(`${name} must be at least ${minLength} characters`);
    }
    return new Secret(value);
  }
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const read = new Reader(env);
  const config: AppConfig = {
    nodeEnv: read.oneOf('NODE_ENV', ['development', 'production', 'test'], 'development'),
    logLevel: read.oneOf('LOG_LEVEL', LOG_LEVELS, 'log'),
    database: { url: new Secret(read.string('DATABASE_URL')) },
    temporal: {
      ...readTemporalConnection(read, env),
      namespace: read.string('TEMPORAL_NAMESPACE', 'default'),
      taskQueue: read.string('TEMPORAL_TASK_QUEUE', 'merchant-onboarding'),
      codec: env.TEMPORAL_CODEC_KEYS?.trim()
        ? {
            keys: new Secret(env.TEMPORAL_CODEC_KEYS.trim()),
            activeKeyId: read.string('TEMPORAL_CODEC_ACTIVE_KEY'),
            unboundKeyIds: knownKeyIds(
              read,
              env.TEMPORAL_CODEC_KEYS,
              read.list('TEMPORAL_CODEC_UNBOUND_KEYS', [], /^[^\s:,]+$/),
            ),
          }
        : null,
      maxCachedWorkflows: read.positive('WORKER_MAX_CACHED_WORKFLOWS', DEFAULT_MAX_CACHED_WORKFLOWS),
      maxConcurrentActivities: env.WORKER_MAX_CONCURRENT_ACTIVITIES?.trim()
        ? read.positive('WORKER_MAX_CONCURRENT_ACTIVITIES', 100)
        : null,
    },
    api: {
      host: read.string('API_HOST', '0.0.0.0'),
      port: read.port('API_PORT', 3000),
      rateLimitPerMinute: read.positive('RATE_LIMIT_PER_MINUTE', 600),
      corsOrigins: read.list('CORS_ORIGINS', ['http://localhost:8233'], /^https?:\/\/[^\s,]+$/),
      idempotencyLeaseSeconds: read.positive('IDEMPOTENCY_LEASE_SECONDS', 30),
      authFailuresPerMinute: read.positive('AUTH_FAILURES_PER_MINUTE', 60),
      trustProxy: readTrustProxy(read, env),
      console: {
        dir: env.CONSOLE_DIR?.trim() || null,
        oidc: readOidc(read, env),
      },
    },
    policy: {
      resubmissionWindowDays: read.positive('RESUBMISSION_WINDOW_DAYS', DEFAULT_POLICY.resubmissionWindowDays),
      resubmissionReminderDays: read
        .list('RESUBMISSION_REMINDER_DAYS', DEFAULT_POLICY.resubmissionReminderDays.map(String), /^\d+$/)
        .map(Number),
      reviewSlaHours: read.positive('REVIEW_SLA_HOURS', DEFAULT_POLICY.reviewSlaHours),
      microDepositDays: read.positive('MICRO_DEPOSIT_DAYS', DEFAULT_POLICY.microDepositDays),
      microDepositAttempts: read.positive('MICRO_DEPOSIT_ATTEMPTS', DEFAULT_POLICY.microDepositAttempts),
      agreementDays: read.positive('AGREEMENT_DAYS', DEFAULT_POLICY.agreementDays),
      draftInactivityDays: read.positive('DRAFT_INACTIVITY_DAYS', DEFAULT_POLICY.draftInactivityDays),
      maxResubmissions: read.positive('MAX_RESUBMISSIONS', DEFAULT_POLICY.maxResubmissions),
      claimIdleMinutes: read.positive('CLAIM_IDLE_MINUTES', DEFAULT_POLICY.claimIdleMinutes),
      agreementVersion: read.string('AGREEMENT_VERSION', DEFAULT_POLICY.agreementVersion),
    },
    mcc: {
      prohibited: read.list('MCC_PROHIBITED', DEFAULT_MCC_POLICY.prohibited, /^\d{4}$/),
      restricted: read.list('MCC_RESTRICTED', DEFAULT_MCC_POLICY.restricted, /^\d{4}$/),
    },
    webhooks: {
      // Plain http://localhost endpoints are for tests (and a developer who asks for them); never production.
      allowLocalhost:
        read.oneOf('WEBHOOK_ALLOW_LOCALHOST', ['true', 'false'], env.NODE_ENV === 'test' ? 'true' : 'false') === 'true',
      // Only 443 unless an operator lists more: an endpoint must not reach other services of a public host.
      allowedPorts: read
        .list(
          'WEBHOOK_ALLOWED_PORTS',
          ['443'],
          /^([1-9]\d{0,3}|[1-5]\d{4}|6[0-4]\d{3}|65[0-4]\d{2}|655[0-2]\d|6553[0-5])$/,
        )
        .map(Number),
      taskQueue: read.string(
        'WEBHOOK_TASK_QUEUE',
        `${env.TEMPORAL_TASK_QUEUE?.trim() || 'merchant-onboarding'}-webhooks`,
      ),
      maxConcurrentDeliveries: read.positive('WEBHOOK_MAX_CONCURRENT_DELIVERIES', 20),
      maxEndpointsPerMerchant: read.positive('WEBHOOK_MAX_ENDPOINTS', 5),
      circuitFailureThreshold: read.positive('WEBHOOK_CIRCUIT_FAILURES', 5),
      circuitCooldownSeconds: read.positive('WEBHOOK_CIRCUIT_COOLDOWN_S', 60),
    },
    documents: {
      maxBytes: read.positive('DOCUMENT_MAX_BYTES', DEFAULT_DOCUMENT_LIMITS.maxBytes),
      quotaBytes: read.positive('DOCUMENT_QUOTA_BYTES', DEFAULT_DOCUMENT_QUOTA_BYTES),
      store: read.oneOf('DOCUMENT_STORE', ['local', 's3'], 'local'),
      storeDir: read.string('DOCUMENT_STORE_DIR', '.data/documents'),
      s3: {
        bucket: env.DOCUMENT_STORE === 's3' ? read.string('S3_BUCKET') : (env.S3_BUCKET ?? ''),
        region: read.string('S3_REGION', 'us-east-1'),
        endpoint: env.S3_ENDPOINT?.trim() || null,
        forcePathStyle: read.oneOf('S3_FORCE_PATH_STYLE', ['true', 'false'], 'false') === 'true',
      },
    },
    tenancy: readTenancy(read),
  };
  if (config.temporal.codec === null && !developmentChosen(env)) {
    read.problems.push(
      'TEMPORAL_CODEC_KEYS is required unless NODE_ENV is development or test: Temporal must never store plaintext payloads',
    );
  }
  if (config.nodeEnv === 'production' && config.webhooks.allowLocalhost) {
    read.problems.push('WEBHOOK_ALLOW_LOCALHOST must not be true in production');
  }
  if (config.webhooks.taskQueue === config.temporal.taskQueue) {
    read.problems.push(
      'WEBHOOK_TASK_QUEUE must differ from TEMPORAL_TASK_QUEUE: deliveries must not take application slots',
    );
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

// ---- Behind a load balancer: which hops may say who the client is ----

/** Express's names for address ranges in `trust proxy`. */
const TRUST_PROXY_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY, the Express convention: a hop count (`1` behind one load balancer), or the proxies'
 * addresses and CIDRs (and `loopback`, `linklocal`, `uniquelocal`), comma-separated; unset or
 * `false`: the socket's address. `true` (every hop) is refused: any client could then pick the
 * address its rate limit and lockout are counted under.
 */
function readTrustProxy(read: Reader, env: NodeJS.ProcessEnv): TrustProxy {
  const raw = env.TRUST_PROXY?.trim();
  if (!raw || raw === 'false' || raw === '0') return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  if (raw === 'true') {
    read.problems.push(
      "TRUST_PROXY=true would believe any X-Forwarded-For a client sends: give the hop count or the proxies' addresses",
    );
    return false;
  }
  const entries = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const bad = entries.filter((e) => !TRUST_PROXY_NAMES.has(e) && !isAddressOrCidr(e));
  if (bad.length > 0) {
    read.problems.push(
      `TRUST_PROXY must be a hop count or addresses/CIDRs (or loopback, linklocal, uniquelocal), got ${bad.join(', ')}`,
    );
    return false;
  }
  return entries;
}

function isAddressOrCidr(entry: string): boolean {
  if (!entry.includes('/')) return ipaddr.isValid(entry);
  try {
    ipaddr.parseCIDR(entry);
    return true;
  } catch {
    return false;
  }
}

function readTemporalConnection(read: Reader, env: NodeJS.ProcessEnv): TemporalConnectionConfig {
  const address = read.string('TEMPORAL_ADDRESS', 'localhost:7233');
  const pem = (name: string): Buffer | null => {
    const path = env[name]?.trim();
    if (!path) return null;
    try {
      return readFileSync(path);
    } catch (err) {
      read.problems.push(
        `${name} must name a readable PEM file (${(err as NodeJS.ErrnoException).code ?? 'unreadable'})`,
      );
      return null;
    }
  };
  const tlsFlag = read.oneOf<'true' | 'false' | 'auto'>('TEMPORAL_TLS', ['true', 'false'], 'auto');
  const serverRootCa = pem('TEMPORAL_TLS_CA');
  const cert = pem('TEMPORAL_TLS_CERT');
  const keyPem = pem('TEMPORAL_TLS_KEY');
  const serverName = env.TEMPORAL_TLS_SERVER_NAME?.trim() || null;
  const apiKey = env.TEMPORAL_API_KEY?.trim() ? new Secret(env.TEMPORAL_API_KEY.trim()) : null;
  if ((env.TEMPORAL_TLS_CERT?.trim() ? 1 : 0) !== (env.TEMPORAL_TLS_KEY?.trim() ? 1 : 0)) {
    read.problems.push(
      'TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY go together (the client certificate and its key, for mTLS)',
    );
  }
  const anyTlsSetting = ['TEMPORAL_TLS_CA', 'TEMPORAL_TLS_CERT', 'TEMPORAL_TLS_KEY', 'TEMPORAL_TLS_SERVER_NAME'].filter(
    (name) => env[name]?.trim(),
  );
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

/** Only how to reach Temporal, for tools that need nothing else (verify, soak, bench). */
export function loadTemporalConnectionConfig(env: NodeJS.ProcessEnv = process.env): TemporalConnectionConfig {
  const read = new Reader(env);
  const config = readTemporalConnection(read, env);
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

function readOidc(read: Reader, env: NodeJS.ProcessEnv): ConsoleConfig['oidc'] {
  const issuer = env.OIDC_ISSUER_URL?.trim();
  if (!issuer) return null;
  if (!isSafeJwksUrl(issuer, { allowLoopbackHttp: developmentChosen(env) })) {
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

/** Token verification settings; only the API (and the token tool) need them. */
export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const read = new Reader(env);
  const jwksUrl = env.AUTH_JWKS_URL?.trim() || null;
  // The keys decide who is who: fetched in the clear, anyone on the path could swap them.
  if (jwksUrl !== null && !isSafeJwksUrl(jwksUrl, { allowLoopbackHttp: developmentChosen(env) })) {
    read.problems.push(
      'AUTH_JWKS_URL must be an https URL (plain http only to localhost with NODE_ENV=development or test), got ' +
        JSON.stringify(jwksUrl),
    );
  }
  const jwtSecret = jwksUrl === null ? read.secret('AUTH_JWT_SECRET', 32) : null;
  const config: AuthConfig = {
    jwtSecret,
    jwksUrl,
    issuer: read.string('AUTH_JWT_ISSUER', 'merchant-onboarding'),
    audience: read.string('AUTH_JWT_AUDIENCE', 'merchant-onboarding-api'),
    devSignIn: readDevSignIn(read, env, jwtSecret),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

/** TEMPORAL_CODEC_UNBOUND_KEYS names keys of the ring: an unknown id is a typo that would refuse old payloads. */
function knownKeyIds(read: Reader, keys: string, ids: readonly string[]): readonly string[] {
  const ring = new Set(keys.split(',').map((entry) => entry.trim().split(':')[0]));
  const unknown = ids.filter((id) => !ring.has(id));
  if (unknown.length > 0) {
    read.problems.push(`TEMPORAL_CODEC_UNBOUND_KEYS names keys not in TEMPORAL_CODEC_KEYS: ${unknown.join(', ')}`);
  }
  return ids;
}

// ---- Settings that fail closed: development must be chosen, never assumed ----

/**
 * Marks the HS256 secret `npm start` generates (`.data/dev-jwt-secret`): development sign-in mints
 * admin tokens, so it works with that secret only, never with one an operator chose.
 */
export const DEV_JWT_SECRET_PREFIX = 'mo-dev-only.';

export function isGeneratedDevJwtSecret(secret: string): boolean {
  return secret.startsWith(DEV_JWT_SECRET_PREFIX) && secret.length >= DEV_JWT_SECRET_PREFIX.length + 32;
}

/** NODE_ENV set to development or test: an unset NODE_ENV is a deployment that forgot it, not a developer. */
export function developmentChosen(env: NodeJS.ProcessEnv = process.env): boolean {
  const nodeEnv = env.NODE_ENV?.trim();
  return nodeEnv === 'development' || nodeEnv === 'test';
}

/**
 * Development sign-in (`DEV_SIGN_IN=true`, which `npm start` sets): only together with the generated
 * secret and an explicit NODE_ENV=development or test. Asked for in any other combination, the
 * process refuses to start rather than quietly serving or dropping it.
 */
function readDevSignIn(read: Reader, env: NodeJS.ProcessEnv, jwtSecret: Secret | null): boolean {
  if (read.oneOf('DEV_SIGN_IN', ['true', 'false'], 'false') !== 'true') return false;
  const before = read.problems.length;
  if (!developmentChosen(env)) {
    read.problems.push(
      `DEV_SIGN_IN=true needs NODE_ENV=development or test (NODE_ENV is ${env.NODE_ENV?.trim() ? JSON.stringify(env.NODE_ENV.trim()) : 'unset'})`,
    );
  }
  if (jwtSecret === null) {
    read.problems.push('DEV_SIGN_IN=true needs the development HS256 secret, not AUTH_JWKS_URL');
  } else if (jwtSecret.reveal() && !isGeneratedDevJwtSecret(jwtSecret.reveal())) {
    read.problems.push(
      "DEV_SIGN_IN=true works only with the secret npm start generates (.data/dev-jwt-secret), never with an operator's AUTH_JWT_SECRET",
    );
  }
  return read.problems.length === before;
}

/** Only the database, for the migrations (which need no keys or secrets). */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const read = new Reader(env);
  const config: DatabaseConfig = { url: new Secret(read.string('DATABASE_URL')) };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or plain http to this machine when `allowLoopbackHttp`; shared with the token verifier. */
export function isSafeJwksUrl(raw: string, options: { readonly allowLoopbackHttp: boolean }): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && options.allowLoopbackHttp && LOOPBACK_HOSTS.has(url.hostname);
}

/** Log levels at and above the configured one, in Nest's vocabulary. */
export function enabledLogLevels(level: LogLevel): LogLevel[] {
  return LOG_LEVELS.slice(0, LOG_LEVELS.indexOf(level) + 1);
}

/** Metrics, traces and logs. Traces follow the standard OTEL_* variables (read by OpenTelemetry). */
export interface ObservabilityConfig {
  /** The worker's Prometheus endpoint (Temporal SDK metrics); off when unset. */
  readonly workerMetrics: { readonly host: string; readonly port: number } | null;
  /** How long the API reuses the business metrics read from PostgreSQL between scrapes. */
  readonly businessMetricsCacheSeconds: number;
}

export function loadObservabilityConfig(env: NodeJS.ProcessEnv = process.env): ObservabilityConfig {
  const read = new Reader(env);
  const port = env.WORKER_METRICS_PORT?.trim() ? read.port('WORKER_METRICS_PORT', 9464) : null;
  const config: ObservabilityConfig = {
    workerMetrics: port === null ? null : { host: read.string('WORKER_METRICS_HOST', '0.0.0.0'), port },
    businessMetricsCacheSeconds: read.positive('BUSINESS_METRICS_CACHE_SECONDS', 5),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

// ---- Tenancy: what one merchant or caller may hold, and how long an action waits for the read model ----

/** Caps that keep one merchant (or one caller) from starving the others; each refusal has its own code. */
export interface TenancyConfig {
  /** Applications of one merchant not yet in a final status (MERCHANT_MAX_OPEN_APPLICATIONS). */
  readonly maxOpenApplicationsPerMerchant: number;
  /** Upload bytes across all of one merchant's applications (MERCHANT_DOCUMENT_QUOTA_BYTES). */
  readonly merchantDocumentQuotaBytes: number;
  /** Profile revisions one application may hold (APPLICATION_MAX_PROFILE_REVISIONS). */
  readonly maxProfileRevisions: number;
  /** Long-poll reads one caller may hold open at once in one API process (LONG_POLL_MAX_PER_CALLER). */
  readonly longPollsPerCaller: number;
  /** Long-poll reads one API process holds open at once (LONG_POLL_MAX_PER_PROCESS); beyond, 503. */
  readonly longPollsPerProcess: number;
  /** How long an action waits for the read model to show its committed Update (READ_MODEL_WAIT_MS); past it, 202. */
  readonly readModelWaitMs: number;
  /** How often the LISTEN connection is checked with a ping (LISTEN_HEARTBEAT_MS); a silent one is replaced. */
  readonly listenHeartbeatMs: number;
}

export const DEFAULT_TENANCY: TenancyConfig = {
  maxOpenApplicationsPerMerchant: 20,
  merchantDocumentQuotaBytes: 5 * DEFAULT_DOCUMENT_QUOTA_BYTES,
  maxProfileRevisions: 500,
  longPollsPerCaller: 5,
  longPollsPerProcess: 1_000,
  readModelWaitMs: 15_000,
  listenHeartbeatMs: 10_000,
};

function readTenancy(read: Reader): TenancyConfig {
  const d = DEFAULT_TENANCY;
  return {
    maxOpenApplicationsPerMerchant: read.positive('MERCHANT_MAX_OPEN_APPLICATIONS', d.maxOpenApplicationsPerMerchant),
    merchantDocumentQuotaBytes: read.positive('MERCHANT_DOCUMENT_QUOTA_BYTES', d.merchantDocumentQuotaBytes),
    maxProfileRevisions: read.positive('APPLICATION_MAX_PROFILE_REVISIONS', d.maxProfileRevisions),
    longPollsPerCaller: read.positive('LONG_POLL_MAX_PER_CALLER', d.longPollsPerCaller),
    longPollsPerProcess: read.positive('LONG_POLL_MAX_PER_PROCESS', d.longPollsPerProcess),
    readModelWaitMs: read.positive('READ_MODEL_WAIT_MS', d.readModelWaitMs),
    listenHeartbeatMs: read.positive('LISTEN_HEARTBEAT_MS', d.listenHeartbeatMs),
  };
}

/**
 * Configuration, validated once at start-up into a typed object. A bad or missing value stops the
 * process with a message naming the variable; secrets are wrapped so they never reach a log.
 */

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
export interface TemporalConfig {
  readonly address: string;
  readonly namespace: string;
  readonly taskQueue: string;
  /** Payload encryption: `id:base64(32 bytes),…` and the id that encrypts; absent = no encryption. */
  readonly codec: { readonly keys: Secret; readonly activeKeyId: string } | null;
  /**
   * Workflows the worker keeps in memory (each about a third of a megabyte); the others replay
   * from their history on their next task. Bounds the worker's memory however many are open.
   */
  readonly maxCachedWorkflows: number;
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
}
export interface AuthConfig {
  /** HS256 secret (development); unused when `jwksUrl` is set. */
  readonly jwtSecret: Secret | null;
  /** The identity provider's JWKS (production). */
  readonly jwksUrl: string | null;
  readonly issuer: string;
  readonly audience: string;
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
  readonly webhooks: { readonly allowLocalhost: boolean };
}
export interface DocumentConfig {
  readonly maxBytes: number;
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

/** Workflows a worker keeps in memory unless WORKER_MAX_CACHED_WORKFLOWS says otherwise. */
export const DEFAULT_MAX_CACHED_WORKFLOWS = 400;

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
      address: read.string('TEMPORAL_ADDRESS', 'localhost:7233'),
      namespace: read.string('TEMPORAL_NAMESPACE', 'default'),
      taskQueue: read.string('TEMPORAL_TASK_QUEUE', 'merchant-onboarding'),
      codec: env.TEMPORAL_CODEC_KEYS?.trim()
        ? {
            keys: new Secret(env.TEMPORAL_CODEC_KEYS.trim()),
            activeKeyId: read.string('TEMPORAL_CODEC_ACTIVE_KEY'),
          }
        : null,
      maxCachedWorkflows: read.positive('WORKER_MAX_CACHED_WORKFLOWS', DEFAULT_MAX_CACHED_WORKFLOWS),
    },
    api: {
      host: read.string('API_HOST', '0.0.0.0'),
      port: read.port('API_PORT', 3000),
      rateLimitPerMinute: read.positive('RATE_LIMIT_PER_MINUTE', 600),
      corsOrigins: read.list('CORS_ORIGINS', ['http://localhost:8233'], /^https?:\/\/[^\s,]+$/),
      idempotencyLeaseSeconds: read.positive('IDEMPOTENCY_LEASE_SECONDS', 30),
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
      // Plain http://localhost endpoints are for development only.
      allowLocalhost:
        read.oneOf('WEBHOOK_ALLOW_LOCALHOST', ['true', 'false'], env.NODE_ENV === 'production' ? 'false' : 'true') ===
        'true',
    },
    documents: {
      maxBytes: read.positive('DOCUMENT_MAX_BYTES', DEFAULT_DOCUMENT_LIMITS.maxBytes),
      store: read.oneOf('DOCUMENT_STORE', ['local', 's3'], 'local'),
      storeDir: read.string('DOCUMENT_STORE_DIR', '.data/documents'),
      s3: {
        bucket: env.DOCUMENT_STORE === 's3' ? read.string('S3_BUCKET') : (env.S3_BUCKET ?? ''),
        region: read.string('S3_REGION', 'us-east-1'),
        endpoint: env.S3_ENDPOINT?.trim() || null,
        forcePathStyle: read.oneOf('S3_FORCE_PATH_STYLE', ['true', 'false'], 'false') === 'true',
      },
    },
  };
  if (config.nodeEnv === 'production' && config.temporal.codec === null) {
    read.problems.push('TEMPORAL_CODEC_KEYS is required in production: Temporal must never store plaintext payloads');
  }
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
}

/** Token verification settings; only the API (and the token tool) need them. */
export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const read = new Reader(env);
  const jwksUrl = env.AUTH_JWKS_URL?.trim() || null;
  if (jwksUrl !== null && !/^https?:\/\//.test(jwksUrl)) read.problems.push('AUTH_JWKS_URL must be an http(s) URL');
  const config: AuthConfig = {
    jwtSecret: jwksUrl === null ? read.secret('AUTH_JWT_SECRET', 32) : null,
    jwksUrl,
    issuer: read.string('AUTH_JWT_ISSUER', 'merchant-onboarding'),
    audience: read.string('AUTH_JWT_AUDIENCE', 'merchant-onboarding-api'),
  };
  if (read.problems.length > 0) throw new ConfigError(read.problems);
  return config;
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

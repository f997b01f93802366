/**
 * Configuration, validated once at start-up into a typed object. A bad or missing value stops the
 * process with a message naming the variable; secrets are wrapped so they never reach a log. Each
 * section (sections/*.ts) owns its variables, checks and defaults; this file puts them together.
 */
import type { LifecyclePolicy, MccPolicy } from '@mo/domain';
import { Reader } from './reader';
import { readApi, type ApiConfig } from './sections/api';
import { readDatabase, type DatabaseConfig } from './sections/database';
import { readDocuments, type DocumentConfig } from './sections/documents';
import { readLogLevel, readNodeEnv, type LogLevel, type NodeEnv } from './sections/environment';
import { readMcc, readPolicy } from './sections/policy';
import { readRegistry, type RegistryConfig } from './sections/registry';
import { readTemporal, requireCodecOutsideDevelopment, type TemporalConfig } from './sections/temporal';
import { readScreening, type ScreeningConfig } from './sections/screening';
import { readTenancy, type TenancyConfig } from './sections/tenancy';
import { checkWebhooks, readWebhooks, type WebhookConfig } from './sections/webhooks';

// The public names of @mo/config; each section's readers stay inside the library.
export { ConfigError, Secret } from './reader';
export type { ApiConfig, ConsoleConfig } from './sections/api';
export {
  DEV_JWT_SECRET_PREFIX,
  isGeneratedDevJwtSecret,
  isSafeJwksUrl,
  loadAuthConfig,
  type AuthConfig,
} from './sections/auth';
export { loadDatabaseConfig, type DatabaseConfig } from './sections/database';
export { DEFAULT_DOCUMENT_QUOTA_BYTES, type DocumentConfig } from './sections/documents';
export { developmentChosen, enabledLogLevels, type LogLevel } from './sections/environment';
export { loadObservabilityConfig, type ObservabilityConfig } from './sections/observability';
export {
  DEFAULT_MAX_CACHED_WORKFLOWS,
  WORKER_NODE_FLAGS,
  workerTuning,
  type TemporalConfig,
} from './sections/temporal';
export {
  loadTemporalConnectionConfig,
  type TemporalConnectionConfig,
  type TemporalTlsConfig,
} from './sections/temporal-connection';
export { DEFAULT_REGISTRY_FIXTURES, DEFAULT_REGISTRY_MAX_ATTEMPTS, type RegistryConfig } from './sections/registry';
export { DEFAULT_TENANCY, type TenancyConfig } from './sections/tenancy';
export { DEFAULT_SCREENING_LISTS, DEFAULT_SCREENING_THRESHOLD, type ScreeningConfig } from './sections/screening';
export type { TrustProxy } from './sections/trust-proxy';
export type { WebhookConfig } from './sections/webhooks';

export interface AppConfig {
  readonly nodeEnv: NodeEnv;
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
  /** The business registry the prechecks ask (the simulated one reads its records from a file). */
  readonly registry: RegistryConfig;
  readonly screening: ScreeningConfig;
}

/** Everything the API and the worker run on; problems are named in the order the sections read them. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const read = new Reader(env);
  const config: AppConfig = {
    nodeEnv: readNodeEnv(read),
    logLevel: readLogLevel(read),
    database: readDatabase(read),
    temporal: readTemporal(read),
    api: readApi(read),
    policy: readPolicy(read),
    mcc: readMcc(read),
    webhooks: readWebhooks(read),
    documents: readDocuments(read),
    tenancy: readTenancy(read),
    registry: readRegistry(read),
    screening: readScreening(read),
  };
  requireCodecOutsideDevelopment(read, config.temporal);
  checkWebhooks(read, config.webhooks, config.nodeEnv, config.temporal.taskQueue);
  return read.done(config);
}

/** Tenancy: what one merchant or caller may hold, and how long an action waits for the read model. */
import type { Reader } from '../reader';
import { DEFAULT_DOCUMENT_QUOTA_BYTES } from './documents';

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

export function readTenancy(read: Reader): TenancyConfig {
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

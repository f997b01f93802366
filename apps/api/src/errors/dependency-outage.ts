import { isGrpcServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';

/** PostgreSQL SQLSTATEs and socket errors that mean "the database is not reachable right now". */
const POSTGRES_OUTAGE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
]);
const POSTGRES_OUTAGE_MESSAGES = [
  /^Connection terminated/,
  /connection timeout/i,
  /Client has encountered a connection error/,
];
/** gRPC status codes UNAVAILABLE and DEADLINE_EXCEEDED. */
const TEMPORAL_OUTAGE_CODES = new Set<number>([14, 4]);

/**
 * True when `error` (or any error in its cause chain) says PostgreSQL or Temporal is unreachable
 * for the moment: the request lost nothing and may be retried, so it is a 503, not a bug.
 */
export function isDependencyOutage(error: unknown): boolean {
  // Structural checks, not `instanceof Error`: socket errors may come from another realm.
  type Link = { code?: unknown; message?: unknown; driverError?: unknown; cause?: unknown } | null | undefined;
  let e = error as Link;
  for (let depth = 0; typeof e === 'object' && e !== null && depth < 8; depth++) {
    if (e instanceof WorkflowUpdateRPCTimeoutOrCancelledError) return true;
    const candidate: unknown = e;
    if (isGrpcServiceError(candidate) && TEMPORAL_OUTAGE_CODES.has(candidate.code)) return true;
    if (typeof e.code === 'string' && POSTGRES_OUTAGE_CODES.has(e.code)) return true;
    const message = typeof e.message === 'string' ? e.message : '';
    if (POSTGRES_OUTAGE_MESSAGES.some((m) => m.test(message))) return true;
    e = (e.driverError ?? e.cause) as Link;
  }
  return false;
}

/**
 * Temporal beyond the connection: namespace and task queue, the payload key ring, and how the
 * application worker is sized (its workflow cache, its activity slots, its Node flags).
 */
import { codecKeyIds } from '../key-ring';
import { type Reader, Secret } from '../reader';
import { developmentChosen } from './environment';
import { readTemporalConnection, type TemporalConnectionConfig } from './temporal-connection';

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

export function readTemporal(read: Reader): TemporalConfig {
  return {
    ...readTemporalConnection(read),
    namespace: read.string('TEMPORAL_NAMESPACE', 'default'),
    taskQueue: read.string('TEMPORAL_TASK_QUEUE', 'merchant-onboarding'),
    codec: readCodec(read),
    maxCachedWorkflows: read.positive('WORKER_MAX_CACHED_WORKFLOWS', DEFAULT_MAX_CACHED_WORKFLOWS),
    maxConcurrentActivities:
      read.optional('WORKER_MAX_CONCURRENT_ACTIVITIES') === null
        ? null
        : read.positive('WORKER_MAX_CONCURRENT_ACTIVITIES', 100),
  };
}

/**
 * The key ring's ids are checked here; its key material is checked where the ring is opened
 * (parseCodecKeys, by the codec and the webhook secrets' repository).
 */
function readCodec(read: Reader): TemporalConfig['codec'] {
  const keys = read.optional('TEMPORAL_CODEC_KEYS');
  if (keys === null) return null;
  return {
    keys: new Secret(keys),
    activeKeyId: read.string('TEMPORAL_CODEC_ACTIVE_KEY'),
    unboundKeyIds: knownKeyIds(read, keys, read.list('TEMPORAL_CODEC_UNBOUND_KEYS', [], /^[^\s:,]+$/)),
  };
}

/** TEMPORAL_CODEC_UNBOUND_KEYS names keys of the ring: an unknown id is a typo that would refuse old payloads. */
function knownKeyIds(read: Reader, keys: string, ids: readonly string[]): readonly string[] {
  const ring = new Set(codecKeyIds(keys));
  const unknown = ids.filter((id) => !ring.has(id));
  if (unknown.length > 0) {
    read.problems.push(`TEMPORAL_CODEC_UNBOUND_KEYS names keys not in TEMPORAL_CODEC_KEYS: ${unknown.join(', ')}`);
  }
  return ids;
}

/** Checked once everything is read: outside development, Temporal must never see plaintext payloads. */
export function requireCodecOutsideDevelopment(read: Reader, temporal: TemporalConfig): void {
  if (temporal.codec === null && !developmentChosen(read.env)) {
    read.problems.push(
      'TEMPORAL_CODEC_KEYS is required unless NODE_ENV is development or test: Temporal must never store plaintext payloads',
    );
  }
}

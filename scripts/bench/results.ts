/** The shape of a benchmark run's results (bench/results/<date>.json), and its targets. */
import type { Summary } from '../lib/onboarding-client';
import type { HistoryCounts } from './baseline';
import type { ActionTiming } from './api-timing';
import type { CpuSeconds } from './cpu';
import type { BenchConfig } from './config';
import type { ClosedLoopResult, OpenLoopResult } from './load';
import type { QueueMeasurement, SeedResult } from './queue';

export interface Machine {
  readonly cpuModel: string;
  readonly cores: number;
  readonly ramGb: number;
  readonly node: string;
  readonly platform: string;
  readonly loadAverageAtStart: readonly number[];
  readonly temporal: string;
  readonly postgres: string;
}

export interface ThroughputLevel {
  readonly concurrency: number;
  readonly baseline: ClosedLoopResult;
  readonly lifecycle: ClosedLoopResult;
  readonly ratio: number;
  /** Per-endpoint latency of the lifecycle clients at this level. */
  readonly endpoints: readonly Summary[];
  /** Core-seconds per part of the system during each phase of this level (scripts/bench/cpu.ts; not in runs before 2026-12-06). */
  readonly cpu?: { readonly baseline: CpuSeconds; readonly lifecycle: CpuSeconds };
  /** The baseline's updates at this level (raw Temporal: no-op worker, no codec; not in runs before 2026-12-06). */
  readonly baselineUpdate?: Summary;
}

export interface RssPeak {
  readonly apiMb: number;
  readonly workerMb: number;
}

export interface Target {
  readonly name: string;
  readonly target: string;
  readonly value: number | null;
  readonly unit: string;
  readonly met: boolean | null;
}

export interface BenchResults {
  readonly date: string;
  readonly runId: string;
  readonly smoke: boolean;
  readonly machine: Machine;
  readonly config: Omit<BenchConfig, 'resultsDir' | 'docsDir' | 'runId'>;
  /** Headline figures (null when their section was not run). */
  readonly ratio: number | null;
  readonly bestConcurrency: number | null;
  readonly maxLifecyclesPerSecond: number | null;
  readonly approveP99Ms: number | null;
  readonly queueP99Ms: number | null;
  readonly queueSqlP99Ms: number | null;
  readonly workerPeakRssMb: number | null;
  readonly apiPeakRssMb: number | null;
  readonly counts?: { readonly lifecycle: HistoryCounts; readonly baseline: HistoryCounts };
  readonly throughput?: readonly ThroughputLevel[];
  readonly latency?: {
    readonly ratePerSecond: number;
    readonly background: OpenLoopResult;
    readonly foregroundLifecycles: number;
    /** Every call in the window (background and foreground). */
    readonly all: readonly Summary[];
    readonly foreground: readonly Summary[];
    /** Inside the API, per action: request, Update and read-model wait means (not in runs before 2026-12-06). */
    readonly actionTimings?: readonly ActionTiming[];
    /** Raw Temporal Updates under the same load: a paced baseline workflow beside the clients. */
    readonly baselineUpdate?: Summary;
    /** Core-seconds per part over the window. */
    readonly cpu?: CpuSeconds;
  };
  readonly scale?: {
    readonly concurrency: number;
    readonly oneWorker: ClosedLoopResult;
    readonly twoWorkers: ClosedLoopResult;
    readonly speedup: number;
    readonly rss: { readonly oneWorker: RssPeak; readonly twoWorkers: RssPeak & { readonly workersMb: number[] } };
  };
  readonly memory?: {
    readonly openApps: number;
    readonly createSeconds: number;
    readonly inReview: number;
    readonly runningWorkflows: number | null;
    readonly workerCacheCapacity: number;
    readonly peak: RssPeak;
    readonly atRest: RssPeak;
    readonly beforeMb: RssPeak;
    readonly failed: number;
    /** RSS as applications were opened: a sample after each thousand. */
    readonly series: readonly (RssPeak & { readonly open: number })[];
  };
  readonly queue?: QueueMeasurement & { readonly seed: SeedResult; readonly cleanedRows: number };
  readonly rssPeakByPhase: Readonly<Record<string, RssPeak>>;
  readonly targets: readonly Target[];
  readonly durationS: number;
}

/** The state-changing calls of a lifecycle (every endpoint but the reads). */
export const isAction = (endpoint: string): boolean =>
  !endpoint.startsWith('/v1/applications/:id?') && endpoint !== '/v1/applications/:id';

/** The slowest action's p99 under the latency phase's load (all calls), and which one it is. */
export function slowestActionP99(r: Pick<BenchResults, 'latency'>): { endpoint: string; p99: number } | null {
  const actions = (r.latency?.all ?? []).filter((s) => isAction(s.endpoint));
  if (actions.length === 0) return null;
  const worst = actions.reduce((a, b) => (b.p99 > a.p99 ? b : a));
  return { endpoint: worst.endpoint, p99: worst.p99 };
}

export function targetsOf(r: Omit<BenchResults, 'targets'>): Target[] {
  const check = (value: number | null, ok: (v: number) => boolean): boolean | null =>
    value === null ? null : ok(value);
  const slowest = slowestActionP99(r);
  return [
    {
      name: 'lifecycle / baseline throughput at the best concurrency',
      target: '>= 0.8',
      value: r.ratio,
      unit: '',
      met: check(r.ratio, (v) => v >= 0.8),
    },
    {
      name: 'approve p99 under background load (max/2)',
      target: '<= 75 ms',
      value: r.approveP99Ms,
      unit: 'ms',
      met: check(r.approveP99Ms, (v) => v <= 75),
    },
    {
      name: `every action's p99 under the same load (slowest: ${slowest?.endpoint ?? 'n/a'})`,
      target: '<= 100 ms',
      value: slowest?.p99 ?? null,
      unit: 'ms',
      met: check(slowest?.p99 ?? null, (v) => v <= 100),
    },
    {
      name: `review queue p99 (HTTP) at ${r.queue?.rowsInReadModel ?? r.config.queueRows} applications`,
      target: '<= 15 ms',
      value: r.queueP99Ms,
      unit: 'ms',
      met: check(r.queueP99Ms, (v) => v <= 15),
    },
    {
      name: `worker peak RSS with ${r.config.openApps} open applications`,
      target: '<= 500 MB',
      value: r.memory?.peak.workerMb ?? null,
      unit: 'MB',
      met: check(r.memory?.peak.workerMb ?? null, (v) => v <= 500),
    },
  ];
}

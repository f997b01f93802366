/** The benchmark's configuration, read once from the environment (BENCH_*), with the smoke sizes. */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { projectRoot } from '@mo/temporal';

export const SECTIONS = ['throughput', 'latency', 'scale', 'memory', 'queue'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchConfig {
  readonly smoke: boolean;
  readonly sections: readonly Section[];
  /** Closed-loop client counts, each run for `durationS` (baseline, then lifecycle). */
  readonly concurrency: readonly number[];
  readonly durationS: number;
  /** Open-loop phase: how long, and the arrival rate if no throughput was measured in this run. */
  readonly latencyDurationS: number;
  readonly latencyRate: number | null;
  readonly queueRows: number;
  /** Calls per queue filter (HTTP and SQL each). */
  readonly queueSamples: number;
  readonly openApps: number;
  readonly openAppsConcurrency: number;
  readonly seedConcurrency: number;
  /** Lifecycle clients pause this long before each action (BENCH_THINK_MS; 0: back to back). */
  readonly thinkMs: number;
  /** Results JSON directory, and where the chart and performance.md go. */
  readonly resultsDir: string;
  readonly docsDir: string;
  /** A prefix unique to this run for merchant ids, so a shared database can tell its rows apart. */
  readonly runId: string;
}

function int(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
  return n;
}

function list(name: string, fallback: readonly number[]): number[] {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return [...fallback];
  const values = raw.split(',').map((s) => Number(s.trim()));
  if (values.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`${name} must be positive integers: "${raw}"`);
  return values;
}

function sections(): Section[] {
  const raw = process.env.BENCH_SECTIONS;
  if (raw === undefined || raw === '') return [...SECTIONS];
  const wanted = raw.split(',').map((s) => s.trim());
  for (const s of wanted) {
    if (!(SECTIONS as readonly string[]).includes(s)) throw new Error(`BENCH_SECTIONS: unknown section "${s}"`);
  }
  return wanted as Section[];
}

export function loadBenchConfig(): BenchConfig {
  const smoke = process.env.BENCH_SMOKE === '1';
  const root = projectRoot();
  // A smoke run never overwrites the published results.
  const outDir = process.env.BENCH_OUT_DIR || (smoke ? mkdtempSync(join(tmpdir(), 'mo-bench-')) : undefined);
  return {
    smoke,
    sections: sections(),
    concurrency: list('BENCH_CONCURRENCY', smoke ? [1, 2] : [1, 8, 32]),
    durationS: int('BENCH_DURATION_S', smoke ? 1 : 30),
    latencyDurationS: int('BENCH_LATENCY_DURATION_S', smoke ? 2 : 60),
    latencyRate: process.env.BENCH_LATENCY_RATE ? int('BENCH_LATENCY_RATE', 1) : null,
    queueRows: int('BENCH_QUEUE_ROWS', smoke ? 200 : 100_000),
    queueSamples: int('BENCH_QUEUE_SAMPLES', smoke ? 5 : 200),
    openApps: int('BENCH_OPEN_APPS', smoke ? 20 : 10_000),
    openAppsConcurrency: int('BENCH_OPEN_APPS_CONCURRENCY', smoke ? 4 : 32),
    seedConcurrency: int('BENCH_SEED_CONCURRENCY', smoke ? 4 : 16),
    thinkMs: int('BENCH_THINK_MS', 0),
    resultsDir: outDir ?? join(root, 'bench', 'results'),
    docsDir: outDir ?? join(root, 'docs'),
    runId: `bench-${Date.now().toString(36)}`,
  };
}

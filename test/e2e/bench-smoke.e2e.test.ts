/**
 * The benchmark harness works end to end (npm run bench, at smoke sizes, against the test servers):
 * it exits 0 and writes a results JSON with a figure for every section, a chart and a page. It says
 * nothing about the figures themselves: benchmarks never gate on absolute time.
 * Runs the compiled bench (npm test builds first) as a child process.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const BENCH = join(__dirname, '..', '..', 'dist', 'scripts', 'bench', 'main.js');
let out: string;

beforeAll(() => {
  if (!existsSync(BENCH)) throw new Error(`${BENCH} is missing: run npm run build (npm test does)`);
  out = mkdtempSync(join(tmpdir(), 'mo-bench-smoke-'));
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

function runBench(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BENCH], {
      env: {
        ...process.env,
        BENCH_SMOKE: '1',
        BENCH_OUT_DIR: out,
        TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
        DATABASE_URL: process.env.TEST_DATABASE_URL,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run bench (smoke sizes)', () => {
  it('measures every section and writes the results, the chart and the page', async () => {
    const run = await runBench();
    if (run.code !== 0) throw new Error(`bench exited ${run.code}:\n${run.stderr.slice(-4000)}`);
    expect(run.stdout).toContain('Targets');

    const json = readdirSync(out).find((f) => f.endsWith('.json'));
    expect(json).toBeDefined();
    const r = JSON.parse(readFileSync(join(out, json!), 'utf8'));
    const positive = (v: unknown): void => {
      expect(typeof v).toBe('number');
      expect(v as number).toBeGreaterThan(0);
    };
    // The baseline mirrors the lifecycle's history.
    for (const k of ['updates', 'activities', 'timers']) {
      positive(r.counts.lifecycle[k]);
      expect(r.counts.baseline[k]).toBe(r.counts.lifecycle[k]);
    }
    positive(r.ratio);
    for (const level of r.throughput) {
      positive(level.baseline.perSecond);
      positive(level.lifecycle.perSecond);
      positive(level.baselineUpdate.count);
    }
    // Where the CPU went (Temporal and PostgreSQL are external here, so not this run's children).
    const cpu = r.throughput.map((l: { cpu: Record<string, Record<string, number>> }) => l.cpu);
    positive(cpu.reduce((s: number, c: Record<string, Record<string, number>>) => s + c.lifecycle!.worker!, 0));
    positive(cpu.reduce((s: number, c: Record<string, Record<string, number>>) => s + c.baseline!.baselineWorker!, 0));
    positive(r.approveP99Ms);
    positive(r.latency.background.completed);
    // Inside the API: the decision's Update and the wait for its write, from the API's histograms.
    const decide = r.latency.actionTimings.find((t: { update: string }) => t.update === 'decide');
    positive(decide.requests);
    positive(decide.updateMeanMs);
    expect(decide.readModelWaitMeanMs).toBeGreaterThanOrEqual(0);
    positive(r.latency.baselineUpdate.count);
    positive(r.scale.oneWorker.perSecond);
    positive(r.scale.twoWorkers.perSecond);
    positive(r.memory.peak.workerMb);
    positive(r.memory.peak.apiMb);
    expect(r.memory.inReview).toBe(r.memory.openApps);
    positive(r.queueP99Ms);
    positive(r.queueSqlP99Ms);
    positive(r.queue.seed.rows);
    expect(r.queue.explain.length).toBeGreaterThan(0);
    expect(r.queue.cleanedRows).toBe(r.queue.seed.rows);
    // Ratio, approve p99, every action's p99, queue p99, worker RSS.
    expect(r.targets).toHaveLength(5);
    expect(r.memory.series.length).toBeGreaterThan(0);
    expect(r.machine.cores).toBeGreaterThan(0);

    const svg = readFileSync(join(out, 'performance.svg'), 'utf8');
    expect(svg).toMatch(/^<svg[\s\S]*<\/svg>\n$/);
    // Well-formed enough for a browser: no element repeats an attribute.
    for (const tag of svg.match(/<[a-z]+\s[^>]*>/g) ?? []) {
      const names = [...tag.matchAll(/\s([a-z-]+)="/g)].map((m) => m[1]);
      expect({ tag, repeated: names.filter((n, i) => names.indexOf(n) !== i) }).toEqual({ tag, repeated: [] });
    }
    expect(readFileSync(join(out, 'performance.md'), 'utf8')).toContain('EXPLAIN (ANALYZE, BUFFERS)');
  }, 90_000);
});

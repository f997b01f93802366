/**
 * `npm run soak`: a bounded mixed-load run on the real system (Temporal, PostgreSQL, the worker and
 * the API as processes). Merchants and reviewers take applications through whole journeys:
 * approvals to `active`, requests for changes with resubmission, rejections, windows left to
 * expire and withdrawals. It then checks that every journey ended in the state it should, that no
 * request got a 5xx, that workflows, read model and event log agree, and that the memory of the
 * API and the worker stayed flat after warm-up. Exits 1 if any of that fails.
 *
 * SOAK_DURATION_S (600), SOAK_CLIENTS (8 concurrent journeys), SOAK_OUT (result file, default
 * soak/results/<date>.json); TEMPORAL_ADDRESS / DATABASE_URL for external servers.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@mo/persistence';
import { checkConsistency, dataConverterFor, projectRoot, temporalConnectionOptionsFromEnv } from '@mo/temporal';
import { OnboardingClient, Recorder, sleep, type Summary } from './lib/onboarding-client';
import { launchSystem } from './lib/system';

type Journey = 'approved' | 'resubmitted' | 'rejected' | 'expired' | 'withdrawn';
/** Weighted: most applications go live, the rest exercise every other ending. */
const MIX: readonly [Journey, number][] = [
  ['approved', 45],
  ['resubmitted', 20],
  ['rejected', 10],
  ['expired', 15],
  ['withdrawn', 10],
];
const EXPECTED: Record<Journey, string> = {
  approved: 'active',
  resubmitted: 'active',
  rejected: 'rejected',
  expired: 'expired',
  withdrawn: 'withdrawn',
};
/** The resubmission window, shortened so that "expired" journeys end within the run. */
const WINDOW_SECONDS = 15;
const MB = 1024 * 1024;

const num = (name: string, fallback: number): number => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};

/** Each journey once first (so even a short run covers them all), then by weight. */
function pick(n: number): Journey {
  if (n < MIX.length) return MIX[n]![0];
  let r = Math.random() * MIX.reduce((a, [, w]) => a + w, 0);
  for (const [journey, weight] of MIX) {
    r -= weight;
    if (r < 0) return journey;
  }
  return 'approved';
}

async function run(client: OnboardingClient, journey: Journey, n: number): Promise<string> {
  const merchant = `soak-${process.pid}-${n}`;
  const reviewer = `soak-reviewer-${n % 5}`;
  if (journey === 'withdrawn') {
    const id = await client.create(merchant);
    await client.withdraw(merchant, id);
    return id;
  }
  const id = await client.submitted(merchant);
  await client.claimed(reviewer, id);
  if (journey === 'rejected') {
    await client.reject(reviewer, id);
    return id;
  }
  if (journey === 'expired' || journey === 'resubmitted') {
    await client.requestChanges(reviewer, id);
    if (journey === 'expired') return id; // the merchant never answers
    await client.resubmitDocument(merchant, id);
    await client.claimed(reviewer, id);
  }
  await client.approve(reviewer, id);
  await client.confirmMicroDeposit(merchant, id);
  await client.acceptAgreement(merchant, id);
  return id;
}

interface MemorySample {
  readonly atS: number;
  readonly apiMb: number;
  readonly workerMb: number;
}

/** Mean of the first and last third of the samples after warm-up, and the growth between them. */
function trend(samples: readonly MemorySample[], key: 'apiMb' | 'workerMb', warmupS: number) {
  const after = samples.filter((s) => s.atS >= warmupS).map((s) => s[key]);
  const third = Math.max(1, Math.floor(after.length / 3));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const early = mean(after.slice(0, third));
  const late = mean(after.slice(-third));
  return {
    peakMb: Math.round(Math.max(...samples.map((s) => s[key]))),
    earlyMeanMb: Math.round(early),
    lateMeanMb: Math.round(late),
    growthPercent: early === 0 ? 0 : Math.round(((late - early) / early) * 1000) / 10,
  };
}

async function main(): Promise<void> {
  const durationS = num('SOAK_DURATION_S', 600);
  const clients = num('SOAK_CLIENTS', 8);
  const started = new Date();
  const out =
    process.env.SOAK_OUT ?? join(projectRoot(), 'soak', 'results', `${started.toISOString().slice(0, 10)}.json`);
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  log(`soak: ${durationS} s, ${clients} concurrent journeys`);

  const system = await launchSystem({
    env: { RESUBMISSION_WINDOW_DAYS: String(WINDOW_SECONDS / 86_400) },
    log: (line) => (/\b(WARN|ERROR)\b/.test(line) && !/ 503 /.test(line) ? log(line) : undefined),
  });
  const bank = new Pool({ connectionString: system.databaseUrl, max: 4 });
  const recorder = new Recorder();
  const client = new OnboardingClient({
    apiUrl: system.apiUrl,
    token: (role, sub) => system.token(role, sub),
    bank,
    recorder,
  });
  const memory: MemorySample[] = [];
  const t0 = Date.now();
  const sampler = setInterval(() => {
    const rss = system.rss();
    memory.push({
      atS: Math.round((Date.now() - t0) / 1000),
      apiMb: Math.round(rss.api / MB),
      workerMb: Math.round(rss.workers.reduce((a, b) => a + b, 0) / MB),
    });
  }, 2_000);

  const journeys: { journey: Journey; id?: string; error?: string }[] = [];
  let n = 0;
  const deadline = t0 + durationS * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (Date.now() < deadline) {
        const k = n++;
        const journey = pick(k);
        const entry: { journey: Journey; id?: string; error?: string } = { journey };
        journeys.push(entry);
        try {
          entry.id = await run(client, journey, k);
        } catch (err) {
          entry.error = err instanceof Error ? err.message : String(err);
          log(`journey ${journey} failed: ${entry.error}`);
        }
      }
    }),
  );
  const loadEndedS = Math.round((Date.now() - t0) / 1000);
  log(`soak: load ended after ${loadEndedS} s (${journeys.length} journeys); waiting for every application to settle`);

  // Every journey must reach its expected state (expiries need their window to pass).
  const settleBy = Date.now() + (WINDOW_SECONDS + 60) * 1000;
  const stuck: { id: string; journey: Journey; status: string }[] = [];
  for (const j of journeys.filter((x) => x.id !== undefined)) {
    for (;;) {
      const status = (await client.view(j.id!)).status;
      if (status === EXPECTED[j.journey]) break;
      if (Date.now() > settleBy) {
        stuck.push({ id: j.id!, journey: j.journey, status });
        break;
      }
      await sleep(500);
    }
  }
  clearInterval(sampler);
  const rssAtEnd = system.rss();

  const ids = journeys.flatMap((j) => (j.id === undefined ? [] : [j.id]));
  const db = await new DataSource(dataSourceOptions(system.databaseUrl, 'soak')).initialize();
  const connection = await Connection.connect(temporalConnectionOptionsFromEnv(system.temporalAddress));
  const temporal = new Client({
    connection,
    dataConverter: dataConverterFor({
      keys: { reveal: () => system.env.TEMPORAL_CODEC_KEYS! },
      activeKeyId: system.env.TEMPORAL_CODEC_ACTIVE_KEY!,
    }),
  });
  const report = await checkConsistency(db, temporal, { applicationIds: ids });
  const [effects]: { wallets: number; active: number; events: number }[] = await db.query(
    `SELECT (SELECT count(*)::int FROM wallet_accounts WHERE application_id = ANY($1)) AS wallets,
            (SELECT count(*)::int FROM applications WHERE id = ANY($1) AND status = 'active') AS active,
            (SELECT count(*)::int FROM application_events WHERE application_id = ANY($1)) AS events`,
    [ids],
  );
  await connection.close();
  await db.destroy();
  await bank.end();
  await system.stop();

  const warmupS = Math.min(60, durationS / 4);
  const byJourney = Object.fromEntries(
    MIX.map(([journey]) => [
      journey,
      {
        started: journeys.filter((j) => j.journey === journey).length,
        ended: journeys.filter((j) => j.journey === journey && j.id !== undefined).length,
      },
    ]),
  );
  const result = {
    kind: 'soak',
    startedAt: started.toISOString(),
    durationS,
    clients,
    machine: { cpu: cpus()[0]?.model, cores: cpus().length, memoryGb: Math.round(totalmem() / 1024 ** 3) },
    journeys: { total: journeys.length, failed: journeys.filter((j) => j.error).length, byJourney },
    requests: recorder.requests,
    statuses: Object.fromEntries(recorder.statuses),
    serverErrors: recorder.count((s) => s >= 500),
    stuck,
    applications: report.applications,
    events: effects!.events,
    drift: report.drift,
    walletsPerActiveApplication: effects!.active === 0 ? null : effects!.wallets / effects!.active,
    memory: {
      warmupS,
      api: trend(memory, 'apiMb', warmupS),
      worker: trend(memory, 'workerMb', warmupS),
      atEndMb: { api: Math.round(rssAtEnd.api / MB), worker: Math.round(rssAtEnd.workers[0]! / MB) },
      samples: memory,
    },
    latency: recorder.summary().sort((a: Summary, b: Summary) => a.endpoint.localeCompare(b.endpoint)),
  };
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);

  // Memory is judged only on runs long enough to have a trend (a short run is mostly warm-up).
  const memoryGrew =
    durationS >= 300 && (result.memory.api.growthPercent > 25 || result.memory.worker.growthPercent > 25);
  const failures = [
    result.serverErrors > 0 ? `${result.serverErrors} responses were 5xx` : '',
    result.journeys.failed > 0 ? `${result.journeys.failed} journeys failed` : '',
    stuck.length > 0 ? `${stuck.length} applications did not reach their expected state` : '',
    report.drift.length > 0 ? `drift found: ${report.drift.length}` : '',
    effects!.wallets !== effects!.active
      ? `${effects!.wallets} wallets for ${effects!.active} active applications`
      : '',
    memoryGrew ? 'memory grew more than 25% after warm-up' : '',
  ].filter(Boolean);

  const line = (k: string, v: string | number): string => `  ${k.padEnd(28)} ${v}`;
  process.stdout.write(
    [
      `soak ${durationS} s, ${clients} clients: ${failures.length === 0 ? 'PASSED' : 'FAILED'}`,
      line(
        'journeys (ended / started)',
        `${result.journeys.total - result.journeys.failed} / ${result.journeys.total}`,
      ),
      ...MIX.map(([j]) => line(`  ${j}`, `${byJourney[j]!.ended} / ${byJourney[j]!.started}`)),
      line('requests', result.requests),
      line('5xx responses', result.serverErrors),
      line('stuck applications', stuck.length),
      line('events checked', result.events),
      line('drift found', report.drift.length),
      line('wallets / active apps', `${effects!.wallets} / ${effects!.active}`),
      line(
        'API RSS MB (early→late, peak)',
        `${result.memory.api.earlyMeanMb}→${result.memory.api.lateMeanMb}, ${result.memory.api.peakMb}`,
      ),
      line(
        'worker RSS MB (early→late, peak)',
        `${result.memory.worker.earlyMeanMb}→${result.memory.worker.lateMeanMb}, ${result.memory.worker.peakMb}`,
      ),
      line('results', out),
      ...failures.map((f) => `  FAILED: ${f}`),
      '',
    ].join('\n'),
  );
  process.exitCode = failures.length === 0 ? 0 : 1;
}

main().catch((err: unknown) => {
  process.stderr.write(`soak failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(2);
});

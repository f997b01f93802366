/**
 * `npm run test:cluster`: the crash test on the production topology (the same launcher as
 * `npm run start:cluster`): the Temporal server itself on PostgreSQL, two workers, two APIs.
 * Merchants and reviewers drive full lifecycles through both API instances while one worker and one
 * API are SIGKILLed and the Temporal server is SIGKILLed and restarted; then `npm run verify` (the
 * compiled script, as an operator runs it) must find no drift, every lifecycle must be active with
 * each of its events once, and no request may have been answered with a 5xx other than 503.
 * Prints a JSON summary on stdout (the e2e test reads it); exits 1 on any failure.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Pool } from 'pg';
import { projectRoot } from '@mo/temporal';
import { OnboardingClient, Recorder, sleep } from './lib/onboarding-client';
import { launchSystem } from './lib/system';

const LIFECYCLES = Number(process.env.CLUSTER_LIFECYCLES ?? 8);
const log = (line: string): void => void process.stderr.write(`${line}\n`);

function runVerify(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(projectRoot(), 'dist', 'scripts', 'verify.js')], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function main(): Promise<void> {
  const started = Date.now();
  const system = await launchSystem({
    cluster: true,
    workers: 2,
    apis: 2,
    log: (line) => (/\b(ERROR|error)\b/.test(line) && !/ 503 /.test(line) ? log(line) : undefined),
  });
  const server = system.temporalServer!;
  const bank = new Pool({ connectionString: system.databaseUrl, max: 4 });
  const recorder = new Recorder();
  const clients = system.apiUrls.map(
    (apiUrl) =>
      new OnboardingClient({
        apiUrl,
        token: (role, sub) => system.token(role, sub),
        bank,
        recorder,
        // Through a killed API and a restarting Temporal server, with the same Idempotency-Keys.
        retryForMs: 120_000,
      }),
  );
  const faults: string[] = [];
  try {
    const tag = Date.now().toString(36);
    let done = 0;
    const work = Promise.all(
      Array.from({ length: LIFECYCLES }, async (_, i) => {
        const id = await clients[i % 2]!.fullLifecycle(`cluster-merchant-${tag}-${i}`, `cluster-reviewer-${i}`);
        done++;
        return id;
      }),
    );
    // Awaited below; a failure meanwhile must not be an unhandled rejection.
    work.catch(() => undefined);
    // The faults, while the lifecycles run.
    await sleep(1_500);
    const [worker] = system.workers();
    worker!.kill('SIGKILL');
    faults.push(`worker 1 SIGKILL after ${done} lifecycles done`);
    await sleep(1_500);
    system.api(1).kill('SIGKILL');
    faults.push(`api 2 SIGKILL after ${done} lifecycles done`);
    await sleep(1_500);
    await server.kill();
    faults.push(`Temporal server SIGKILL after ${done} lifecycles done`);
    await sleep(2_000);
    await server.restart();
    faults.push('Temporal server restarted');
    await system.startApi(1);
    faults.push('api 2 restarted');
    const ids = await work;

    const { rows: events } = await bank.query<{ type: string; n: number }>(
      `SELECT type, count(*)::int AS n FROM application_events WHERE application_id = ANY($1)
       AND type IN ('application_created', 'application_submitted', 'application_approved',
                    'bank_account_verified', 'agreement_accepted', 'application_activated')
       GROUP BY type ORDER BY type`,
      [ids],
    );
    const { rows: statuses } = await bank.query<{ status: string; n: number }>(
      'SELECT status, count(*)::int AS n FROM applications WHERE id = ANY($1) GROUP BY status',
      [ids],
    );
    const verify = await runVerify({
      DATABASE_URL: system.databaseUrl,
      TEMPORAL_ADDRESS: system.temporalAddress,
      TEMPORAL_CODEC_KEYS: system.env.TEMPORAL_CODEC_KEYS!,
      TEMPORAL_CODEC_ACTIVE_KEY: system.env.TEMPORAL_CODEC_ACTIVE_KEY!,
    });
    const serverErrors = recorder.count((s) => s >= 500 && s !== 503);
    const summary = {
      lifecycles: ids.length,
      faults,
      statuses: Object.fromEntries(statuses.map((s) => [s.status, s.n])),
      eventsPerType: Object.fromEntries(events.map((e) => [e.type, e.n])),
      requests: recorder.requests,
      connectionFailures: recorder.connectionFailures,
      serverErrors,
      verify: { exitCode: verify.code, output: verify.output.trim().split('\n').slice(-5) },
      seconds: Math.round((Date.now() - started) / 1000),
    };
    process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
    const lost = LIFECYCLES - (summary.statuses.active ?? 0);
    const duplicated = events.filter((e) => e.n !== LIFECYCLES);
    if (lost !== 0 || duplicated.length > 0 || events.length !== 6 || serverErrors > 0 || verify.code !== 0) {
      throw new Error(`cluster crash test failed: ${lost} lost, ${duplicated.length} event types not once each`);
    }
  } finally {
    await bank.end();
    await system.stop();
  }
}

main().catch((err: unknown) => {
  log(`cluster crash test: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
  process.exit(1);
});

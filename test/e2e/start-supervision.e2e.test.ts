/**
 * `npm start` supervises its children: the compiled scripts/start.js (what `npm start` runs after
 * its build), on a data directory of its own and free ports, provisioning its own Temporal dev
 * server and PostgreSQL. A worker killed with SIGKILL is restarted and finishes the applications it
 * left; an API killed with SIGKILL comes back; Ctrl-C still stops everything, in order.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { signAccessToken } from '@mo/auth';
import type { Role } from '@mo/domain';
import { requiredDocumentsOf } from '../../scripts/lib/sample-data';
import { OnboardingClient, Recorder, sleep, waitForHealth } from '../../scripts/lib/onboarding-client';
import { exited, freePort } from '../support/processes';

const START = join(__dirname, '..', '..', 'dist', 'scripts', 'start.js');
/** Settings of the test process that would make start.js use other servers or another secret. */
const NOT_INHERITED = [
  'DATABASE_URL',
  'TEMPORAL_ADDRESS',
  'TEMPORAL_TASK_QUEUE',
  'TEMPORAL_CODEC_KEYS',
  'TEMPORAL_CODEC_ACTIVE_KEY',
  'AUTH_JWT_SECRET',
  'DEV_SIGN_IN',
  'NODE_ENV',
  'DOCUMENT_STORE_DIR',
];

let dataDir: string;
let start: ChildProcess;
const output: string[] = [];
let apiUrl: string;
let client: OnboardingClient;
const bank = new Pool();

/** Resolves with the match of the first line of start's output (past or future) that matches. */
function line(pattern: RegExp, timeoutMs = 120_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const deadline = Date.now() + timeoutMs;
    const poll = (): void => {
      for (const l of output) {
        const match = pattern.exec(l);
        if (match) return resolve(match);
      }
      if (Date.now() > deadline) return reject(new Error(`no line ${pattern} in:\n${output.join('\n')}`));
      setTimeout(poll, 100);
    };
    poll();
  });
}
const WORKER_STARTED = /^worker: started \(pid (\d+)\)/;
const API_STARTED = /^api: started \(pid (\d+)\)/;
async function until(condition: () => boolean, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`not ${what} within ${timeoutMs} ms:\n${output.join('\n')}`);
    await sleep(100);
  }
}
const pids = (pattern: RegExp): number[] =>
  output.flatMap((l) => (pattern.exec(l) ? [Number(pattern.exec(l)![1])] : []));
const running = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'mo-start-'));
  // As root, PostgreSQL runs as the postgres user, which must reach its data under this directory.
  chmodSync(dataDir, 0o755);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of NOT_INHERITED) delete env[name];
  const apiPort = await freePort();
  apiUrl = `http://127.0.0.1:${apiPort}`;
  start = spawn(process.execPath, [START], {
    env: {
      ...env,
      ...(process.env.TEST_TEMPORAL_CLI_PATH ? { TEMPORAL_CLI_PATH: process.env.TEST_TEMPORAL_CLI_PATH } : {}),
      DATA_DIR: dataDir,
      DOCUMENT_STORE_DIR: join(dataDir, 'documents'),
      API_PORT: String(apiPort),
      DEV_TEMPORAL_PORT: String(await freePort()),
      DEV_TEMPORAL_UI_PORT: String(await freePort()),
      DEV_PG_PORT: String(await freePort()),
      WORKER_METRICS_PORT: String(await freePort()),
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let partial = '';
  const collect = (chunk: Buffer): void => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop()!;
    output.push(...lines);
  };
  start.stdout!.on('data', collect);
  start.stderr!.on('data', collect);
  await line(/merchant-onboarding is up/, 240_000);
  const secret = readFileSync(join(dataDir, 'dev-jwt-secret'), 'utf8').trim();
  const token = (role: Role, sub: string): Promise<string> =>
    signAccessToken({ role, sub }, { secret, issuer: 'merchant-onboarding', audience: 'merchant-onboarding-api' });
  // Retries through the outages (connection refused, 503) with the same Idempotency-Key, as a client would.
  client = new OnboardingClient({ apiUrl, token, bank, recorder: new Recorder(), retryForMs: 90_000 });
}, 300_000);

afterAll(async () => {
  if (start.exitCode === null && start.signalCode === null) {
    start.kill('SIGTERM');
    await exited(start);
  }
  await bank.end();
  rmSync(dataDir, { recursive: true, force: true });
}, 120_000);

describe('npm start supervises the worker and the API', () => {
  it('restarts a worker killed with SIGKILL, which takes its applications on to in_review', async () => {
    const [, workerPid] = await line(WORKER_STARTED);
    // Submitted before the kill: its answer is in, the checks after it may or may not have run.
    const before = await client.submitted('supervised-before');
    // Uploaded before the kill, submitted while no worker runs: only a restarted worker can take it on.
    const during = await client.create('supervised-during');
    for (const type of requiredDocumentsOf()) await client.upload('supervised-during', during, type);
    process.kill(Number(workerPid), 'SIGKILL');

    await line(/^worker: exited unexpectedly \(SIGKILL\); restarting in 1 s/);
    const submitted = client.call({
      role: 'merchant',
      sub: 'supervised-during',
      method: 'POST',
      path: `/v1/applications/${during}/submit`,
      endpoint: 'submit',
      json: {},
      expect: 200,
    });
    await until(() => pids(WORKER_STARTED).length === 2, 'a second worker');
    await submitted;
    for (const id of [before, during]) {
      expect((await client.waitFor(id, (v) => v.status === 'in_review', 'in review', 90_000)).status).toBe('in_review');
    }
  }, 240_000);

  it('restarts an API killed with SIGKILL: /health is up again', async () => {
    const [, apiPid] = await line(API_STARTED);
    process.kill(Number(apiPid), 'SIGKILL');
    await line(/^api: exited unexpectedly \(SIGKILL\); restarting in 1 s/);
    await waitForHealth(apiUrl, 60_000);
    const health = await fetch(`${apiUrl}/health`);
    expect(health.status).toBe(200);
    expect(pids(API_STARTED)).toHaveLength(2);
  }, 120_000);

  it('stops everything on Ctrl-C, the worker and the API first, without restarting them', async () => {
    const children = [...pids(WORKER_STARTED), ...pids(API_STARTED)];
    start.kill('SIGINT');
    expect(await exited(start)).toBe(0);
    const stopping = output.findIndex((l) => l.includes('stopping: api and worker first'));
    expect(stopping).toBeGreaterThan(-1);
    expect(output.slice(stopping)).toContain('stopped');
    expect(output.slice(stopping).filter((l) => /restarting in|started \(pid/.test(l))).toEqual([]);
    expect(children.filter(running)).toEqual([]);
  }, 120_000);
});

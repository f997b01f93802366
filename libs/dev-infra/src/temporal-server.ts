/**
 * The Temporal server itself (not the dev server), on PostgreSQL, as one process with all four
 * services: built once with `go install` into the project cache, its schema set up and its
 * namespace registered by the same scripts docker-compose runs (deploy/temporal/), and its
 * configuration rendered from deploy/temporal/config/cluster.yaml. For `npm run start:cluster` and
 * the cluster test.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { getFreeLowPort, getFreePort } from './ports';
import { locateGoBinary, type GoBinary } from './go-binary';
import { locateTemporalCli } from './temporal-cli';

export const TEMPORAL_SERVER_VERSION = '1.29.1';
export const TEMPORAL_UI_VERSION = '2.42.1';

const SERVER: GoBinary = {
  title: `Temporal server v${TEMPORAL_SERVER_VERSION}`,
  pathVariable: 'TEMPORAL_SERVER_PATH',
  onPath: ['temporal-server'],
  module: `go.temporal.io/server/cmd/server@v${TEMPORAL_SERVER_VERSION}`,
  binary: 'server',
  cacheSubdir: join('temporal-server', TEMPORAL_SERVER_VERSION),
};
const SQL_TOOL: GoBinary = {
  title: `temporal-sql-tool v${TEMPORAL_SERVER_VERSION}`,
  pathVariable: 'TEMPORAL_SQL_TOOL_PATH',
  onPath: ['temporal-sql-tool'],
  module: `go.temporal.io/server/cmd/tools/sql@v${TEMPORAL_SERVER_VERSION}`,
  binary: 'sql',
  cacheSubdir: join('temporal-server', TEMPORAL_SERVER_VERSION),
};
/** The Web UI the CLI 1.5.1 embeds, as a server of its own (its binary is also called `server`). */
export const TEMPORAL_UI_SERVER: GoBinary = {
  title: `Temporal UI server v${TEMPORAL_UI_VERSION}`,
  pathVariable: 'TEMPORAL_UI_SERVER_PATH',
  onPath: ['temporal-ui-server'],
  module: `github.com/temporalio/ui-server/v2/cmd/server@v${TEMPORAL_UI_VERSION}`,
  binary: 'server',
  cacheSubdir: join('temporal-ui', TEMPORAL_UI_VERSION),
};

/** The role the server connects as (deploy/postgres/initdb creates it in compose). */
export interface TemporalDatabase {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

export interface TemporalServerOptions {
  /** The repository's deploy/temporal folder (scripts, config, dynamic config). */
  readonly deployDir: string;
  readonly database: TemporalDatabase;
  /** Where the server's log goes. */
  readonly logDir: string;
  /** The frontend's gRPC port (the address clients use); the other ports are taken free. */
  readonly port: number;
  readonly namespace?: string;
  readonly log?: (line: string) => void;
}

export interface TemporalServer {
  readonly address: string;
  readonly namespace: string;
  /** The server's own Prometheus endpoint. */
  readonly metricsUrl: string;
  readonly cliPath: string;
  readonly logFile: string;
  readonly process: () => ChildProcess;
  /** SIGKILL (a crash) the server; `restart()` brings it back on the same ports and database. */
  kill(): Promise<void>;
  restart(): Promise<void>;
  stop(): Promise<void>;
}

function runScript(script: string, env: NodeJS.ProcessEnv, log: (line: string) => void): void {
  const result = spawnSync('sh', [script], { env, encoding: 'utf8' });
  const lines = `${result.stdout}${result.stderr}`.split('\n').filter(Boolean);
  // The scripts' own lines; the SQL tool's per-statement DEBUG/INFO lines only when it failed.
  for (const line of lines) if (result.status !== 0 || /^temporal-(schema|init):/.test(line)) log(`[temporal] ${line}`);
  if (result.status !== 0) throw new Error(`${script} failed with exit code ${result.status}`);
}

/**
 * The server and its SQL tool, found or built now (the test setup calls this, so a first build on a
 * new machine happens before any test's timeout starts).
 */
export async function ensureTemporalServerBinaries(
  log: (line: string) => void = (line) => void process.stderr.write(`${line}\n`),
): Promise<{ server: string; sqlTool: string }> {
  const server = await locateGoBinary(SERVER, log);
  const sqlTool = await locateGoBinary(SQL_TOOL, log);
  return { server: server.path, sqlTool: sqlTool.path };
}

export async function startTemporalServer(opts: TemporalServerOptions): Promise<TemporalServer> {
  const log = opts.log ?? ((line: string) => void process.stderr.write(`${line}\n`));
  const namespace = opts.namespace ?? 'default';
  const [server, sqlTool, cli] = await Promise.all([
    locateGoBinary(SERVER, log),
    locateGoBinary(SQL_TOOL, log),
    locateTemporalCli(log),
  ]);
  if (cli.type !== 'existing-path') throw new Error('the Temporal CLI is needed to register the namespace');
  const db = opts.database;
  const dbEnv = {
    DB: 'postgres12',
    DB_PORT: String(db.port),
    POSTGRES_SEEDS: db.host,
    POSTGRES_USER: db.user,
    POSTGRES_PWD: db.password,
    DBNAME: 'temporal',
    VISIBILITY_DBNAME: 'temporal_visibility',
  };
  runScript(
    join(opts.deployDir, 'setup-schema.sh'),
    { ...process.env, ...dbEnv, TEMPORAL_SQL_TOOL: sqlTool.path },
    log,
  );

  const metricsPort = await getFreePort();
  // Membership ports are stored as a smallint: below 32768.
  const ports: Record<string, number> = {
    TEMPORAL_FRONTEND_PORT: opts.port,
    TEMPORAL_FRONTEND_HTTP_PORT: await getFreePort(),
    TEMPORAL_HISTORY_PORT: await getFreePort(),
    TEMPORAL_MATCHING_PORT: await getFreePort(),
    TEMPORAL_WORKER_PORT: await getFreePort(),
    TEMPORAL_FRONTEND_MEMBERSHIP_PORT: await getFreeLowPort(),
    TEMPORAL_HISTORY_MEMBERSHIP_PORT: await getFreeLowPort(),
    TEMPORAL_MATCHING_MEMBERSHIP_PORT: await getFreeLowPort(),
    TEMPORAL_WORKER_MEMBERSHIP_PORT: await getFreeLowPort(),
  };
  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    ...dbEnv,
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${metricsPort}`,
    BIND_ON_IP: '127.0.0.1',
    DYNAMIC_CONFIG_FILE_PATH: join(opts.deployDir, 'dynamicconfig', 'development-sql.yaml'),
  };
  mkdirSync(opts.logDir, { recursive: true });
  const logFile = join(opts.logDir, 'temporal-server.log');
  const address = `127.0.0.1:${opts.port}`;
  let child: ChildProcess;
  const launch = (): void => {
    const out = openSync(logFile, 'a');
    child = spawn(server.path, ['--root', opts.deployDir, '--config', 'config', '--env', 'cluster', 'start'], {
      env: serverEnv,
      stdio: ['ignore', out, out],
    });
    closeSync(out);
  };
  const healthy = async (): Promise<void> => {
    const started = Date.now();
    for (;;) {
      const probe = spawnSync(cli.path, ['operator', 'cluster', 'health', '--address', address], { encoding: 'utf8' });
      if (probe.status === 0) return;
      if (child.exitCode !== null) throw new Error(`the Temporal server exited (${child.exitCode}); see ${logFile}`);
      if (Date.now() - started > 120_000)
        throw new Error(`the Temporal server is not healthy after 120 s; see ${logFile}`);
      await new Promise((r) => setTimeout(r, 500));
    }
  };
  const exited = (): Promise<void> =>
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise((resolve) => child.once('exit', () => resolve()));

  log(`[temporal] starting the Temporal server ${TEMPORAL_SERVER_VERSION} on ${address} (log: ${logFile})`);
  launch();
  await healthy();
  runScript(
    join(opts.deployDir, 'init-namespace.sh'),
    {
      ...process.env,
      TEMPORAL_ADDRESS: address,
      TEMPORAL_NAMESPACE: namespace,
      TEMPORAL_CLI: cli.path,
    },
    log,
  );
  return {
    address,
    namespace,
    metricsUrl: `http://127.0.0.1:${metricsPort}/metrics`,
    cliPath: cli.path,
    logFile,
    process: () => child,
    kill: async () => {
      child.kill('SIGKILL');
      await exited();
    },
    restart: async () => {
      launch();
      await healthy();
    },
    stop: async () => {
      const done = exited();
      child.kill('SIGTERM');
      const force = setTimeout(() => child.kill('SIGKILL'), 20_000);
      await done;
      clearTimeout(force);
    },
  };
}

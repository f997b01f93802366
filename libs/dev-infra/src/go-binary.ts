/**
 * Finds a Go-built binary the project runs (the Temporal CLI, server, SQL tool and UI server), or
 * builds it once with `go install` into the project cache outside the repo. Order: the configured
 * path variable, PATH, the cache, then `go install` with progress.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export interface GoBinary {
  /** What it is, for messages ("Temporal server"). */
  readonly title: string;
  /** Variable that names an existing binary, e.g. TEMPORAL_SERVER_PATH. */
  readonly pathVariable: string;
  /** Names to look for on PATH. */
  readonly onPath: readonly string[];
  /** The `go install` target, e.g. go.temporal.io/server/cmd/server@v1.29.1. */
  readonly module: string;
  /** The binary `go install` writes (its package's last path element). */
  readonly binary: string;
  /** Cache sub-folder (binaries of the same name, such as two `server`s, need their own). */
  readonly cacheSubdir: string;
}

export function projectCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'merchant-onboarding');
}

export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** The binary's path and where it came from; builds it when it is nowhere yet. */
export async function locateGoBinary(
  spec: GoBinary,
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ path: string; source: string }> {
  const configured = env[spec.pathVariable];
  if (configured) {
    if (!existsSync(configured)) throw new Error(`${spec.pathVariable}=${configured} does not exist`);
    return { path: configured, source: spec.pathVariable };
  }
  for (const name of spec.onPath) {
    const found = findOnPath(name, env);
    if (found) return { path: found, source: 'PATH' };
  }
  const cacheDir = join(projectCacheDir(env), spec.cacheSubdir);
  const cached = join(cacheDir, spec.binary);
  if (existsSync(cached)) return { path: cached, source: 'cache' };
  const go = findOnPath('go', env);
  if (!go) {
    throw new Error(
      `No ${spec.title} found. Set ${spec.pathVariable}, put ${spec.onPath.join(' or ')} on PATH, or install Go so ` +
        `the project can run: GOBIN=${cacheDir} go install ${spec.module}`,
    );
  }
  mkdirSync(cacheDir, { recursive: true });
  log(`[${spec.binary}] building the ${spec.title} with Go into ${cacheDir} (first time only; takes a few minutes)`);
  await goInstall(go, spec, cacheDir, log, env);
  if (!existsSync(cached)) throw new Error(`go install ${spec.module} finished but wrote no ${cached}`);
  return { path: cached, source: 'go install' };
}

function goInstall(
  go: string,
  spec: GoBinary,
  gobin: string,
  log: (line: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(go, ['install', '-v', spec.module], {
      env: { ...env, GOBIN: gobin, GOFLAGS: env.GOFLAGS ?? '-mod=mod' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let packages = 0;
    const started = Date.now();
    const progress = setInterval(() => {
      log(
        `[${spec.binary}] still building… ${packages} packages compiled, ${Math.round((Date.now() - started) / 1000)}s`,
      );
    }, 15_000);
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.startsWith('go: downloading')) log(`[${spec.binary}] ${line}`);
        else if (line.trim()) packages++;
      }
    });
    child.on('error', (err) => {
      clearInterval(progress);
      reject(err);
    });
    child.on('exit', (code) => {
      clearInterval(progress);
      if (code === 0) {
        log(`[${spec.binary}] built in ${Math.round((Date.now() - started) / 1000)}s`);
        resolve();
      } else {
        reject(new Error(`go install ${spec.module} failed with exit code ${code}`));
      }
    });
  });
}

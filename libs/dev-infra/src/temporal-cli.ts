/**
 * Finds (or builds) the Temporal CLI whose dev server the project runs on. Order: TEMPORAL_CLI_PATH,
 * `temporal` on PATH, the project cache outside the repo, `go install` into that cache, and finally
 * the SDK's own download (ordinary machines with internet).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const TEMPORAL_CLI_VERSION = '1.5.1';

export type TemporalExecutable =
  { type: 'existing-path'; path: string; source: string } | { type: 'cached-download'; source: string };

export function temporalCliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const cacheRoot = env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(cacheRoot, 'merchant-onboarding', 'temporal-cli', TEMPORAL_CLI_VERSION);
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

export async function locateTemporalCli(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  env: NodeJS.ProcessEnv = process.env,
): Promise<TemporalExecutable> {
  const configured = env.TEMPORAL_CLI_PATH;
  if (configured) {
    if (!existsSync(configured)) {
      throw new Error(`TEMPORAL_CLI_PATH=${configured} does not exist; point it at a temporal CLI binary`);
    }
    return { type: 'existing-path', path: configured, source: 'TEMPORAL_CLI_PATH' };
  }
  const fromPath = onPath('temporal', env);
  if (fromPath) return { type: 'existing-path', path: fromPath, source: 'PATH' };

  const cacheDir = temporalCliCacheDir(env);
  const cached = join(cacheDir, 'temporal');
  if (existsSync(cached)) return { type: 'existing-path', path: cached, source: 'cache' };

  const go = onPath('go', env);
  if (go) {
    mkdirSync(cacheDir, { recursive: true });
    log(
      `[temporal] building the Temporal CLI v${TEMPORAL_CLI_VERSION} with Go into ${cacheDir} (first time only; takes a few minutes)`,
    );
    await goInstall(go, cacheDir, log, env);
    if (existsSync(cached)) return { type: 'existing-path', path: cached, source: 'go install' };
    log('[temporal] go install finished but produced no binary; trying the SDK download');
  }
  if (env.TEMPORAL_NO_DOWNLOAD === '1') {
    throw new Error(noBinaryMessage(cacheDir));
  }
  log('[temporal] no Temporal CLI found and no Go toolchain: letting the Temporal SDK download it');
  return { type: 'cached-download', source: 'sdk download' };
}

function goInstall(go: string, gobin: string, log: (line: string) => void, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(go, ['install', '-v', `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`], {
      env: { ...env, GOBIN: gobin, GOFLAGS: env.GOFLAGS ?? '-mod=mod' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let packages = 0;
    const started = Date.now();
    const progress = setInterval(() => {
      log(`[temporal] still building… ${packages} packages compiled, ${Math.round((Date.now() - started) / 1000)}s`);
    }, 15_000);
    child.stderr.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (line.startsWith('go: downloading')) log(`[temporal] ${line}`);
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
        log(`[temporal] built in ${Math.round((Date.now() - started) / 1000)}s`);
        resolve();
      } else {
        reject(new Error(`go install of the Temporal CLI failed with exit code ${code}`));
      }
    });
  });
}

function noBinaryMessage(cacheDir: string): string {
  return [
    'No Temporal CLI could be found or built.',
    'Provide one of:',
    '  - TEMPORAL_CLI_PATH=/path/to/temporal',
    '  - a `temporal` binary on PATH (https://docs.temporal.io/cli)',
    `  - the binary at ${join(cacheDir, 'temporal')}`,
    `  - Go on PATH, so the project can run: go install github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`,
    '  - or TEMPORAL_ADDRESS pointing at a running Temporal server',
  ].join('\n');
}

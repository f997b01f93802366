/**
 * Finds (or builds) the Temporal CLI whose dev server the project runs on. Order: TEMPORAL_CLI_PATH,
 * `temporal` on PATH, the project cache outside the repo, `go install` into that cache, and finally
 * the SDK's own download (ordinary machines with internet).
 */
import { join } from 'node:path';
import { locateGoBinary, projectCacheDir, type GoBinary } from './go-binary';

export const TEMPORAL_CLI_VERSION = '1.5.1';

export type TemporalExecutable =
  { type: 'existing-path'; path: string; source: string } | { type: 'cached-download'; source: string };

const CLI: GoBinary = {
  title: `Temporal CLI v${TEMPORAL_CLI_VERSION}`,
  pathVariable: 'TEMPORAL_CLI_PATH',
  onPath: ['temporal'],
  module: `github.com/temporalio/cli/cmd/temporal@v${TEMPORAL_CLI_VERSION}`,
  binary: 'temporal',
  cacheSubdir: join('temporal-cli', TEMPORAL_CLI_VERSION),
};

export function temporalCliCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(projectCacheDir(env), CLI.cacheSubdir);
}

export async function locateTemporalCli(
  log: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
  env: NodeJS.ProcessEnv = process.env,
): Promise<TemporalExecutable> {
  try {
    return { type: 'existing-path', ...(await locateGoBinary(CLI, log, env)) };
  } catch (err) {
    // A configured path that is wrong is an error; otherwise the SDK may still download the CLI.
    if (env.TEMPORAL_CLI_PATH) throw err;
    log(`[temporal] ${err instanceof Error ? err.message : String(err)}`);
  }
  if (env.TEMPORAL_NO_DOWNLOAD === '1') throw new Error(noBinaryMessage(temporalCliCacheDir(env)));
  log('[temporal] no Temporal CLI found and no Go toolchain: letting the Temporal SDK download it');
  return { type: 'cached-download', source: 'sdk download' };
}

function noBinaryMessage(cacheDir: string): string {
  return [
    'No Temporal CLI could be found or built.',
    'Provide one of:',
    '  - TEMPORAL_CLI_PATH=/path/to/temporal',
    '  - a `temporal` binary on PATH (https://docs.temporal.io/cli)',
    `  - the binary at ${join(cacheDir, 'temporal')}`,
    `  - Go on PATH, so the project can run: go install ${CLI.module}`,
    '  - or TEMPORAL_ADDRESS pointing at a running Temporal server',
  ].join('\n');
}

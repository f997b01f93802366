/**
 * The Temporal Web UI for the cluster topology: temporalio/ui-server built once with `go install`
 * into the project cache and configured by deploy/temporal/ui/config/cluster.yaml. Optional: when it
 * cannot be built (no Go), the cluster runs without it and says so.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { locateGoBinary, TEMPORAL_UI_SERVER } from '@mo/dev-infra';
import { projectRoot } from '@mo/temporal';

export interface TemporalUiOptions {
  readonly temporalAddress: string;
  readonly port: number;
  /** The API's codec endpoint, for the UI's Data Encoder. */
  readonly codecEndpoint: string;
  readonly logDir: string;
  readonly log: (line: string) => void;
}

export async function startTemporalUi(opts: TemporalUiOptions): Promise<{ url: string; stop(): Promise<void> } | null> {
  let binary: string;
  try {
    binary = (await locateGoBinary(TEMPORAL_UI_SERVER, opts.log)).path;
  } catch (err) {
    opts.log(`temporal ui: not started (${err instanceof Error ? err.message : String(err)})`);
    return null;
  }
  const url = `http://localhost:${opts.port}`;
  const out = openSync(join(opts.logDir, 'temporal-ui.log'), 'a');
  const child = spawn(
    binary,
    ['--root', join(projectRoot(), 'deploy', 'temporal', 'ui'), '--env', 'cluster', 'start'],
    {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: opts.temporalAddress,
        TEMPORAL_UI_PORT: String(opts.port),
        TEMPORAL_UI_ORIGIN: url,
        TEMPORAL_CODEC_ENDPOINT: opts.codecEndpoint,
      },
      stdio: ['ignore', out, out],
    },
  );
  closeSync(out);
  // Up when it answers; a bad configuration makes it exit at once (its log says why).
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) {
      opts.log(`temporal ui: exited at start (${join(opts.logDir, 'temporal-ui.log')})`);
      return null;
    }
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

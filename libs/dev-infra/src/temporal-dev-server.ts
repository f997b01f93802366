/** Starts a real Temporal dev server (through the SDK's ephemeral-server support) with our search attributes. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { load } from 'js-yaml';
import { APPLICATION_SEARCH_ATTRIBUTES } from '@mo/contracts';
import { projectRoot } from '@mo/temporal';
import { locateTemporalCli } from './temporal-cli';

type DynamicConfigValue = string | number | boolean;

/**
 * The server flags in the committed dynamic config that the cluster runs with
 * (deploy/temporal/dynamicconfig/development-sql.yaml): the dev server gets the same ones, so
 * `npm start`, the tests, the bench and the cluster share one set. Only unconstrained values apply.
 */
export function committedDynamicConfig(
  file = join(projectRoot(), 'deploy', 'temporal', 'dynamicconfig', 'development-sql.yaml'),
): Record<string, DynamicConfigValue> {
  const doc = load(readFileSync(file, 'utf8')) as Record<string, { value: unknown; constraints?: object }[]> | null;
  const flags: Record<string, DynamicConfigValue> = {};
  for (const [key, entries] of Object.entries(doc ?? {})) {
    const global = entries.find((e) => Object.keys(e.constraints ?? {}).length === 0);
    const value = global?.value;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') flags[key] = value;
  }
  return flags;
}

export interface TemporalDevServer {
  readonly address: string;
  readonly namespace: string;
  readonly uiUrl: string | undefined;
  /** The CLI binary the server runs from, when it is a local one (for `temporal workflow list`). */
  readonly cliPath: string | undefined;
  readonly env: TestWorkflowEnvironment;
  stop(): Promise<void>;
}

export interface TemporalDevServerOptions {
  readonly port: number;
  readonly uiPort?: number;
  /** Persist the server's state across restarts (npm start); omitted for tests. */
  readonly dbFilename?: string;
  readonly log?: (line: string) => void;
  /**
   * `--dynamic-config-value KEY=VALUE` settings over the committed ones (tests use a low
   * continue-as-new threshold).
   */
  readonly dynamicConfig?: Readonly<Record<string, DynamicConfigValue>>;
}

export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const executable = await locateTemporalCli(opts.log);
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable:
        executable.type === 'existing-path'
          ? { type: 'existing-path', path: executable.path }
          : { type: 'cached-download' },
      ip: '127.0.0.1',
      port: opts.port,
      ...(opts.uiPort !== undefined ? { ui: true, uiPort: opts.uiPort } : { ui: false }),
      ...(opts.dbFilename !== undefined ? { dbFilename: opts.dbFilename } : {}),
      searchAttributes: [...APPLICATION_SEARCH_ATTRIBUTES],
      log: { format: 'pretty', level: 'warn' },
      extraArgs: Object.entries({ ...committedDynamicConfig(), ...opts.dynamicConfig }).flatMap(([key, value]) => [
        '--dynamic-config-value',
        `${key}=${typeof value === 'string' ? JSON.stringify(value) : String(value)}`,
      ]),
    },
  });
  return {
    address: `127.0.0.1:${opts.port}`,
    namespace: 'default',
    uiUrl: opts.uiPort !== undefined ? `http://localhost:${opts.uiPort}` : undefined,
    cliPath: executable.type === 'existing-path' ? executable.path : undefined,
    env,
    stop: () => env.teardown(),
  };
}

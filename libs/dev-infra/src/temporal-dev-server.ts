/** Starts a real Temporal dev server (through the SDK's ephemeral-server support) with our search attributes. */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { APPLICATION_SEARCH_ATTRIBUTES } from '@mo/contracts';
import { locateTemporalCli } from './temporal-cli';

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
  /** Extra `--dynamic-config-value KEY=VALUE` settings (tests use a low continue-as-new threshold). */
  readonly dynamicConfig?: Readonly<Record<string, string | number>>;
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
      extraArgs: Object.entries(opts.dynamicConfig ?? {}).flatMap(([key, value]) => [
        '--dynamic-config-value',
        `${key}=${typeof value === 'string' ? JSON.stringify(value) : value}`,
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

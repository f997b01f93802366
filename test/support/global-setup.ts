/**
 * Provisions a real Temporal dev server and a real PostgreSQL on free ports for the whole test run,
 * migrates the schema, and hands the addresses to the test processes through the environment.
 */
import './register-aliases';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ensureTemporalServerBinaries,
  getFreePort,
  locateTemporalCli,
  locateTimeSkippingServer,
  startEmbeddedPostgres,
  startTemporalDevServer,
} from '@mo/dev-infra';
import { runMigrations } from '@mo/persistence';
import { ensureSearchAttributes } from '@mo/temporal';

export const CONTINUE_AS_NEW_AFTER_EVENTS = 400;

export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const log = (line: string): void => void process.stderr.write(`${line}\n`);
  const [temporal, postgres, timeSkipping] = await Promise.all([
    process.env.TEST_TEMPORAL_ADDRESS
      ? undefined
      : getFreePort().then((port) =>
          startTemporalDevServer({
            port,
            log,
            // Low enough that a test can make a workflow continue-as-new with a hundred updates.
            dynamicConfig: { 'limit.historyCount.suggestContinueAsNew': CONTINUE_AS_NEW_AFTER_EVENTS },
          }),
        ),
    process.env.TEST_DATABASE_URL
      ? undefined
      : getFreePort().then((port) =>
          startEmbeddedPostgres({
            dataDir: mkdtempSync(join(tmpdir(), 'mo-test-pg-')),
            port,
            database: 'onboarding_test',
            persistent: false,
            log,
          }),
        ),
    // Temporal's Java test server, for the timer tests (built once from Maven Central into the cache).
    locateTimeSkippingServer(log),
  ]);
  process.env.TEMPORAL_TEST_SERVER_PATH = timeSkipping;
  // For tests that run (and kill) a Temporal server of their own.
  const cli = await locateTemporalCli(log);
  if (cli.type === 'existing-path') process.env.TEST_TEMPORAL_CLI_PATH = cli.path;
  // The cluster test runs the Temporal server itself: build it now (once per machine, a few minutes)
  // rather than inside that test's timeout.
  await ensureTemporalServerBinaries(log).catch((err: unknown) =>
    log(`[temporal] no Temporal server for the cluster test: ${err instanceof Error ? err.message : String(err)}`),
  );
  const databaseUrl = process.env.TEST_DATABASE_URL ?? postgres!.url;
  await runMigrations(databaseUrl);
  if (process.env.TEST_TEMPORAL_ADDRESS) await ensureSearchAttributes(process.env.TEST_TEMPORAL_ADDRESS, 'default');
  process.env.TEST_TEMPORAL_ADDRESS = process.env.TEST_TEMPORAL_ADDRESS ?? temporal!.address;
  process.env.TEST_DATABASE_URL = databaseUrl;
  (globalThis as Record<string, unknown>).__MO_TEST_SERVERS__ = { temporal, postgres };
  log(`\n[test servers] Temporal ${process.env.TEST_TEMPORAL_ADDRESS}, PostgreSQL ready in ${Date.now() - started} ms`);
}

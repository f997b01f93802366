/**
 * Operators' consistency check: npm run verify (DATABASE_URL and TEMPORAL_ADDRESS as for the API,
 * or the npm start defaults). Exits 1 when any application drifted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@mo/persistence';
import {
  checkConsistency,
  dataConverterFor,
  parseCodecKeys,
  projectRoot,
  temporalConnectionOptionsFromEnv,
} from '@mo/temporal';
import { devDatabaseUrl } from './lib/dev-database';

async function main(): Promise<void> {
  const url = devDatabaseUrl();
  const db = await new DataSource(dataSourceOptions(url, 'merchant-onboarding-verify')).initialize();
  const connection = await Connection.connect(
    temporalConnectionOptionsFromEnv(process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233'),
  );
  // Under npm start the payload key lives in .data/ (see DATA_DIR).
  const devKeyFile = join(process.env.DATA_DIR ?? join(projectRoot(), '.data'), 'dev-codec-key');
  const keys =
    process.env.TEMPORAL_CODEC_KEYS ??
    (existsSync(devKeyFile) ? `dev:${readFileSync(devKeyFile, 'utf8').trim()}` : undefined);
  const codec = keys
    ? { keys: { reveal: () => keys }, activeKeyId: process.env.TEMPORAL_CODEC_ACTIVE_KEY ?? 'dev' }
    : null;
  if (codec) parseCodecKeys(keys!, codec.activeKeyId);
  const client = new Client({
    connection,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
    dataConverter: dataConverterFor(codec),
  });
  try {
    // Every application workflow on the task queue must have its read-model row.
    const report = await checkConsistency(db, client, {
      taskQueue: process.env.TEMPORAL_TASK_QUEUE ?? 'merchant-onboarding',
    });
    for (const d of report.drift) process.stdout.write(`DRIFT ${d.applicationId}: ${d.problem}\n`);
    process.stdout.write(
      `checked ${report.applications} applications, ${report.events} events: drift found: ${report.drift.length}\n`,
    );
    process.exitCode = report.drift.length === 0 ? 0 : 1;
  } finally {
    await connection.close();
    await db.destroy();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`verify failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(2);
});

/** Applies committed migrations to DATABASE_URL (the explicit schema step; `npm start` runs it too). */
import { loadDatabaseConfig } from '@mo/config';
import { runMigrations } from '@mo/persistence';

async function main(): Promise<void> {
  const config = { database: loadDatabaseConfig() };
  const ran = await runMigrations(config.database.url.reveal());
  process.stdout.write(ran.length ? `applied: ${ran.join(', ')}\n` : 'schema is up to date\n');
}

main().catch((err: unknown) => {
  process.stderr.write(`migration failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

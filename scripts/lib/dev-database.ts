/**
 * The database the operator scripts (statement, verify) use: DATABASE_URL, else the one the last
 * `npm start` or `npm run start:cluster` wrote to DATA_DIR, else npm start's default.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '@mo/temporal';

export function devDatabaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  if (env.DATABASE_URL) return env.DATABASE_URL;
  const written = join(env.DATA_DIR ?? join(projectRoot(), '.data'), 'database-url');
  if (existsSync(written)) return readFileSync(written, 'utf8').trim();
  return `postgres://onboarding:onboarding@127.0.0.1:${env.DEV_PG_PORT ?? '5433'}/onboarding`;
}

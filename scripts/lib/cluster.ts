/**
 * The production shape's infrastructure on this machine: PostgreSQL (embedded, or DATABASE_URL) and
 * the Temporal server itself on it (persistence and SQL visibility), set up by the same scripts as
 * docker-compose. Shared by `npm run start:cluster` and the cluster test (through launchSystem).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres, startTemporalServer, type TemporalServer } from '@mo/dev-infra';
import { projectRoot } from '@mo/temporal';

export interface ClusterInfraOptions {
  /** Server logs. */
  readonly dataDir: string;
  /** The embedded PostgreSQL's data directory (handed to the postgres user, so its parent must be traversable). */
  readonly postgresDataDir: string;
  /** As root, where the data goes if `postgresDataDir` is out of the postgres user's reach. */
  readonly postgresFallbackDataDir?: string;
  readonly temporalPort: number;
  /** Embedded PostgreSQL's port (ignored with DATABASE_URL). */
  readonly postgresPort: number;
  /** Keep the embedded PostgreSQL's data on stop. */
  readonly persistent: boolean;
  readonly log: (line: string) => void;
}

export interface ClusterInfra {
  readonly databaseUrl: string;
  readonly temporal: TemporalServer;
  stop(): Promise<void>;
}

/** Temporal's own role (what deploy/postgres/initdb/10-temporal-role.sql creates in compose). */
const TEMPORAL_ROLE = { user: 'temporal', password: 'temporal' };

export async function startClusterInfra(opts: ClusterInfraOptions): Promise<ClusterInfra> {
  const stops: (() => Promise<void>)[] = [];
  let databaseUrl = process.env.DATABASE_URL;
  if (databaseUrl) {
    opts.log('postgres: external server from DATABASE_URL (Temporal connects as the role in TEMPORAL_DATABASE_URL)');
  } else {
    opts.log(`postgres: embedded PostgreSQL on :${opts.postgresPort} (data in ${opts.postgresDataDir})`);
    const pg = await startEmbeddedPostgres({
      dataDir: opts.postgresDataDir,
      ...(opts.postgresFallbackDataDir ? { fallbackDataDir: opts.postgresFallbackDataDir } : {}),
      port: opts.postgresPort,
      database: 'onboarding',
      persistent: opts.persistent,
      log: opts.log,
    });
    stops.unshift(() => pg.stop());
    databaseUrl = pg.url;
    await ensureTemporalRole(databaseUrl);
  }
  const app = new URL(databaseUrl);
  const temporalDb = new URL(
    process.env.TEMPORAL_DATABASE_URL ??
      `postgres://${TEMPORAL_ROLE.user}:${TEMPORAL_ROLE.password}@${app.hostname}:${app.port || 5432}/temporal`,
  );
  const temporal = await startTemporalServer({
    deployDir: join(projectRoot(), 'deploy', 'temporal'),
    database: {
      host: temporalDb.hostname,
      port: Number(temporalDb.port || 5432),
      user: decodeURIComponent(temporalDb.username),
      password: decodeURIComponent(temporalDb.password),
    },
    logDir: opts.dataDir,
    port: opts.temporalPort,
    log: opts.log,
  });
  stops.unshift(() => temporal.stop());
  return {
    databaseUrl,
    temporal,
    stop: async () => {
      for (const stop of stops) await stop().catch((e: unknown) => opts.log(`stop: ${String(e)}`));
    },
  };
}

/** Runs the compose init script's statement once, as the embedded cluster's superuser. */
async function ensureTemporalRole(superuserUrl: string): Promise<void> {
  const client = new Client({ connectionString: superuserUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_roles WHERE rolname = $1', [TEMPORAL_ROLE.user]);
    if (rowCount === 0) {
      await client.query(
        readFileSync(join(projectRoot(), 'deploy', 'postgres', 'initdb', '10-temporal-role.sql'), 'utf8'),
      );
    }
  } finally {
    await client.end();
  }
}

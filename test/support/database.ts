import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@mo/persistence';

export function databaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run through jest (global setup)');
  return url;
}

export async function connectDatabase(name = 'merchant-onboarding-test', url = databaseUrl()): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(url, name));
  return ds.initialize();
}

/**
 * A database of its own on the test server, migrated, for a test that asserts totals over every
 * row (other test files share the main one). `drop()` removes it, closing whatever is still connected.
 */
export async function isolatedDatabase(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  if (!/^[a-z][a-z0-9_]{0,62}$/.test(name)) throw new Error(`not a database name: ${name}`);
  const main = await connectDatabase('merchant-onboarding-test-admin');
  try {
    await main.query(`CREATE DATABASE ${name}`);
  } finally {
    await main.destroy();
  }
  const url = new URL(databaseUrl());
  url.pathname = `/${name}`;
  await runMigrations(url.toString());
  return {
    url: url.toString(),
    drop: async () => {
      const admin = await connectDatabase('merchant-onboarding-test-admin');
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await admin.destroy();
      }
    },
  };
}

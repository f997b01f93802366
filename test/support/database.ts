import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@mo/persistence';

export function databaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run through jest (global setup)');
  return url;
}

export async function connectDatabase(name = 'merchant-onboarding-test'): Promise<DataSource> {
  const ds = new DataSource(dataSourceOptions(databaseUrl(), name));
  return ds.initialize();
}

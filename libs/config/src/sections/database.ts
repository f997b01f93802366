/** DATABASE_URL: the PostgreSQL the API, the worker and the migrations share. */
import { Reader, Secret } from '../reader';

export interface DatabaseConfig {
  readonly url: Secret;
}

export function readDatabase(read: Reader): DatabaseConfig {
  return { url: new Secret(read.string('DATABASE_URL')) };
}

/** Only the database, for the migrations (which need no keys or secrets). */
export function loadDatabaseConfig(env: NodeJS.ProcessEnv = process.env): DatabaseConfig {
  const read = new Reader(env);
  return read.done(readDatabase(read));
}

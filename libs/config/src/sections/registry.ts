/** The business registry the prechecks ask about a USCC: the simulated registry's records, and how long an outage is waited out. */
import type { Reader } from '../reader';

export interface RegistryConfig {
  /**
   * The simulated registry's records (REGISTRY_FIXTURES): a JSON file `{ "<uscc>": { status,
   * legalName, legalRepresentative } }`, read and checked when the worker starts.
   */
  readonly fixturesPath: string;
  /**
   * Attempts of the prechecks activity while the registry is unavailable (REGISTRY_MAX_ATTEMPTS):
   * the activity's retry policy retries it, and past this the application goes on an operations hold.
   */
  readonly maxAttempts: number;
}

export const DEFAULT_REGISTRY_FIXTURES = 'data/registry/fixtures.json';
/** With the activities' backoff (1 s doubling, at most a minute between tries): about four minutes. */
export const DEFAULT_REGISTRY_MAX_ATTEMPTS = 10;

export function readRegistry(read: Reader): RegistryConfig {
  const maxAttempts = read.positive('REGISTRY_MAX_ATTEMPTS', DEFAULT_REGISTRY_MAX_ATTEMPTS);
  if (!Number.isInteger(maxAttempts))
    read.problems.push(`REGISTRY_MAX_ATTEMPTS must be a whole number, got "${maxAttempts}"`);
  return { fixturesPath: read.string('REGISTRY_FIXTURES', DEFAULT_REGISTRY_FIXTURES), maxAttempts };
}

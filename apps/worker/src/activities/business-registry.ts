/**
 * The business registry (企业信用信息公示), behind an interface: operating status, registered name and
 * legal representative of a USCC. The platform does not own the registry, so the default adapter is
 * a simulated one whose records come from a file (REGISTRY_FIXTURES).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import { isValidUscc, type RegistryStatus } from '@mo/domain';
import { projectRoot } from '@mo/temporal';

/** What the registry holds for a USCC. */
export interface RegistryAnswer {
  readonly status: RegistryStatus;
  readonly legalName: string | null;
  readonly legalRepresentative: string | null;
}
/** What the application says about itself: a real registry ignores it, the simulated one echoes it for codes it has no record of. */
export interface RegistryApplicant {
  readonly legalName?: string;
  readonly legalRepresentative?: string;
}

/** The registry could not answer (down, timing out): worth asking again. */
export class RegistryUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryUnavailableError';
  }
}

export abstract class BusinessRegistry {
  /** The registry's record of a USCC; throws RegistryUnavailableError when it cannot answer. */
  abstract lookUp(uscc: string, applicant: RegistryApplicant): Promise<RegistryAnswer>;
}

/** A fixture's status: the registry's words (存续/在业, 吊销, 注销) or ours, `unavailable` simulating an outage. */
const FIXTURE_STATUSES: Readonly<Record<string, RegistryStatus | 'unavailable'>> = {
  operating: 'operating',
  存续: 'operating',
  在业: 'operating',
  revoked: 'revoked',
  吊销: 'revoked',
  deregistered: 'deregistered',
  注销: 'deregistered',
  not_found: 'not_found',
  unavailable: 'unavailable',
};
type Fixture = { readonly status: RegistryStatus | 'unavailable' } & Omit<RegistryAnswer, 'status'>;

/**
 * Parses and checks a fixtures file's text: `{ "<uscc>": { status, legalName, legalRepresentative } }`,
 * every key a USCC with a valid check digit. Throws naming the variable and the first bad entry.
 */
export function parseRegistryFixtures(text: string, source: string): ReadonlyMap<string, Fixture> {
  const problem = (what: string) => new Error(`REGISTRY_FIXTURES (${source}): ${what}`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw problem(`not JSON (${(err as Error).message})`);
  }
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw problem('must be an object keyed by USCC');
  const fixtures = new Map<string, Fixture>();
  for (const [uscc, entry] of Object.entries(data as Record<string, unknown>)) {
    if (!isValidUscc(uscc)) throw problem(`"${uscc}" is not a USCC with a valid check digit`);
    const e = (entry ?? {}) as Record<string, unknown>;
    const status = typeof e.status === 'string' ? FIXTURE_STATUSES[e.status] : undefined;
    if (status === undefined) {
      throw problem(
        `"${uscc}" has status ${JSON.stringify(e.status)}; one of ${Object.keys(FIXTURE_STATUSES).join(', ')}`,
      );
    }
    const name = (field: 'legalName' | 'legalRepresentative'): string | null => {
      const value = e[field] ?? null;
      if (value !== null && typeof value !== 'string') throw problem(`"${uscc}".${field} must be a string or null`);
      if (value === null && (status === 'operating' || status === 'revoked' || status === 'deregistered')) {
        throw problem(`"${uscc}".${field} is required for a ${status} record`);
      }
      return value;
    };
    fixtures.set(uscc, { status, legalName: name('legalName'), legalRepresentative: name('legalRepresentative') });
  }
  return fixtures;
}

/**
 * The simulated registry: answers from the fixtures (read once, at start-up, so a bad file stops the
 * worker), and for any other code answers "operating" with the application's own details.
 */
@Injectable()
export class SimulatedBusinessRegistry extends BusinessRegistry {
  private readonly fixtures: ReadonlyMap<string, Fixture>;

  constructor(@Inject(APP_CONFIG) config: Pick<AppConfig, 'registry'>) {
    super();
    // Relative to the project (the image's /app), whatever directory the worker was started from.
    const given = config.registry.fixturesPath;
    const path = isAbsolute(given) ? given : join(projectRoot(), given);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      throw new Error(
        `REGISTRY_FIXTURES (${path}): cannot be read (${(err as NodeJS.ErrnoException).code ?? String(err)})`,
      );
    }
    this.fixtures = parseRegistryFixtures(text, path);
  }

  lookUp(uscc: string, applicant: RegistryApplicant): Promise<RegistryAnswer> {
    const fixture = this.fixtures.get(uscc);
    if (fixture === undefined) {
      return Promise.resolve({
        status: 'operating',
        legalName: applicant.legalName ?? null,
        legalRepresentative: applicant.legalRepresentative ?? null,
      });
    }
    if (fixture.status === 'unavailable') {
      return Promise.reject(new RegistryUnavailableError('The business registry is unavailable (simulated)'));
    }
    return Promise.resolve({
      status: fixture.status,
      legalName: fixture.legalName,
      legalRepresentative: fixture.legalRepresentative,
    });
  }
}

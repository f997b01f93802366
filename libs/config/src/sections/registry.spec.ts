/** The business registry's configuration: where the simulated registry's records are, and the outage bound. */
import { loadConfig } from '../config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', NODE_ENV: 'development' };

describe('registry', () => {
  it('reads the fixtures path and the attempts bound, with defaults', () => {
    expect(loadConfig(base).registry).toEqual({ fixturesPath: 'data/registry/fixtures.json', maxAttempts: 10 });
    expect(
      loadConfig({ ...base, REGISTRY_FIXTURES: '/srv/registry.json', REGISTRY_MAX_ATTEMPTS: '2' }).registry,
    ).toEqual({
      fixturesPath: '/srv/registry.json',
      maxAttempts: 2,
    });
  });

  it.each(['0', 'many', '2.5'])('refuses REGISTRY_MAX_ATTEMPTS=%s', (value) => {
    expect(() => loadConfig({ ...base, REGISTRY_MAX_ATTEMPTS: value })).toThrow(/REGISTRY_MAX_ATTEMPTS/);
  });
});

/** The simulated business registry: the shipped fixtures, what a bad file says, and unknown codes echoing the application. */
import { DEFAULT_REGISTRY_FIXTURES } from '@mo/config';
import { isValidUscc } from '@mo/domain';
import {
  parseRegistryFixtures,
  RegistryUnavailableError,
  SimulatedBusinessRegistry,
  type RegistryAnswer,
} from './business-registry';

const registry = new SimulatedBusinessRegistry({
  registry: { fixturesPath: DEFAULT_REGISTRY_FIXTURES, maxAttempts: 1 },
});
const applicant = { legalName: 'Fuzhou Example Trading Co., Ltd.', legalRepresentative: 'Li Lei' };

describe('simulated business registry', () => {
  it.each<[string, string, Partial<RegistryAnswer>]>([
    ['not found', '91999999MA0NF0001K', { status: 'not_found', legalName: null, legalRepresentative: null }],
    ['revoked', '91999999MA0RE0002N', { status: 'revoked' }],
    ['deregistered', '91999999MA0DR00030', { status: 'deregistered' }],
    ['another registered name', '91999999MA0NM0004B', { status: 'operating', legalRepresentative: 'Li Lei' }],
    ['another legal representative', '91999999MA0LR00058', { status: 'operating', legalRepresentative: 'Han Meimei' }],
  ])('ships a fixture that is %s', async (_, uscc, expected) => {
    expect(isValidUscc(uscc)).toBe(true);
    await expect(registry.lookUp(uscc, applicant)).resolves.toMatchObject(expected);
  });

  it('answers an unknown code as operating, echoing the application', async () => {
    await expect(registry.lookUp('91350100M000100Y43', applicant)).resolves.toEqual({
      status: 'operating',
      ...applicant,
    });
  });

  it('simulates an outage for a fixture whose status is "unavailable"', async () => {
    await expect(registry.lookUp('91999999MA0UN00066', applicant)).rejects.toBeInstanceOf(RegistryUnavailableError);
  });

  it('takes the registry’s own words for a status', () => {
    const fixtures = parseRegistryFixtures(
      JSON.stringify({ '91999999MA0RE0002N': { status: '吊销', legalName: 'X', legalRepresentative: 'Y' } }),
      'inline',
    );
    expect(fixtures.get('91999999MA0RE0002N')?.status).toBe('revoked');
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['not an object', '[]', /object keyed by USCC/],
    ['a bad check digit', JSON.stringify({ '91999999MA0RE0002P': { status: 'revoked' } }), /valid check digit/],
    ['an unknown status', JSON.stringify({ '91999999MA0RE0002N': { status: 'closed' } }), /status "closed"/],
    [
      'a record without its names',
      JSON.stringify({ '91999999MA0RE0002N': { status: 'revoked', legalName: 'X' } }),
      /legalRepresentative is required/,
    ],
  ])('refuses a file with %s, naming REGISTRY_FIXTURES', (_, text, message) => {
    expect(() => parseRegistryFixtures(text, 'inline')).toThrow(/REGISTRY_FIXTURES \(inline\)/);
    expect(() => parseRegistryFixtures(text, 'inline')).toThrow(message);
  });

  it('refuses to start on a file it cannot read', () => {
    expect(
      () => new SimulatedBusinessRegistry({ registry: { fixturesPath: '/nonexistent.json', maxAttempts: 1 } }),
    ).toThrow(/REGISTRY_FIXTURES \(\/nonexistent.json\): cannot be read/);
  });
});

import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AppConfig } from '@mo/config';
import { screeningSubjectsOf, type ApplicationProfile } from '@mo/domain';
import { createApplicationBody } from '../../../../test/support/factories';
import { hitIdOf, screenProfile } from '../activities/precheck.activities';
import { LocalListScreeningProvider } from './local-list-screening.provider';

const SYNTHETIC = join(__dirname, '../../../../data/screening/synthetic.simple.csv');
const providerOf = (lists: readonly string[]): LocalListScreeningProvider =>
  new LocalListScreeningProvider({ screening: { lists, threshold: 0.85, rescreenIntervalHours: 24 } } as AppConfig);
const profile = (overrides: Record<string, unknown> = {}): ApplicationProfile => createApplicationBody(overrides);

describe('the local-list screening provider', () => {
  const dir = mkdtempSync(join(tmpdir(), 'screening-provider-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('finds nothing in the sample application the tests and the walkthrough use', async () => {
    const provider = providerOf([SYNTHETIC]);
    await provider.onModuleInit();
    expect(await screenProfile(provider, profile())).toEqual([]);
  });

  it('a listed legal representative is a hit beside the person as submitted, with the whole list entry', async () => {
    const provider = providerOf([SYNTHETIC]);
    await provider.onModuleInit();
    const rep = { name: 'Zorvath Quillan', idType: 'passport', idNumber: 'E1234567', idExpiry: '2035-12-31' };
    const hits = await screenProfile(provider, profile({ legalRepresentative: rep }));
    expect(hits).toEqual([
      {
        hitId: hitIdOf('legalRepresentative', 'syn-p-001'),
        subject: { path: 'legalRepresentative', name: 'Zorvath Quillan' },
        entry: expect.objectContaining({
          id: 'syn-p-001',
          name: 'Zorvath Quillan',
          birthDates: ['1971-03-14'],
          countries: ['ru'],
          dataset: 'synthetic_sanctions',
          sanctions: ['Synthetic Sanctions Programme 1'],
        }),
        matchedName: 'Zorvath Quillan',
        score: expect.any(Number),
        listVersion: provider.version!.version,
        resolution: null,
      },
    ]);
    expect(hits[0]!.hitId).toMatch(/^[A-Za-z0-9_-]{22}$/);
  });

  it('screens every beneficial owner under its own path', async () => {
    const provider = providerOf([SYNTHETIC]);
    await provider.onModuleInit();
    const owners = [{ id: 'bo-7', name: 'Zorvath Quillan', dateOfBirth: '1971-03-14', nationality: 'RU' }];
    const p = profile({ beneficialOwners: owners });
    expect(screeningSubjectsOf(p).map((s) => s.path)).toContain('beneficialOwners[bo-7]');
    const hits = await screenProfile(provider, p);
    expect(hits.map((h) => [h.subject.path, h.entry.id])).toEqual([['beneficialOwners[bo-7]', 'syn-p-001']]);
    expect(hits[0]!.subject).toEqual({
      path: 'beneficialOwners[bo-7]',
      name: 'Zorvath Quillan',
      dateOfBirth: '1971-03-14',
      nationality: 'ru',
    });
  });

  it('a malformed file fails the reload loudly and the previous version keeps serving', async () => {
    const path = join(dir, 'list.csv');
    copyFileSync(SYNTHETIC, path);
    const provider = providerOf([path]);
    await provider.onModuleInit();
    const before = provider.version!;
    writeFileSync(path, 'id,schema,name\n"unterminated,Person,Someone\n');
    await expect(provider.reload()).rejects.toThrow();
    expect(provider.version).toBe(before);
    const rep = { name: 'Zorvath Quillan', idType: 'passport', idNumber: 'E1', idExpiry: '2035-12-31' };
    expect(await screenProfile(provider, profile({ legalRepresentative: rep }))).toHaveLength(1);
  });
});

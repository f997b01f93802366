import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSimpleCsv, ScreeningListError, ScreeningListErrorCode } from '@mo/domain/screening';
import { ScreeningLists } from './screening-lists';

const SYNTHETIC = join(__dirname, '../../../../data/screening/synthetic.simple.csv');
const HEADER = 'id,schema,name,aliases,birth_date,countries,identifiers,sanctions,dataset\n';

describe('the screening lists in force', () => {
  const dir = mkdtempSync(join(tmpdir(), 'screening-lists-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const at = new Date('2026-12-07T03:00:00Z');
  const subject = { subject: 'legalRepresentative', kind: 'person', names: ['Quillan Zorvath'] } as const;

  it('reads the synthetic development list (40 rows, Han names among them)', () => {
    const entries = parseSimpleCsv(readFileSync(SYNTHETIC, 'utf8'));
    expect(entries).toHaveLength(40);
    expect(entries[0]).toMatchObject({
      id: 'syn-p-001',
      aliases: ['Zorvath "The Quill" Quillan', 'Quillan Zorvath'],
      countries: ['ru'],
    });
    expect(entries.filter((e) => /\p{Script=Han}/u.test(e.name)).length).toBeGreaterThanOrEqual(10);
  });

  it('loads the synthetic list as a version: sha256 of the bytes, entry count, load time', async () => {
    const lists = new ScreeningLists([SYNTHETIC], undefined, () => at);
    const outcome = await lists.load();
    const sha = createHash('sha256').update(readFileSync(SYNTHETIC)).digest('hex');
    // the vessel is not screened against, so it is not counted
    expect(outcome).toMatchObject({
      outcome: 'loaded',
      version: {
        version: `sha256:${sha}`,
        entryCount: 39,
        loadedAt: at,
        sources: [{ path: SYNTHETIC, entryCount: 40 }],
      },
    });
    expect(lists.screen([subject])).toMatchObject({ version: `sha256:${sha}`, hits: [{ entryId: 'syn-p-001' }] });
  });

  it('reads several files into one version, and says when nothing changed', async () => {
    const a = file('a.csv', `${HEADER}a-1,Person,Zorvath Quillan,,,,,,list_a\n`);
    const b = file('b.csv', `${HEADER}b-1,Company,Placeholder Holdings LLC,,,,,,list_b\n`);
    const lists = new ScreeningLists([a, b]);
    expect(await lists.load()).toMatchObject({ outcome: 'loaded', version: { entryCount: 2 } });
    expect(await lists.load()).toMatchObject({ outcome: 'unchanged', version: { entryCount: 2 } });
  });

  it.each([
    ['a malformed file', `${HEADER}x-1,Person,"Open quote\n`, ScreeningListErrorCode.NotCsv],
    ['a file without a name column', 'id,schema\nx-1,Person\n', ScreeningListErrorCode.MissingColumn],
    ['an empty file', '', ScreeningListErrorCode.Empty],
    ['bytes that are not UTF-8', Buffer.from([0x69, 0x64, 0xff, 0x0a]), ScreeningListErrorCode.Unreadable],
  ])('keeps the previous version serving after %s', async (_, bad, code) => {
    const path = join(dir, 'changing.csv');
    writeFileSync(path, `${HEADER}a-1,Person,Zorvath Quillan,,,,,,list_a\n`);
    const lists = new ScreeningLists([path]);
    const first = await lists.load();
    writeFileSync(path, bad);
    const failed = lists.load();
    await expect(failed).rejects.toThrow(ScreeningListError);
    await expect(failed).rejects.toMatchObject({ code, source: path });
    expect(lists.version).toBe(first.version);
    expect(lists.screen([subject]).hits).toMatchObject([{ entryId: 'a-1' }]);
  });

  it('refuses a missing file before any version exists', async () => {
    const lists = new ScreeningLists([join(dir, 'missing.csv')]);
    await expect(lists.load()).rejects.toMatchObject({ code: ScreeningListErrorCode.Unreadable });
    expect(lists.version).toBeUndefined();
    expect(() => lists.screen([subject])).toThrow('screening lists not loaded');
  });
});

/**
 * Which text PostgreSQL (through node-postgres, as the application writes) cannot store, measured on
 * the real server: the API's edge check (apps/api/src/common/storable-text.ts) must refuse exactly
 * these and nothing else.
 */
import type { DataSource } from 'typeorm';
import { isStorableText } from '@mo/domain';
import { connectDatabase } from '../support/database';

let db: DataSource;
beforeAll(async () => {
  db = await connectDatabase('unstorable-text');
});
afterAll(() => db.destroy());

const errorOf = async (run: () => Promise<unknown>): Promise<string> => {
  try {
    await run();
    return 'stored';
  } catch (err) {
    const { message, detail } = err as Error & { detail?: string };
    return `${message}: ${detail ?? ''}`;
  }
};

describe('text PostgreSQL cannot store', () => {
  it('refuses U+0000 in text and jsonb, and an unpaired surrogate in jsonb', async () => {
    expect(await errorOf(() => db.query('SELECT $1::text', ['x\u0000y']))).toMatch(/invalid byte sequence.*0x00/);
    expect(await errorOf(() => db.query('SELECT $1::jsonb', [JSON.stringify({ r: 'x\u0000y' })]))).toMatch(
      /unsupported Unicode escape sequence/,
    );
    for (const lone of ['\ud83d', '\ude00', 'a\ude00\ud83d']) {
      expect(await errorOf(() => db.query('SELECT $1::jsonb', [JSON.stringify({ r: lone })]))).toMatch(
        /invalid input syntax for type json: Unicode (low|high) surrogate must (follow|be followed by) a (high|low) surrogate/,
      );
    }
  });

  it('stores an unpaired surrogate in text only as U+FFFD: corrupted, not stored', async () => {
    const [row] = await db.query<{ t: string }[]>('SELECT $1::text AS t', ['a\ud83db']);
    expect(row!.t).toBe('a\ufffdb');
  });

  it('stores every other UTF-16 code unit and astral characters exactly, in text and jsonb', async () => {
    const units = Array.from({ length: 0x10000 }, (_, c) => String.fromCharCode(c));
    const storable = units.filter(isStorableText);
    // The check refuses exactly U+0000 and the 2048 surrogates (alone).
    expect(units.length - storable.length).toBe(1 + 0x800);
    const astral = ['😀', '𠀀', '\u{10fffd}', 'a\ud83d\ude00b'];
    expect(astral.every(isStorableText)).toBe(true);
    const all = [...storable, ...astral];
    const [text] = await db.query<{ t: string[] }[]>('SELECT $1::text[] AS t', [all]);
    expect(text!.t).toEqual(all);
    const [json] = await db.query<{ j: string[] }[]>('SELECT $1::jsonb AS j', [JSON.stringify(all)]);
    expect(json!.j).toEqual(all);
  });
});

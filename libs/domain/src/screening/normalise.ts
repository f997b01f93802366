/**
 * Names as screening compares them: NFKC (full-width letters become plain), case-folded, without
 * diacritics or punctuation, Han characters written in toneless pinyin (`pinyin-pro`). A name is a
 * list of tokens; word order is left to the matcher, which compares tokens as sets.
 */
import { pinyin } from 'pinyin-pro';

export type SubjectKind = 'person' | 'organisation';

/** A name ready to compare: its tokens, and its Han characters when it had any (to tell homophones). */
export interface NameForm {
  readonly tokens: readonly string[];
  /** The Han characters in order, `''` when none. */
  readonly han: string;
}

const HAN_RUN = /\p{Script=Han}+/gu;
const HAN = /\p{Script=Han}/u;
const TRANSLITERATED = /\p{Script=Han}[·・•‧]\p{Script=Han}/u;
/** Letters that NFD does not split into a base and a mark. */
const UNDECOMPOSED: Readonly<Record<string, string>> = {
  ß: 'ss',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  æ: 'ae',
  œ: 'oe',
  ı: 'i',
  þ: 'th',
};
const UNDECOMPOSED_RE = new RegExp(`[${Object.keys(UNDECOMPOSED).join('')}]`, 'gu');
/** Apostrophes join (O'Brien is obrien, Xi'an is xian); every other non-letter, non-digit separates. */
const APOSTROPHES = /['\u2019\u02bc`]/gu;
const SEPARATORS = /[^\p{L}\p{N}]+/gu;

/** Two-character Chinese surnames, so that 欧阳娜娜 reads as `ouyang nana`, not `ou yangnana`. */
const COMPOUND_SURNAMES = new Set([
  '欧阳',
  '司马',
  '诸葛',
  '上官',
  '东方',
  '皇甫',
  '尉迟',
  '公孙',
  '慕容',
  '长孙',
  '宇文',
  '司徒',
  '夏侯',
  '令狐',
  '端木',
  '西门',
  '南宫',
  '歐陽',
  '司馬',
  '諸葛',
  '長孫',
]);

/** Legal forms carry no identity: `Acme Trading Co., Ltd.` and `ACME TRADING LIMITED` are one name. */
const LEGAL_FORM_TOKENS = new Set([
  'co',
  'company',
  'ltd',
  'limited',
  'llc',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'plc',
  'gmbh',
  'ag',
  'sa',
  'sas',
  'srl',
  'bv',
  'nv',
  'jsc',
  'pjsc',
  'ojsc',
  'ooo',
  'oao',
  'zao',
  'pte',
  'pty',
  'lp',
  'llp',
  // pinyin legal forms, as Chinese companies romanise them
  'youxian',
  'gongsi',
  'youxiangongsi',
  'zeren',
  'gufen',
  'jituan',
]);
/** The same for Chinese names, before they become pinyin. */
const HAN_LEGAL_FORMS = /(股份有限公司|有限责任公司|有限責任公司|有限公司|集团|集團|公司)$/u;

const syllables = (han: string, surname: boolean): string[] =>
  pinyin(han, { toneType: 'none', type: 'array', surname: surname ? 'head' : 'off' });

/**
 * A person's Han name as it is romanised on a passport: the surname, then the given name as one
 * word (王小明 → `wang xiaoming`). Longer runs (transliterated foreign names) stay one syllable a
 * token.
 */
function personHan(run: string): string[] {
  if (run.length < 2 || run.length > 4) return syllables(run, false);
  const surnameLength = run.length > 2 && COMPOUND_SURNAMES.has(run.slice(0, 2)) ? 2 : 1;
  const all = syllables(run, true);
  return [all.slice(0, surnameLength).join(''), all.slice(surnameLength).join('')];
}

/** A company's Han name as one pinyin word: Chinese has no spaces to tell its words by. */
const organisationHan = (run: string): string[] => [syllables(run.replace(HAN_LEGAL_FORMS, ''), false).join('')];

const PRINTABLE_ASCII = /^[\x20-\x7e]*$/;
const ASCII_SEPARATORS = /[^a-z0-9]+/;

export function normaliseName(raw: string, kind: SubjectKind): NameForm {
  // most list names are plain ASCII: no Unicode normalisation to do (a million names load faster)
  if (PRINTABLE_ASCII.test(raw)) {
    const tokens = raw
      .toLowerCase()
      .replace(APOSTROPHES, '')
      .split(ASCII_SEPARATORS)
      .filter((t) => t !== '' && !(kind === 'organisation' && LEGAL_FORM_TOKENS.has(t)));
    return { tokens, han: '' };
  }
  const text = raw.normalize('NFKC').toLowerCase();
  let han = '';
  // 买买提·艾力: a transliterated (Uyghur, foreign) name, each part one word, no surname first
  const transliterated = TRANSLITERATED.test(text);
  const romanised = HAN.test(text)
    ? text.replace(HAN_RUN, (run) => {
        han += run;
        const words =
          kind === 'organisation'
            ? organisationHan(run)
            : transliterated
              ? [syllables(run, false).join('')]
              : personHan(run);
        return ` ${words.join(' ')} `;
      })
    : text;
  const tokens = romanised
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(UNDECOMPOSED_RE, (c) => UNDECOMPOSED[c] ?? c)
    .replace(APOSTROPHES, '')
    .split(SEPARATORS)
    .filter((t) => t !== '' && !(kind === 'organisation' && LEGAL_FORM_TOKENS.has(t)));
  return { tokens, han };
}

/**
 * The ways a name's tokens may have been split: as written, with two neighbours joined (`xiao ming`
 * is `xiaoming`), and all joined. The matcher and the index compare every variant.
 */
export function tokenVariants(tokens: readonly string[]): (readonly string[])[] {
  const variants: (readonly string[])[] = [tokens];
  if (tokens.length < 2) return variants;
  if (tokens.length <= 6) {
    for (let i = 0; i + 1 < tokens.length; i++) {
      variants.push([...tokens.slice(0, i), tokens[i]! + tokens[i + 1]!, ...tokens.slice(i + 2)]);
    }
  }
  if (tokens.length > 2) variants.push([tokens.join('')]);
  return variants;
}

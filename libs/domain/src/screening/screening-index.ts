/**
 * The screening matcher: an index of every list name by token (so one name looks at a few dozen
 * entries, not a million), then a score per candidate from the names alone, raised or lowered by
 * birth date, nationality and identifiers. Pure: the caller builds it from entries it has read.
 */
import { normaliseName, tokenVariants, type NameForm, type SubjectKind } from './normalise';
import type { ScreeningEntry } from './simple-csv';

/** Someone (or the business) to screen, as the application gives them. */
export interface ScreeningSubject {
  /** Who this is in the application, e.g. `business`, `legalRepresentative`, `beneficialOwners[bo-1]`. */
  readonly subject: string;
  readonly kind: SubjectKind;
  /** The name and any other spelling given (a Han name and its passport romanisation). */
  readonly names: readonly string[];
  /** `YYYY-MM-DD`. */
  readonly dateOfBirth?: string;
  /** ISO 3166 alpha-2. */
  readonly nationality?: string;
  readonly idNumber?: string;
}

export type Evidence = 'match' | 'conflict' | 'none';

export interface ScreeningHit {
  readonly subject: string;
  readonly entryId: string;
  readonly dataset: string;
  /** The list's name or alias that matched, as the list writes it. */
  readonly matchedName: string;
  /** 0–1, two decimals: the name score with the evidence applied. */
  readonly score: number;
  readonly nameScore: number;
  readonly evidence: { readonly birthDate: Evidence; readonly nationality: Evidence; readonly identifier: Evidence };
}

export interface ScreeningOptions {
  /** A hit is a score at or above this. */
  readonly threshold: number;
  /** How many of the best candidates per name are scored in full. */
  readonly candidatesPerName: number;
  /** A token in more entries than this is only used together with another such token. */
  readonly commonTokenEntries: number;
}

export const DEFAULT_SCREENING_OPTIONS: ScreeningOptions = {
  threshold: 0.85,
  candidatesPerName: 50,
  commonTokenEntries: 2_000,
};

/** How much each kind of evidence moves the score (names decide; these tip close calls). */
export const EVIDENCE_WEIGHTS = {
  birthDateMatch: 0.1,
  birthDateConflict: -0.2,
  nationalityMatch: 0.05,
  nationalityConflict: -0.1,
  identifierMatch: 0.3,
  /** Both names are written in Han characters, and the characters differ (homophones). */
  hanDiffers: -0.15,
} as const;

/** Which subjects an entry's schema can be: the lists also hold vessels, aircraft and addresses. */
function kindsOf(schema: string): readonly SubjectKind[] {
  switch (schema) {
    case 'Person':
      return ['person'];
    case 'Company':
    case 'Organization':
    case 'PublicBody':
      return ['organisation'];
    case 'LegalEntity':
      return ['person', 'organisation'];
    default:
      return [];
  }
}

const KIND_PREFIX: Readonly<Record<SubjectKind, string>> = { person: 'p:', organisation: 'o:' };
const ID_PREFIX = 'i:';

/** Identifiers compared as upper-case letters and digits; short ones are too ambiguous to use. */
const identifierKey = (id: string): string | undefined => {
  const key = id
    .normalize('NFKC')
    .toUpperCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
  return key.length >= 5 ? key : undefined;
};

/**
 * An entry's name forms, kept as one string per name and kind (a million entries' token arrays would
 * cost far more): `p:` or `o:`, which of its names it is (0: the name, then aliases), the tokens
 * joined by spaces, the Han characters, separated by tabs.
 */
const packForm = (kind: SubjectKind, nameIndex: number, form: NameForm): string =>
  `${KIND_PREFIX[kind]}${nameIndex}\t${form.tokens.join(' ')}\t${form.han}`;
const unpackForm = (packed: string): { readonly nameIndex: number; readonly form: NameForm } => {
  const first = packed.indexOf('\t');
  const second = packed.indexOf('\t', first + 1);
  return {
    nameIndex: Number(packed.slice(2, first)),
    form: { tokens: packed.slice(first + 1, second).split(' '), han: packed.slice(second + 1) },
  };
};

/**
 * The keys a list name is filed under: its tokens of two letters or more, as written. (Filing the
 * joined variants too would double the index for the rare list name written apart.)
 */
function listKeysOf(form: NameForm): Set<string> {
  const keys = new Set<string>();
  for (const t of form.tokens) if (t.length >= 2) keys.add(t);
  return keys;
}

/** The keys a name is looked up by: each token of two letters or more in every variant. */
function keysOf(form: NameForm): Set<string> {
  const keys = new Set<string>();
  for (const variant of tokenVariants(form.tokens)) for (const t of variant) if (t.length >= 2) keys.add(t);
  return keys;
}

export class ScreeningIndex {
  private readonly entries: ScreeningEntry[] = [];
  /** Per entry, its name then its aliases, normalised per kind it can be (`p:`/`o:` + packed form). */
  private readonly forms: string[][] = [];
  private readonly postings = new Map<string, number[]>();
  private readonly byId = new Map<string, number>();
  private scratch = new Float64Array(0);
  private touched = new Int32Array(0);

  constructor(private readonly options: ScreeningOptions = DEFAULT_SCREENING_OPTIONS) {}

  get size(): number {
    return this.entries.length;
  }

  /** The entry a hit names (its `entryId`), as the list gives it. */
  entry(id: string): ScreeningEntry | undefined {
    const n = this.byId.get(id);
    return n === undefined ? undefined : this.entries[n];
  }

  add(entry: ScreeningEntry): void {
    const kinds = kindsOf(entry.schema);
    if (kinds.length === 0) return; // not a person or an organisation: nothing to screen against
    const n = this.entries.length;
    this.entries.push(entry);
    this.byId.set(entry.id, n);
    const forms: string[] = [];
    for (const kind of kinds) {
      [entry.name, ...entry.aliases].forEach((name, nameIndex) => {
        const form = normaliseName(name, kind);
        if (form.tokens.length === 0) return;
        forms.push(packForm(kind, nameIndex, form));
        for (const key of listKeysOf(form)) this.post(KIND_PREFIX[kind] + key, n);
      });
    }
    for (const id of entry.identifiers) {
      const key = identifierKey(id);
      if (key !== undefined) this.post(ID_PREFIX + key, n);
    }
    this.forms.push(forms);
  }

  private post(key: string, n: number): void {
    const list = this.postings.get(key);
    if (list === undefined) this.postings.set(key, [n]);
    else if (list[list.length - 1] !== n) list.push(n);
  }

  /** Every hit of one subject, best first; at most one per list entry. */
  screen(subject: ScreeningSubject): ScreeningHit[] {
    const best = new Map<number, ScreeningHit>();
    const idKey = subject.idNumber === undefined ? undefined : identifierKey(subject.idNumber);
    const byId = idKey === undefined ? [] : (this.postings.get(ID_PREFIX + idKey) ?? []);
    for (const name of subject.names) {
      const form = normaliseName(name, subject.kind);
      if (form.tokens.length === 0) continue;
      const variants = tokenVariants(form.tokens);
      for (const n of new Set([...byId, ...this.candidates(form, subject.kind)])) {
        const hit = this.score(subject, form, variants, n, idKey);
        if (hit === undefined) continue;
        const previous = best.get(n);
        if (previous === undefined || previous.score < hit.score) best.set(n, hit);
      }
    }
    return [...best.values()]
      .filter((hit) => hit.score >= this.options.threshold)
      .sort((a, b) => b.score - a.score || a.entryId.localeCompare(b.entryId));
  }

  /**
   * The entries sharing the rarest keys with the name, weighted by how rare (log N / df). A common
   * key alone would bring thousands (`wang`, `mohammed`); two common keys together still count.
   */
  private candidates(form: NameForm, kind: SubjectKind): number[] {
    const total = this.entries.length;
    if (this.scratch.length < total) {
      this.scratch = new Float64Array(Math.max(total, 1024));
      this.touched = new Int32Array(Math.max(total, 1024));
    }
    // reused across calls: a fresh array per name was most of a screen's garbage (and GC its p99)
    const weight = this.scratch;
    const touched = this.touched;
    let count = 0;
    const add = (n: number, w: number): void => {
      if (weight[n] === 0) touched[count++] = n;
      weight[n] = weight[n]! + w;
    };
    const common: { list: number[]; w: number }[] = [];
    for (const key of keysOf(form)) {
      const list = this.postings.get(KIND_PREFIX[kind] + key);
      if (list === undefined) continue;
      const w = Math.log((total + 1) / list.length);
      if (list.length > this.options.commonTokenEntries) common.push({ list, w });
      else for (const n of list) add(n, w);
    }
    if (count > 0) {
      // a common key only ranks what rarer keys found (a pass over its list, no new candidates)
      for (const { list, w } of common) for (const n of list) if (weight[n]! > 0) weight[n] = weight[n]! + w;
    } else if (common.length >= 2) {
      common.sort((a, b) => a.list.length - b.list.length);
      const [a, b] = common as [{ list: number[]; w: number }, { list: number[]; w: number }];
      for (const n of intersect(a.list, b.list)) add(n, a.w + b.w);
    }
    let top = 0;
    for (let k = 0; k < count; k++) top = Math.max(top, weight[touched[k]!]!);
    // an entry sharing less than half the rarity the best one shares cannot score near it
    const near: number[] = [];
    for (let k = 0; k < count; k++) if (weight[touched[k]!]! >= top / 2) near.push(touched[k]!);
    near.sort((x, y) => weight[y]! - weight[x]! || x - y);
    const chosen = near.slice(0, this.options.candidatesPerName);
    for (let k = 0; k < count; k++) weight[touched[k]!] = 0;
    return chosen;
  }

  private score(
    subject: ScreeningSubject,
    form: NameForm,
    variants: readonly (readonly string[])[],
    n: number,
    idKey: string | undefined,
  ): ScreeningHit | undefined {
    const entry = this.entries[n]!;
    const prefix = KIND_PREFIX[subject.kind];
    let nameScore = 0;
    let matchedName = '';
    for (const packed of this.forms[n]!) {
      if (!packed.startsWith(prefix)) continue;
      const { nameIndex, form: listForm } = unpackForm(packed);
      let s = variantSimilarity(variants, listForm.tokens);
      if (form.han !== '' && listForm.han !== '' && form.han !== listForm.han) s += EVIDENCE_WEIGHTS.hanDiffers;
      if (s > nameScore) {
        nameScore = s;
        matchedName = nameIndex === 0 ? entry.name : (entry.aliases[nameIndex - 1] ?? entry.name);
      }
    }
    const identifier: Evidence =
      idKey !== undefined && entry.identifiers.some((id) => identifierKey(id) === idKey) ? 'match' : 'none';
    if (nameScore === 0 && identifier === 'none') return undefined;
    const birthDate = birthDateEvidence(subject.dateOfBirth, entry.birthDates);
    const nationality = nationalityEvidence(subject.nationality, entry.countries);
    const adjusted =
      nameScore +
      (birthDate === 'match' ? EVIDENCE_WEIGHTS.birthDateMatch : 0) +
      (birthDate === 'conflict' ? EVIDENCE_WEIGHTS.birthDateConflict : 0) +
      (nationality === 'match' ? EVIDENCE_WEIGHTS.nationalityMatch : 0) +
      (nationality === 'conflict' ? EVIDENCE_WEIGHTS.nationalityConflict : 0) +
      (identifier === 'match' ? EVIDENCE_WEIGHTS.identifierMatch : 0);
    return {
      subject: subject.subject,
      entryId: entry.id,
      dataset: entry.dataset,
      matchedName,
      score: round2(Math.min(1, Math.max(0, adjusted))),
      nameScore: round2(Math.min(1, Math.max(0, nameScore))),
      evidence: { birthDate, nationality, identifier },
    };
  }
}

function intersect(a: readonly number[], b: readonly number[]): number[] {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i]!;
    const y = b[j]!;
    if (x === y) {
      out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** A list's partial date (`1970`, `1970-05`) agrees with any full date inside it. */
export function birthDateEvidence(dateOfBirth: string | undefined, listed: readonly string[]): Evidence {
  if (dateOfBirth === undefined || dateOfBirth === '' || listed.length === 0) return 'none';
  return listed.some((d) => dateOfBirth.startsWith(d) || d.startsWith(dateOfBirth)) ? 'match' : 'conflict';
}

export function nationalityEvidence(nationality: string | undefined, countries: readonly string[]): Evidence {
  if (nationality === undefined || nationality === '' || countries.length === 0) return 'none';
  return countries.includes(nationality.toLowerCase()) ? 'match' : 'conflict';
}

/** Edit distance of two tokens (short strings), in one reused row: this runs thousands of times a screen. */
let row = new Uint16Array(64);
function levenshtein(a: string, b: string): number {
  if (b.length + 1 > row.length) row = new Uint16Array(b.length + 1);
  for (let j = 0; j <= b.length; j++) row[j] = j;
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0]!;
    row[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const above = row[j]!;
      row[j] = Math.min(above + 1, row[j - 1]! + 1, diagonal + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length]!;
}

/** 1 for the same token; less per edit; 0 below two thirds alike or for a different short token. */
export function tokenSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  const longest = Math.max(a.length, b.length);
  const shortest = Math.min(a.length, b.length);
  // a different short token, or lengths too far apart to reach two thirds
  if (shortest <= 3 || (longest - shortest) * 3 > longest) return 0;
  const s = 1 - levenshtein(a, b) / longest;
  return s >= 2 / 3 ? s : 0;
}

/** Reused per alignment: a pair's similarity, by i * width + j (names have few tokens). */
let pairScores = new Float64Array(64);

/**
 * How alike two token lists are, in any order: tokens paired best-first, each used once. The score
 * mixes how much of the shorter name is covered (a middle name the other lacks costs little) with
 * how much of both is (so extra words still cost something). A one-word name is judged on the whole.
 * Allocation-free: it runs for every variant of every candidate, and garbage here is the p99.
 */
function alignment(a: readonly string[], b: readonly string[]): number {
  const width = b.length;
  if (a.length * width > pairScores.length) pairScores = new Float64Array(a.length * width);
  let lenA = 0;
  let lenB = 0;
  for (let j = 0; j < width; j++) lenB += b[j]!.length;
  for (let i = 0; i < a.length; i++) {
    lenA += a[i]!.length;
    for (let j = 0; j < width; j++) pairScores[i * width + j] = tokenSimilarity(a[i]!, b[j]!);
  }
  let matchedA = 0;
  let matchedB = 0;
  let used = 0;
  // best pair first, then strike its row and column; at most min(|a|, |b|) rounds
  for (;;) {
    let best = 0;
    let bi = -1;
    let bj = -1;
    for (let k = 0; k < a.length * width; k++) {
      if (pairScores[k]! > best) {
        best = pairScores[k]!;
        bi = Math.floor(k / width);
        bj = k % width;
      }
    }
    if (bi < 0) break;
    used++;
    matchedA += best * a[bi]!.length;
    matchedB += best * b[bj]!.length;
    for (let j = 0; j < width; j++) pairScores[bi * width + j] = 0;
    for (let i = 0; i < a.length; i++) pairScores[i * width + bj] = 0;
  }
  const overall = (matchedA + matchedB) / (lenA + lenB);
  const [shorter, covered, shorterTokens] = lenA <= lenB ? [lenA, matchedA, a.length] : [lenB, matchedB, b.length];
  // one word against several: only the whole counts (`wang` is not `wang wei`)
  if (shorterTokens < 2 || used < 2) return overall;
  return 0.7 * (covered / shorter) + 0.3 * overall;
}

/** The best alignment over the ways each name's tokens may have been split. */
export function nameSimilarity(a: readonly string[], b: readonly string[]): number {
  if (a.length === 0 || b.length === 0) return 0;
  return variantSimilarity(tokenVariants(a), b);
}

/** The same, with the first name's variants made once (the subject's, against every candidate). */
function variantSimilarity(variantsA: readonly (readonly string[])[], b: readonly string[]): number {
  if (b.length === 0) return 0;
  let best = 0;
  for (const vb of tokenVariants(b)) {
    for (const va of variantsA) {
      const s = alignment(va, vb);
      if (s > best) best = s;
      if (best === 1) return 1;
    }
  }
  return best;
}

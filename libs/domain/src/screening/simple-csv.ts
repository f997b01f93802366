/**
 * The OpenSanctions "simple CSV" format (targets.simple.csv) read by header name into list entries.
 * Only the columns screening uses are kept; the others (addresses, phones, emails, first_seen...)
 * are ignored, and columns may come in any order.
 */
import { CsvReader, CsvSyntaxError } from './csv';

/** One row of a list: a sanctioned or exposed person, a company, or another kind of entity. */
export interface ScreeningEntry {
  readonly id: string;
  /** FollowTheMoney schema: Person, Company, Organization, LegalEntity, Vessel... */
  readonly schema: string;
  readonly name: string;
  readonly aliases: readonly string[];
  /** `YYYY`, `YYYY-MM` or `YYYY-MM-DD`, as the lists give them. */
  readonly birthDates: readonly string[];
  /** ISO 3166 alpha-2, lower case (OpenSanctions also uses a few of its own, such as `ru-ce`). */
  readonly countries: readonly string[];
  readonly identifiers: readonly string[];
  readonly sanctions: readonly string[];
  readonly dataset: string;
}

export const SIMPLE_CSV_REQUIRED_COLUMNS = ['id', 'schema', 'name'] as const;
/** Read when present: a file without them is still a list. */
export const SIMPLE_CSV_OPTIONAL_COLUMNS = [
  'aliases',
  'birth_date',
  'countries',
  'identifiers',
  'sanctions',
  'dataset',
] as const;

export const ScreeningListErrorCode = {
  /** The text is not CSV (an unclosed quote, text after a closing quote...). */
  NotCsv: 'SCREENING_LIST_NOT_CSV',
  /** A column screening needs is missing from the header. */
  MissingColumn: 'SCREENING_LIST_MISSING_COLUMN',
  /** A row has another number of fields than the header. */
  RowWidth: 'SCREENING_LIST_ROW_WIDTH',
  /** A row without an id or a name, or an id seen before. */
  BadRow: 'SCREENING_LIST_BAD_ROW',
  /** Nothing but a header (or nothing at all): refusing it keeps the previous list serving. */
  Empty: 'SCREENING_LIST_EMPTY',
  /** The file cannot be read, or is not UTF-8. */
  Unreadable: 'SCREENING_LIST_UNREADABLE',
} as const;
export type ScreeningListErrorCode = (typeof ScreeningListErrorCode)[keyof typeof ScreeningListErrorCode];

/** A list file that cannot be used as a whole; the loader keeps the version it had. */
export class ScreeningListError extends Error {
  constructor(
    readonly code: ScreeningListErrorCode,
    /** 1-based physical line of the file where it was found (0: the file as a whole). */
    readonly line: number,
    readonly reason: string,
    /** Which file, when the loader knows it. */
    readonly source?: string,
  ) {
    super(`${code}${source === undefined ? '' : ` in ${source}`} at line ${line}: ${reason}`);
    this.name = 'ScreeningListError';
  }
}

const NONE: readonly string[] = Object.freeze([]);
const multi = (value: string | undefined): readonly string[] => {
  if (value === undefined || value === '') return NONE;
  const parts = value
    .split(';')
    .map((v) => v.trim())
    .filter((v) => v !== '');
  return parts.length === 0 ? NONE : parts;
};

/**
 * Reads a simple CSV file in chunks and hands each entry on. Every row is checked, so a file that is
 * wrong anywhere throws `ScreeningListError` at `end` at the latest, and the caller never swaps in
 * half a list.
 */
export class SimpleCsvReader {
  private readonly csv: CsvReader;
  private columns: Readonly<Record<string, number>> | undefined;
  private width = 0;
  private readonly seen = new Set<string>();
  private count = 0;

  constructor(private readonly onEntry: (entry: ScreeningEntry) => void) {
    this.csv = new CsvReader((record, line) => this.row(record, line));
  }

  push(chunk: string): void {
    this.wrap(() => this.csv.push(chunk));
  }

  /** Ends the file; returns the number of entries read. */
  end(): number {
    this.wrap(() => this.csv.end());
    if (this.count === 0) throw new ScreeningListError(ScreeningListErrorCode.Empty, 0, 'no entries');
    return this.count;
  }

  private wrap(step: () => void): void {
    try {
      step();
    } catch (err) {
      if (err instanceof CsvSyntaxError)
        throw new ScreeningListError(ScreeningListErrorCode.NotCsv, err.line, err.reason);
      throw err;
    }
  }

  private row(record: string[], line: number): void {
    if (this.columns === undefined) {
      this.header(record, line);
      return;
    }
    if (record.length !== this.width) {
      throw new ScreeningListError(
        ScreeningListErrorCode.RowWidth,
        line,
        `${record.length} fields where the header has ${this.width}`,
      );
    }
    const cols = this.columns;
    const at = (name: string): string | undefined => {
      const i = cols[name];
      return i === undefined ? undefined : record[i];
    };
    const id = at('id')?.trim() ?? '';
    const name = at('name')?.trim() ?? '';
    if (id === '') throw new ScreeningListError(ScreeningListErrorCode.BadRow, line, 'a row without an id');
    if (name === '') throw new ScreeningListError(ScreeningListErrorCode.BadRow, line, `entry ${id} has no name`);
    if (this.seen.has(id)) throw new ScreeningListError(ScreeningListErrorCode.BadRow, line, `entry ${id} twice`);
    this.seen.add(id);
    this.count++;
    this.onEntry({
      id,
      schema: at('schema')?.trim() ?? '',
      name,
      aliases: multi(at('aliases')),
      birthDates: multi(at('birth_date')),
      countries: multi(at('countries')?.toLowerCase()),
      identifiers: multi(at('identifiers')),
      sanctions: multi(at('sanctions')),
      dataset: at('dataset')?.trim() ?? '',
    });
  }

  private header(record: string[], line: number): void {
    const columns: Record<string, number> = {};
    // a UTF-8 byte order mark decodes to U+FEFF in front of the first name
    record.forEach((raw, i) => {
      const name = (i === 0 ? raw.replace(/^\ufeff/, '') : raw).trim().toLowerCase();
      if (columns[name] === undefined) columns[name] = i;
    });
    for (const required of SIMPLE_CSV_REQUIRED_COLUMNS) {
      if (columns[required] === undefined) {
        throw new ScreeningListError(ScreeningListErrorCode.MissingColumn, line, `no "${required}" column`);
      }
    }
    this.columns = columns;
    this.width = record.length;
  }
}

/** Every entry of a whole simple CSV text (tests, the synthetic list). */
export function parseSimpleCsv(text: string): ScreeningEntry[] {
  const entries: ScreeningEntry[] = [];
  const reader = new SimpleCsvReader((entry) => entries.push(entry));
  reader.push(text);
  reader.end();
  return entries;
}

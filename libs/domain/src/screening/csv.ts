/**
 * An RFC 4180 CSV reader that takes its text in chunks (so a 1,000,000-row list never has to be one
 * string): quoted fields, doubled quotes, CR LF or LF line ends, and newlines inside quotes. No CSV
 * library is in node_modules, and this is the whole of what the OpenSanctions files need.
 */

/** Why a text is not CSV, and where (1-based physical line). */
export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
    this.name = 'CsvSyntaxError';
  }
}

const QUOTE = 34; // "
const COMMA = 44; // ,
const LF = 10;
const CR = 13;

type State = 'fieldStart' | 'unquoted' | 'quoted' | 'quoteInQuoted' | 'afterCr';

/** Feed chunks with `push`, then call `end`; each complete record is handed to `onRecord`. */
export class CsvReader {
  private state: State = 'fieldStart';
  private field = '';
  private record: string[] = [];
  private line = 1;
  private recordLine = 1;

  constructor(private readonly onRecord: (record: string[], line: number) => void) {}

  push(chunk: string): void {
    let start = 0; // start of the pending run of plain characters in this chunk
    const flush = (i: number): void => {
      if (i > start) this.field += chunk.slice(start, i);
    };
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.state === 'afterCr') {
        // CR LF is one line end; after a lone CR this character is the next record's first
        this.state = 'fieldStart';
        if (c === LF) {
          start = i + 1;
          continue;
        }
      }
      switch (this.state) {
        case 'fieldStart':
          if (c === QUOTE) {
            this.state = 'quoted';
            start = i + 1;
          } else if (c === COMMA) {
            this.endField();
            start = i + 1;
          } else if (c === LF || c === CR) {
            this.endRecord(c);
            start = i + 1;
          } else {
            this.state = 'unquoted';
            start = i;
          }
          break;
        case 'unquoted':
          if (c === COMMA) {
            flush(i);
            this.endField();
            this.state = 'fieldStart';
            start = i + 1;
          } else if (c === LF || c === CR) {
            flush(i);
            this.endRecord(c);
            start = i + 1;
          } else if (c === QUOTE) {
            throw new CsvSyntaxError(this.line, 'a quote inside an unquoted field');
          }
          break;
        case 'quoted':
          if (c === QUOTE) {
            flush(i);
            this.state = 'quoteInQuoted';
            start = i + 1;
          } else if (c === LF) {
            this.line++;
          }
          break;
        case 'quoteInQuoted':
          if (c === QUOTE) {
            // a doubled quote is one quote; the run restarts at this second one
            this.state = 'quoted';
            start = i;
          } else if (c === COMMA) {
            this.endField();
            this.state = 'fieldStart';
            start = i + 1;
          } else if (c === LF || c === CR) {
            this.endRecord(c);
            start = i + 1;
          } else {
            throw new CsvSyntaxError(this.line, 'text after a closing quote');
          }
          break;
      }
    }
    if (this.state === 'unquoted' || this.state === 'quoted') flush(chunk.length);
  }

  end(): void {
    switch (this.state) {
      case 'quoted':
        throw new CsvSyntaxError(this.recordLine, 'a quoted field is not closed');
      case 'unquoted':
      case 'quoteInQuoted':
        this.endRecord(LF);
        break;
      case 'fieldStart':
        // a last line without a line end, unless the text ended right after one
        if (this.record.length > 0) this.endRecord(LF);
        break;
      case 'afterCr':
        break;
    }
    this.state = 'fieldStart';
  }

  private endField(): void {
    this.record.push(this.field);
    this.field = '';
  }

  private endRecord(terminator: number): void {
    this.endField();
    const record = this.record;
    this.record = [];
    // a blank line is no record (RFC 4180 has none; files often end with one)
    if (!(record.length === 1 && record[0] === '')) this.onRecord(record, this.recordLine);
    this.line++;
    this.recordLine = this.line;
    this.state = terminator === CR ? 'afterCr' : 'fieldStart';
  }
}

/** All records of a whole text (tests, small files). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  const reader = new CsvReader((record) => records.push(record));
  reader.push(text);
  reader.end();
  return records;
}

import { CsvReader, CsvSyntaxError, parseCsv } from './csv';

describe('RFC 4180 CSV', () => {
  it.each([
    [
      'plain fields',
      'a,b,c\n1,2,3\n',
      [
        ['a', 'b', 'c'],
        ['1', '2', '3'],
      ],
    ],
    [
      'CR LF line ends',
      'a,b\r\n1,2\r\n',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    [
      'no line end after the last record',
      'a,b\n1,2',
      [
        ['a', 'b'],
        ['1', '2'],
      ],
    ],
    ['empty fields', ',a,,\n', [['', 'a', '', '']]],
    ['a quoted comma', '"x,y",z\n', [['x,y', 'z']]],
    ['doubled quotes', '"say ""hi""",b\n', [['say "hi"', 'b']]],
    [
      'a newline inside quotes',
      '"line 1\nline 2",b\r\nc,d\n',
      [
        ['line 1\nline 2', 'b'],
        ['c', 'd'],
      ],
    ],
    ['a CR LF inside quotes', '"1\r\n2"\n', [['1\r\n2']]],
    ['an empty quoted field', '"",x\n', [['', 'x']]],
    ['blank lines between records', 'a\n\nb\n\n', [['a'], ['b']]],
    ['Han characters and emoji', '王小明,😀\n', [['王小明', '😀']]],
  ])('reads %s', (_, text, records) => {
    expect(parseCsv(text)).toEqual(records);
  });

  it('gives the same records however the text is cut into chunks', () => {
    const text = 'id,name\r\n1,"Quillan, ""Z"" \r\nZorvath"\r\n2,甄假名\n3,"x"\n';
    const whole = parseCsv(text);
    for (let cut = 1; cut < text.length; cut++) {
      const records: string[][] = [];
      const reader = new CsvReader((r) => records.push(r));
      reader.push(text.slice(0, cut));
      reader.push(text.slice(cut));
      reader.end();
      expect(records).toEqual(whole);
    }
    const oneByOne: string[][] = [];
    const reader = new CsvReader((r) => oneByOne.push(r));
    for (const c of text) reader.push(c);
    reader.end();
    expect(oneByOne).toEqual(whole);
  });

  it('tells the line each record starts on', () => {
    const lines: number[] = [];
    const reader = new CsvReader((_, line) => lines.push(line));
    reader.push('a\n"b\nb"\nc\n');
    reader.end();
    expect(lines).toEqual([1, 2, 4]);
  });

  it.each([
    ['an unclosed quote', 'a,b\n"open,c\n', 2, 'a quoted field is not closed'],
    ['text after a closing quote', '"a"b,c\n', 1, 'text after a closing quote'],
    ['a quote inside an unquoted field', 'a\nab"c\n', 2, 'a quote inside an unquoted field'],
  ])('refuses %s, naming the line', (_, text, line, reason) => {
    const read = (): string[][] => parseCsv(text);
    expect(read).toThrow(CsvSyntaxError);
    expect(read).toThrow(expect.objectContaining({ line, reason }));
  });
});

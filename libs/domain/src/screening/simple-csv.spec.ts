import { parseSimpleCsv, ScreeningListError, ScreeningListErrorCode } from './simple-csv';

describe('OpenSanctions simple CSV', () => {
  it('reads columns by header name, in any order, splitting multi-values on ;', () => {
    const text = [
      'dataset,name,id,aliases,countries,schema,birth_date,identifiers,phones',
      'test_list,Zorvath Quillan,e-1,"Quillan Zorvath; Z. Quillan",RU;cy,Person,1971;1971-03-14,A1;B2,+7 000',
    ].join('\n');
    expect(parseSimpleCsv(text)).toEqual([
      {
        id: 'e-1',
        schema: 'Person',
        name: 'Zorvath Quillan',
        aliases: ['Quillan Zorvath', 'Z. Quillan'],
        birthDates: ['1971', '1971-03-14'],
        countries: ['ru', 'cy'],
        identifiers: ['A1', 'B2'],
        sanctions: [],
        dataset: 'test_list',
      },
    ]);
  });

  it('needs only id, schema and name (and ignores a byte order mark)', () => {
    expect(parseSimpleCsv('\ufeffid,schema,name\ne-1,Company,Acme\n')).toEqual([
      expect.objectContaining({ id: 'e-1', name: 'Acme', aliases: [], countries: [], dataset: '' }),
    ]);
  });

  it.each([
    ['is not CSV', 'id,schema,name\n"e-1,Person,X\n', ScreeningListErrorCode.NotCsv, 2],
    ['lacks a name column', 'id,schema,caption\ne-1,Person,X\n', ScreeningListErrorCode.MissingColumn, 1],
    ['has a row of another width', 'id,schema,name\ne-1,Person,X\ne-2,Person\n', ScreeningListErrorCode.RowWidth, 3],
    ['has a row without an id', 'id,schema,name\n,Person,X\n', ScreeningListErrorCode.BadRow, 2],
    ['has a row without a name', 'id,schema,name\ne-1,Person, \n', ScreeningListErrorCode.BadRow, 2],
    ['has an id twice', 'id,schema,name\ne-1,Person,X\ne-1,Person,Y\n', ScreeningListErrorCode.BadRow, 3],
    ['has no entries', 'id,schema,name\n', ScreeningListErrorCode.Empty, 0],
    ['is empty', '', ScreeningListErrorCode.Empty, 0],
  ])('refuses a file that %s', (_, text, code, line) => {
    const read = (): unknown => parseSimpleCsv(text);
    expect(read).toThrow(ScreeningListError);
    expect(read).toThrow(expect.objectContaining({ code, line }));
  });
});

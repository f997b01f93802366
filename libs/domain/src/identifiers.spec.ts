import {
  isAcceptableIdNumber,
  isCalendarDate,
  isDateTime,
  isValidResidentId,
  isValidUscc,
  passesLuhn,
} from './identifiers';

describe('identifier checks (vectors from product.md)', () => {
  it.each(['91350100M000100Y43', '91512081MA62K0260E', '9131000063159284XQ'])('USCC %s is valid', (code) => {
    expect(isValidUscc(code)).toBe(true);
  });
  it.each(['91350100M000100Y4Z', '91350100M000100Y4', '9135010OM000100Y43', ''])('USCC %s is invalid', (code) => {
    expect(isValidUscc(code)).toBe(false);
  });

  it.each(['11010519491231002X', '11010519491231002x', '440524188001010014', '34052419800101001X'])(
    'resident id %s is valid',
    (id) => expect(isValidResidentId(id)).toBe(true),
  );
  it.each([
    '110105194912310021', // wrong check digit
    '110105194902300023', // 30 February
    '11010519491231002', // too short
  ])('resident id %s is invalid', (id) => expect(isValidResidentId(id)).toBe(false));

  it.each(['79927398713', '4111111111111111'])('Luhn accepts %s', (n) => expect(passesLuhn(n)).toBe(true));
  it.each(['79927398710', '4111111111111112', 'abc'])('Luhn rejects %s', (n) => expect(passesLuhn(n)).toBe(false));
});

describe('RFC 3339 date-times', () => {
  it.each([
    '2026-12-07T12:00:00Z',
    '2026-12-07t12:00:00z',
    '2026-12-07T12:00:00.123456+08:00',
    '1990-12-31T23:59:60Z',
    '2024-02-29T00:00:00-23:59',
  ])('accepts %s', (value) => expect(isDateTime(value)).toBe(true));
  it.each([
    '2026-12-07',
    '2026-12-07 12:00:00Z',
    '2026-02-30T12:00:00Z',
    '2026-12-07T24:00:00Z',
    '2026-12-07T12:60:00Z',
    '2026-12-07T12:00:61Z',
    '2026-12-07T12:00:00',
    '2026-12-07T12:00:00+24:00',
    '2026-12-07T12:00Z',
  ])('refuses %s', (value) => expect(isDateTime(value)).toBe(false));
});

describe('calendar dates', () => {
  it.each(['2035-12-31', '2036-02-29', '2000-02-29', '1999-01-01'])('%s is a date', (d) =>
    expect(isCalendarDate(d)).toBe(true),
  );
  it.each([
    '2035-02-30',
    '2034-02-29',
    '1900-02-29',
    '2035-04-31',
    '2035-13-01',
    '2035-00-10',
    '2035-1-1',
    '35-01-01',
    '',
  ])('%s is not a date', (d) => expect(isCalendarDate(d)).toBe(false));
});

describe('ID numbers whatever their declared type', () => {
  it.each([
    ['resident_id', '110105194912310021', false],
    [undefined, '110105194912310021', false], // looks like a resident ID: its check digit must hold
    [undefined, '11010519491231002X', true],
    [undefined, 'E12345678', true], // a passport number
    ['passport', 'E12345678', true],
    ['resident_id', 'E12345678', false],
  ] as const)('%s %s valid: %s', (idType, idNumber, valid) =>
    expect(isAcceptableIdNumber(idType, idNumber)).toBe(valid),
  );
});

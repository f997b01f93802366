import { isValidResidentId, isValidUscc, passesLuhn } from './identifiers';

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

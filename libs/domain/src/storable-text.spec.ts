import { escapeUnstorable, isStorableText, toStorableText } from './storable-text';

const NUL = String.fromCharCode(0);

describe('text PostgreSQL can store', () => {
  it.each([
    ['NUL', `x${NUL}y`, 'x\\u0000y'],
    ['a lone high surrogate', 'x\ud83dy', 'x\\ud83dy'],
    ['a lone low surrogate', 'x\ude00y', 'x\\ude00y'],
    ['a reversed pair', '\ude00\ud83d', '\\ude00\\ud83d'],
  ])('refuses %s, and escapes it for messages', (_, text, escaped) => {
    expect(isStorableText(text)).toBe(false);
    expect(escapeUnstorable(text)).toBe(escaped);
  });

  it.each([['plain'], ['中文'], ['😀 as a pair'], ['\u0001 other controls \ufffe\uffff']])('keeps %s', (text) => {
    expect(isStorableText(text)).toBe(true);
    expect(toStorableText(text)).toEqual({ text, replaced: 0 });
  });

  it('replaces each unstorable character with U+FFFD and counts them', () => {
    expect(toStorableText(`a${NUL}b\ud83dc😀\ude00${NUL}`)).toEqual({
      text: 'a\ufffdb\ufffdc😀\ufffd\ufffd',
      replaced: 4,
    });
    expect(isStorableText(toStorableText(`${NUL}\ud83d`).text)).toBe(true);
  });
});

/**
 * Text PostgreSQL can store: the one rule the HTTP edge refuses by and the transition writer repairs
 * by. Measured on the PostgreSQL the tests run (test/integration/unstorable-text.test.ts): `text`
 * refuses U+0000, `jsonb` refuses the `\u0000` escape and an unpaired surrogate escape (`\ud83d`),
 * and an unpaired surrogate sent to a `text` column is silently stored as U+FFFD (corruption, not
 * storage). Every other code unit, and astral characters as pairs, is stored as sent.
 */

const NUL = String.fromCharCode(0);
/** A high surrogate not followed by a low one, a low surrogate not preceded by a high one. */
const LONE_SURROGATES = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const REPLACEMENT = '\ufffd';

export const isStorableText = (text: string): boolean => !text.includes(NUL) && text.search(LONE_SURROGATES) === -1;

/** The text with each unstorable character written as its `\uXXXX` escape (for field names and messages). */
export const escapeUnstorable = (text: string): string =>
  text
    .replaceAll(NUL, '\\u0000')
    .replace(LONE_SURROGATES, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

/** The text with each unstorable character replaced by U+FFFD, and how many were. */
export function toStorableText(text: string): { readonly text: string; readonly replaced: number } {
  let replaced = 0;
  const parts = text.split(NUL);
  replaced += parts.length - 1;
  const out = parts.join(REPLACEMENT).replace(LONE_SURROGATES, () => {
    replaced++;
    return REPLACEMENT;
  });
  return { text: out, replaced };
}

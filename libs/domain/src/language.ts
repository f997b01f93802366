/** The languages the API and the console speak, and how a language tag maps to one of them. */

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'en';

/** A text in every language: a catalogue entry missing one does not compile. */
export type Localized = Readonly<Record<Language, string>>;

/**
 * The language a BCP 47 tag asks for, or null when it is none of ours: `zh`, `zh-CN` and
 * `zh-Hans…` are Simplified Chinese; `en` and `en-…` English. Other Chinese (`zh-TW`, `zh-Hant`)
 * is not ours: an answer in Simplified Chinese would be the wrong script.
 */
export function languageOfTag(tag: string): Language | null {
  const t = tag.trim().toLowerCase();
  if (t === 'zh' || t === 'zh-cn' || t === 'zh-hans' || t.startsWith('zh-hans-')) return 'zh-CN';
  if (t === 'en' || t.startsWith('en-')) return 'en';
  return null;
}

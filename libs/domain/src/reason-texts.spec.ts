import { LANGUAGES, languageOfTag, type Localized } from './language';
import { DOCUMENT_TYPES, REASON_TARGETS } from './profile';
import {
  FINAL_REJECTION_CODE_TEXTS,
  REASON_TARGET_LABELS,
  reasonTargetLabel,
  RESUBMITTABLE_CODE_TEXTS,
} from './reason-texts';
import { FINAL_REJECTION_CODES, RESUBMITTABLE_CODES } from './reasons';

const HAN = /\p{Script=Han}/u;

/** Both languages, each a real text in its own script. */
function expectBothLanguages(entry: Localized | undefined): void {
  expect(entry).toBeDefined();
  expect(Object.keys(entry!).sort()).toEqual([...LANGUAGES].sort());
  expect(entry!.en.trim()).not.toBe('');
  expect(entry!.en).not.toMatch(HAN);
  expect(entry!['zh-CN']).toMatch(HAN);
}

describe('reason catalogue texts', () => {
  it.each(RESUBMITTABLE_CODES.map((c) => [c]))('resubmittable %s has a text in every language', (code) => {
    expectBothLanguages(RESUBMITTABLE_CODE_TEXTS[code]);
  });

  it.each(FINAL_REJECTION_CODES.map((c) => [c]))('final rejection %s has a text in every language', (code) => {
    expectBothLanguages(FINAL_REJECTION_CODE_TEXTS[code]);
  });

  it.each(REASON_TARGETS.map((t) => [t]))('target %s has a label in every language', (target) => {
    expectBothLanguages(REASON_TARGET_LABELS[target]);
  });

  it('has exactly the codes and targets the domain accepts, no stale entries', () => {
    expect(Object.keys(RESUBMITTABLE_CODE_TEXTS).sort()).toEqual([...RESUBMITTABLE_CODES].sort());
    expect(Object.keys(FINAL_REJECTION_CODE_TEXTS).sort()).toEqual([...FINAL_REJECTION_CODES].sort());
    expect(Object.keys(REASON_TARGET_LABELS).sort()).toEqual([...REASON_TARGETS].sort());
    for (const type of DOCUMENT_TYPES) expect(REASON_TARGET_LABELS).toHaveProperty(type);
  });

  it('gives each code and target its own text', () => {
    for (const table of [RESUBMITTABLE_CODE_TEXTS, FINAL_REJECTION_CODE_TEXTS, REASON_TARGET_LABELS]) {
      for (const language of LANGUAGES) {
        const texts = Object.values<Localized>(table).map((t) => t[language]);
        expect(new Set(texts).size).toBe(texts.length);
      }
    }
  });
});

describe('languageOfTag', () => {
  it.each([
    ['zh', 'zh-CN'],
    ['zh-CN', 'zh-CN'],
    ['ZH-cn', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh-Hans-SG', 'zh-CN'],
    ['en', 'en'],
    ['en-US', 'en'],
    ['EN-gb', 'en'],
    ['zh-TW', null],
    ['zh-Hant', null],
    ['zh-HK', null],
    ['zh-Hansx', null],
    ['fr', null],
    ['english', null],
    ['*', null],
    ['', null],
  ] as const)('%s → %s', (tag, language) => {
    expect(languageOfTag(tag)).toBe(language);
  });
});

describe('per-owner target labels', () => {
  it.each([
    ['beneficialOwners[owner-1].idNumber', 'en', 'Beneficial owner owner-1: ID number'],
    ['beneficialOwners[owner-1].idNumber', 'zh-CN', '受益所有人 owner-1：证件号码'],
    ['beneficialOwners[o2]', 'en', 'Beneficial owner o2'],
    ['beneficial_owner_id[o2]', 'en', "Beneficial owner o2's ID document"],
    ['business.uscc', 'en', 'Unified social credit code'],
    ['beneficialOwners[o2].constructor', 'en', undefined],
    ['constructor', 'en', undefined],
  ] as const)('%s in %s', (target, language, label) => {
    expect(reasonTargetLabel(target, language)).toBe(label);
  });
});

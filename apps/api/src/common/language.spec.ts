import { negotiateLanguage } from './language';

describe('negotiateLanguage (Accept-Language)', () => {
  it.each([
    [undefined, 'en'],
    ['', 'en'],
    ['zh-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh-TW', 'en'],
    ['fr', 'en'],
    ['*', 'en'],
    ['en-US,en;q=0.9,zh-CN;q=0.8', 'en'],
    // Most preferred first, whatever the order written.
    ['en;q=0.5, zh;q=0.9', 'zh-CN'],
    ['zh-CN;q=0.4, en-GB', 'en'],
    // Equal weights: the order written.
    ['zh;q=0.8, en;q=0.8', 'zh-CN'],
    // A language of ours further down the list is better than the default.
    ['fr-FR, de;q=0.9, zh-Hans;q=0.5', 'zh-CN'],
    ['zh-TW, zh;q=0.8', 'zh-CN'],
    ['zh-TW, *;q=0.5, zh;q=0.1', 'en'],
    // q=0 means "not this one"; an unreadable q counts as not acceptable.
    ['zh;q=0, en;q=0.1', 'en'],
    ['zh;q=0', 'en'],
    ['zh;q=high', 'en'],
    ['zh;q=1.5', 'en'],
    ['  zh-cn ; q=1.0 ', 'zh-CN'],
    [',,;q=1,', 'en'],
  ])('%p → %s', (header, language) => {
    expect(negotiateLanguage(header)).toBe(language);
  });
});

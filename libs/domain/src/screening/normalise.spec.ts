import { normaliseName, tokenVariants } from './normalise';
import { birthDateEvidence, nameSimilarity, nationalityEvidence, tokenSimilarity } from './screening-index';

describe('screening name normalisation', () => {
  it.each([
    ['case and punctuation', 'QUILLAN, Zorvath.', 'person', ['quillan', 'zorvath'], ''],
    ['diacritics', 'Aurélie Çelik-Ñúñez', 'person', ['aurelie', 'celik', 'nunez'], ''],
    ['letters NFD does not split', 'Søren Łukasz Straße', 'person', ['soren', 'lukasz', 'strasse'], ''],
    ['apostrophes join', "Seán O'Sampla", 'person', ['sean', 'osampla'], ''],
    ['full-width letters (NFKC)', 'ＦＵＬＬＷＩＤＴＨ Ｔｅｓｔｅｒ', 'person', ['fullwidth', 'tester'], ''],
    ['a Han name as surname and given name', '甄假名', 'person', ['zhen', 'jiaming'], '甄假名'],
    ['a compound surname', '欧阳示例', 'person', ['ouyang', 'shili'], '欧阳示例'],
    ['a surname reading', '单演示', 'person', ['shan', 'yanshi'], '单演示'],
    ['ü as u', '吕测试', 'person', ['lu', 'ceshi'], '吕测试'],
    ['Han with a middle dot', '买买提·虚构江', 'person', ['maimaiti', 'xugoujiang'], '买买提虚构江'],
    [
      'a company without its legal form',
      'Quillan Shell Trading Co., Ltd.',
      'organisation',
      ['quillan', 'shell', 'trading'],
      '',
    ],
    ['a Chinese company as one word', '虚构贸易有限公司', 'organisation', ['xugoumaoyi'], '虚构贸易有限公司'],
    ['legal forms stay in a person name', 'Co Ltd', 'person', ['co', 'ltd'], ''],
  ] as const)('%s: %s', (_, raw, kind, tokens, han) => {
    expect(normaliseName(raw, kind)).toEqual({ tokens, han });
  });

  it('offers the ways tokens may have been split', () => {
    expect(tokenVariants(['zhen', 'jia', 'ming'])).toEqual([
      ['zhen', 'jia', 'ming'],
      ['zhenjia', 'ming'],
      ['zhen', 'jiaming'],
      ['zhenjiaming'],
    ]);
    expect(tokenVariants(['one'])).toEqual([['one']]);
  });
});

describe('screening similarity', () => {
  it.each([
    ['the same token', 'quillan', 'quillan', 1],
    ['one edit in seven', 'quillan', 'quilan', 0.86],
    ['short tokens must be equal', 'lu', 'li', 0],
    ['too far apart', 'zorvath', 'morvan', 0],
  ])('token: %s', (_, a, b, s) => {
    expect(tokenSimilarity(a, b)).toBeCloseTo(s, 2);
  });

  it.each([
    ['word order', ['zorvath', 'quillan'], ['quillan', 'zorvath'], 1],
    ['a split given name', ['zhen', 'jia', 'ming'], ['zhen', 'jiaming'], 1],
    ['a missing middle name costs a little', ['ivan', 'primerov'], ['ivan', 'ivanovich', 'primerov'], 0.92],
    ['one token against two is judged on the whole', ['quillan'], ['zorvath', 'quillan'], 0.67],
    ['nothing in common', ['ada', 'lovelace'], ['zorvath', 'quillan'], 0],
  ])('names: %s', (_, a, b, s) => {
    expect(nameSimilarity(a, b)).toBeCloseTo(s, 2);
  });

  it.each([
    ['1980-06-01', ['1980-06-01'], 'match'],
    ['1980-06-01', ['1980'], 'match'],
    ['1980-06-01', ['1979', '1980-06'], 'match'],
    ['1980-06-01', ['1981'], 'conflict'],
    [undefined, ['1981'], 'none'],
    ['1980-06-01', [], 'none'],
  ] as const)('birth date %s against %j: %s', (dob, listed, evidence) => {
    expect(birthDateEvidence(dob, listed)).toBe(evidence);
  });

  it.each([
    ['CN', ['cn', 'hk'], 'match'],
    ['CN', ['ru'], 'conflict'],
    ['CN', [], 'none'],
  ] as const)('nationality %s against %j: %s', (nationality, countries, evidence) => {
    expect(nationalityEvidence(nationality, countries)).toBe(evidence);
  });
});

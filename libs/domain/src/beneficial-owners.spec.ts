import { ownerRuleBreaches, ownerShapeErrors, ownershipTotal } from './beneficial-owners';
import { currentlyDue, runPrechecks, type PrecheckContext } from './prechecks';
import { complete, doc, owner } from './profile.fixture';
import type { BeneficialOwner } from './profile';

const ctx: PrecheckContext = { today: '2026-11-22', duplicateUscc: false, duplicateDocuments: [] };
const holding = (id: string, ownershipPercent: number): BeneficialOwner => owner({ id, ownershipPercent });
const controlling = (id: string, control: BeneficialOwner['control']): BeneficialOwner =>
  owner({ id, control, ownershipPercent: undefined });

describe('beneficial owners: shape (a 400 at the edge)', () => {
  it.each<[string, BeneficialOwner[], string[]]>([
    ['one owner of the whole', [owner()], []],
    [
      'shares summing to exactly 100 in hundredths',
      [holding('a', 33.33), holding('b', 33.33), holding('c', 33.34)],
      [],
    ],
    ['no owner', [], ['beneficialOwners']],
    ['eleven owners', Array.from({ length: 11 }, (_, i) => holding(`o${i}`, 1)), ['beneficialOwners']],
    ['a sum over 100', [holding('a', 60), holding('b', 40.01)], ['beneficialOwners']],
    ['a duplicate id', [holding('a', 10), holding('a', 20)], ['beneficialOwners[1].id']],
    ['an id that is no owner id', [owner({ id: 'owner 1' })], ['beneficialOwners[0].id']],
    ['an id too long', [owner({ id: 'x'.repeat(29) })], ['beneficialOwners[0].id']],
    [
      'ownership without a percentage',
      [owner({ ownershipPercent: undefined })],
      ['beneficialOwners[0].ownershipPercent'],
    ],
    ['three decimals', [owner({ ownershipPercent: 50.005 })], ['beneficialOwners[0].ownershipPercent']],
    ['over 100 for one owner', [owner({ ownershipPercent: 101 })], ['beneficialOwners[0].ownershipPercent']],
    ['a senior manager needs no percentage', [controlling('m', 'senior_manager')], []],
  ])('%s', (_, owners, fields) => {
    expect(ownerShapeErrors(owners).map((e) => e.field)).toEqual(fields);
  });

  it('sums exactly, in hundredths', () => {
    expect(ownershipTotal([holding('a', 0.1), holding('b', 0.2)])).toBe(0.3);
    expect(ownershipTotal([controlling('m', 'other_control')])).toBe(0);
  });
});

describe('beneficial owners: rules (a warning for the reviewer)', () => {
  it.each<[string, BeneficialOwner[], string[]]>([
    ['one owner of the whole', [owner()], []],
    ['60 % and 30 %', [holding('a', 60), holding('b', 30)], []],
    [
      'nobody reaches 25 %, one controls by other means',
      [
        holding('a', 20),
        holding('b', 20),
        holding('c', 20),
        holding('d', 20),
        holding('e', 20),
        controlling('x', 'other_control'),
      ],
      [],
    ],
    ['nobody reaches 25 %, no controller: the senior manager', [controlling('m', 'senior_manager')], []],
    ['an undeclared share that could hide an owner', [holding('a', 60)], ['beneficialOwners']],
    [
      'nobody who qualifies',
      [holding('a', 20), holding('b', 20), holding('c', 20), holding('d', 20), holding('e', 20)],
      ['beneficialOwners'],
    ],
    [
      'a senior manager although an owner is known',
      [owner(), controlling('m', 'senior_manager')],
      ['beneficialOwners[m].control'],
    ],
    [
      'a senior manager although a controller is known',
      [controlling('x', 'other_control'), controlling('m', 'senior_manager')],
      ['beneficialOwners[m].control'],
    ],
  ])('%s', (_, owners, targets) => {
    expect(ownerRuleBreaches(owners).map((b) => b.target)).toEqual(targets);
  });

  it('is a warning finding in the prechecks: medium risk, still a review', () => {
    const result = runPrechecks(complete({ beneficialOwners: [holding('owner-1', 60)] }), ctx);
    expect(result.findings).toEqual([
      expect.objectContaining({ code: 'BENEFICIAL_OWNER_RULE', severity: 'warning', target: 'beneficialOwners' }),
    ]);
    expect(result).toMatchObject({ riskLevel: 'medium', outcome: { kind: 'review' } });
  });
});

describe('beneficial owners: what is due and the identifier checks', () => {
  it.each<[string, Parameters<typeof complete>[0], string[]]>([
    ['nothing, with one owner and its document', {}, []],
    ['the owners, when none is listed', { beneficialOwners: [] }, ['beneficialOwners']],
    [
      'each owner’s ID document, by owner id',
      { beneficialOwners: [owner(), holding('owner-2', 0)] },
      ['beneficial_owner_id[owner-2]'],
    ],
    [
      'an owner’s missing fields, by owner id',
      { beneficialOwners: [{ id: 'owner-1', control: 'ownership' }] },
      ['name', 'idType', 'idNumber', 'idExpiry', 'dateOfBirth', 'nationality', 'ownershipPercent'].map(
        (f) => `beneficialOwners[owner-1].${f}`,
      ),
    ],
    [
      'the authorisation letter when the applicant is not the legal representative',
      { applicant: { name: 'Han Meimei', isLegalRepresentative: false } },
      ['authorization_letter'],
    ],
    ['no letter when the applicant is the legal representative', { applicant: { isLegalRepresentative: true } }, []],
    ['no letter for a client that names no applicant', { applicant: undefined }, []],
  ])('due: %s', (_, overrides, due) => {
    expect(currentlyDue(complete(overrides))).toEqual(due);
  });

  it('missing owners and owner documents are blocking findings', () => {
    const none = runPrechecks(complete({ beneficialOwners: [] }), ctx);
    expect(none.findings).toEqual([
      expect.objectContaining({ code: 'INCOMPLETE_INFORMATION', target: 'beneficialOwners' }),
    ]);
    const withoutOwnerDoc = { ...complete().documents, 'beneficial_owner_id[owner-1]': undefined };
    const undocumented = runPrechecks(complete({ documents: withoutOwnerDoc }), ctx);
    expect(undocumented.findings).toEqual([
      expect.objectContaining({ code: 'MISSING_DOCUMENT', target: 'beneficial_owner_id[owner-1]' }),
    ]);
  });

  it('checks an owner’s resident ID and expiry like the legal representative’s', () => {
    const result = runPrechecks(
      complete({ beneficialOwners: [owner({ idNumber: '110105194912310021', idExpiry: '2020-01-01' })] }),
      ctx,
    );
    expect(result.findings.map((f) => [f.code, f.target])).toEqual([
      ['INVALID_IDENTIFIER', 'beneficialOwners[owner-1].idNumber'],
      ['DOCUMENT_EXPIRED', 'beneficialOwners[owner-1].idExpiry'],
    ]);
    expect(
      runPrechecks(complete({ beneficialOwners: [owner({ idType: 'passport', idNumber: 'E1234567' })] }), ctx).findings,
    ).toEqual([]);
  });

  it('judges an owner document’s file like any other', () => {
    const bad = { ...doc('x'), mediaType: 'text/plain' };
    const result = runPrechecks(
      complete({ documents: { ...complete().documents, 'beneficial_owner_id[owner-1]': bad } }),
      ctx,
    );
    expect(result.findings).toEqual([
      expect.objectContaining({ code: 'DOCUMENT_UNREADABLE', target: 'beneficial_owner_id[owner-1]' }),
    ]);
  });
});

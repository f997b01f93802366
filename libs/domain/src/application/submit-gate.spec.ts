import type { ApplicationProfile } from '../profile';
import { complete } from '../profile.fixture';
import type { ApplicationStatus } from './model';
import { submitBlockers, type SubmitBlocker } from './submit-gate';

const withoutBankProof = { ...complete().documents, bank_account_proof: undefined };

const CASES: [string, ApplicationStatus, ApplicationProfile, SubmitBlocker[]][] = [
  ['a complete draft passes', 'draft', complete(), []],
  [
    'a missing field is required',
    'draft',
    complete({ business: { ...complete().business, uscc: '  ' } }),
    [{ field: 'business.uscc', message: 'is required' }],
  ],
  [
    'no capabilities are required',
    'draft',
    complete({ capabilities: [] }),
    [{ field: 'capabilities', message: 'is required' }],
  ],
  [
    'a missing document is missing',
    'draft',
    complete({ documents: withoutBankProof }),
    [{ field: 'bank_account_proof', message: 'document is missing' }],
  ],
  [
    "a restricted category's missing licence is left to the prechecks",
    'draft',
    complete({ business: { ...complete().business, mcc: '5912' } }),
    [],
  ],
  [
    'an owner document is missing',
    'draft',
    complete({ documents: { ...complete().documents, 'beneficial_owner_id[owner-1]': undefined } }),
    [{ field: 'beneficial_owner_id[owner-1]', message: 'document is missing' }],
  ],
  [
    'no owners are required',
    'draft',
    complete({ beneficialOwners: [] }),
    [{ field: 'beneficialOwners', message: 'is required' }],
  ],
  [
    'an applicant who is not the legal representative owes the letter',
    'draft',
    complete({ applicant: { isLegalRepresentative: false } }),
    [{ field: 'authorization_letter', message: 'document is missing' }],
  ],
  ['only a draft is gated: changes requested', 'changes_requested', {}, []],
  ['only a draft is gated: in review', 'in_review', {}, []],
];

describe('the submit gate', () => {
  it.each(CASES)('%s', (_name, status, profile, blockers) => {
    expect(submitBlockers(status, profile)).toEqual(blockers);
  });

  it('an empty draft is blocked by each required field and document, never the licence', () => {
    const fields = submitBlockers('draft', {}).map((b) => b.field);
    expect(fields).toEqual(
      expect.arrayContaining(['business.legalName', 'bankAccount.accountNumber', 'capabilities', 'business_license']),
    );
    expect(fields).not.toContain('industry_license');
  });
});

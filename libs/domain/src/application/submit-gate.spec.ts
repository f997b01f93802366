import type { ApplicationProfile } from '../profile';
import type { ApplicationStatus } from './model';
import { submitBlockers, type SubmitBlocker } from './submit-gate';

const doc = (type: string) => ({
  documentId: `${type}-id`,
  sha256: 'f'.repeat(64),
  mediaType: 'application/pdf',
  size: 1,
});
function complete(overrides: Partial<ApplicationProfile> = {}): ApplicationProfile {
  return {
    business: {
      legalName: 'Fuzhou Example Trading Co., Ltd.',
      uscc: '91350100M000100Y43',
      registeredAddress: '1 Wusi Rd, Fuzhou',
      mcc: '5411',
      contactEmail: 'finance@example.com',
      contactPhone: '+86 591 8888 8888',
      expectedMonthlyVolume: 200_000,
    },
    legalRepresentative: {
      name: 'Li Lei',
      idType: 'resident_id',
      idNumber: '11010519491231002X',
      idExpiry: '2035-12-31',
    },
    bankAccount: {
      holderName: 'Fuzhou Example',
      bankName: 'ICBC',
      accountNumber: '4111111111111111',
      accountType: 'corporate',
    },
    capabilities: ['qr_payments'],
    documents: {
      business_license: doc('business_license'),
      legal_rep_id_front: doc('legal_rep_id_front'),
      legal_rep_id_back: doc('legal_rep_id_back'),
      bank_account_proof: doc('bank_account_proof'),
    },
    ...overrides,
  };
}
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

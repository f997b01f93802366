import {
  changedPaths,
  isCoveredBy,
  isValidTarget,
  mergeProfile,
  type PROFILE_FIELDS,
  REASON_TARGETS,
  type ApplicationProfile,
  type BankAccount,
  type BusinessProfile,
  type LegalRepresentative,
  type ProfileSection,
} from './profile';

const doc = (id: string) => ({ documentId: id, sha256: id.padEnd(64, '0'), mediaType: 'application/pdf', size: 10 });
const profile: ApplicationProfile = {
  business: { legalName: 'A Co', uscc: '91350100M000100Y43' },
  bankAccount: { accountNumber: '6222020200112345678', holderName: 'A Co' },
  capabilities: ['qr_payments'],
  documents: { business_license: doc('a') },
};

describe('profile diff and targeting', () => {
  it('lists changed field paths, documents by type', () => {
    const next = mergeProfile(profile, {
      business: { legalName: 'A Company' },
      documents: { business_license: doc('b'), bank_account_proof: doc('c') },
    });
    expect(next.business?.uscc).toBe(profile.business?.uscc);
    expect(changedPaths(profile, next)).toEqual([
      'business.legalName',
      'documents.bank_account_proof',
      'documents.business_license',
    ]);
    expect(changedPaths(profile, mergeProfile(profile, { capabilities: ['qr_payments', 'e_invoices'] }))).toEqual([
      'capabilities',
    ]);
    expect(changedPaths(profile, mergeProfile(profile, {}))).toEqual([]);
    // Absent fields (as validation DTOs carry them: present but undefined) never erase stored ones.
    expect(
      changedPaths(profile, mergeProfile(profile, { business: { legalName: undefined, uscc: '91512081MA62K0260E' } })),
    ).toEqual(['business.uscc']);
  });

  it('a section target opens its fields; a document type opens that document only', () => {
    expect(isCoveredBy('bankAccount.accountNumber', ['bankAccount'])).toBe(true);
    expect(isCoveredBy('bankAccount.accountNumber', ['bankAccount.holderName'])).toBe(false);
    expect(isCoveredBy('documents.business_license', ['business_license'])).toBe(true);
    expect(isCoveredBy('documents.bank_account_proof', ['business_license'])).toBe(false);
    expect(isCoveredBy('business.legalNameX', ['business.legalName'])).toBe(false);
  });

  it('knows valid targets', () => {
    expect(['business', 'business.uscc', 'bankAccount', 'industry_license', 'capabilities'].every(isValidTarget)).toBe(
      true,
    );
    expect(['business.foo', 'documents', 'passport', ''].some(isValidTarget)).toBe(false);
  });

  it('targets every section and field of the profile and every document type, nothing else', () => {
    // Compile time: a field added to a profile section but not to PROFILE_FIELDS makes this false.
    type Unlisted<T, S extends ProfileSection> = Exclude<keyof T, (typeof PROFILE_FIELDS)[S][number]>;
    const everyFieldListed: [
      Unlisted<BusinessProfile, 'business'>,
      Unlisted<LegalRepresentative, 'legalRepresentative'>,
      Unlisted<BankAccount, 'bankAccount'>,
    ] extends [never, never, never]
      ? true
      : false = true;
    expect(everyFieldListed).toBe(true);
    // The list, stated once more by hand: the reason catalogue and the request_changes check read it.
    expect(REASON_TARGETS).toEqual([
      'business',
      'business.legalName',
      'business.uscc',
      'business.registeredAddress',
      'business.businessScope',
      'business.mcc',
      'business.website',
      'business.expectedMonthlyVolume',
      'business.contactEmail',
      'business.contactPhone',
      'legalRepresentative',
      'legalRepresentative.name',
      'legalRepresentative.idType',
      'legalRepresentative.idNumber',
      'legalRepresentative.idExpiry',
      'bankAccount',
      'bankAccount.holderName',
      'bankAccount.bankName',
      'bankAccount.branch',
      'bankAccount.accountNumber',
      'bankAccount.accountType',
      'capabilities',
      'business_license',
      'legal_rep_id_front',
      'legal_rep_id_back',
      'bank_account_proof',
      'industry_license',
      'storefront_photo',
    ]);
    expect(REASON_TARGETS.every(isValidTarget)).toBe(true);
    expect(
      ['constructor', '__proto__', 'business.', 'documents.business_license', 'capabilities.0', 'Business'].some(
        isValidTarget,
      ),
    ).toBe(false);
  });
});

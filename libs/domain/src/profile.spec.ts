import {
  changedPaths,
  isCoveredBy,
  isValidTarget,
  mergeProfile,
  type PROFILE_FIELDS,
  REASON_TARGETS,
  type OWNER_FIELDS,
  valueAtPath,
  type Applicant,
  type ApplicationProfile,
  type BankAccount,
  type BeneficialOwner,
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
      Unlisted<Applicant, 'applicant'>,
      Exclude<keyof BeneficialOwner, 'id' | (typeof OWNER_FIELDS)[number]>,
    ] extends [never, never, never, never, never]
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
      'applicant',
      'applicant.name',
      'applicant.isLegalRepresentative',
      'capabilities',
      'beneficialOwners',
      'business_license',
      'legal_rep_id_front',
      'legal_rep_id_back',
      'bank_account_proof',
      'industry_license',
      'storefront_photo',
      'authorization_letter',
    ]);
    expect(REASON_TARGETS.every(isValidTarget)).toBe(true);
    expect(
      ['constructor', '__proto__', 'business.', 'documents.business_license', 'capabilities.0', 'Business'].some(
        isValidTarget,
      ),
    ).toBe(false);
  });

  describe('per owner', () => {
    const owner = (id: string, over: Partial<BeneficialOwner> = {}): BeneficialOwner => ({
      id,
      name: `Owner ${id}`,
      idType: 'passport',
      idNumber: `E${id}`,
      control: 'ownership',
      ownershipPercent: 50,
      ...over,
    });
    const withOwners: ApplicationProfile = { ...profile, beneficialOwners: [owner('o1'), owner('o2')] };

    it.each<[string, BeneficialOwner[], string[]]>([
      ['one owner field, by id', [owner('o1', { idNumber: 'E999' }), owner('o2')], ['beneficialOwners[o1].idNumber']],
      ['reordering changes nothing', [owner('o2'), owner('o1')], []],
      [
        'an owner added',
        [owner('o1'), owner('o2'), owner('o3', { ownershipPercent: undefined, control: 'senior_manager' })],
        [
          'beneficialOwners[o3].control',
          'beneficialOwners[o3].idNumber',
          'beneficialOwners[o3].idType',
          'beneficialOwners[o3].name',
        ],
      ],
      [
        'an owner removed',
        [owner('o1')],
        [
          'beneficialOwners[o2].control',
          'beneficialOwners[o2].idNumber',
          'beneficialOwners[o2].idType',
          'beneficialOwners[o2].name',
          'beneficialOwners[o2].ownershipPercent',
        ],
      ],
    ])('diffs owners by id: %s', (_, owners, changed) => {
      expect(changedPaths(withOwners, mergeProfile(withOwners, { beneficialOwners: owners }))).toEqual(changed);
    });

    it('an owner the patch lists again keeps the fields it leaves out', () => {
      const next = mergeProfile(withOwners, {
        beneficialOwners: [{ id: 'o2', control: 'ownership', ownershipPercent: 40 }],
      });
      expect(next.beneficialOwners).toEqual([owner('o2', { ownershipPercent: 40 })]);
    });

    it('diffs an owner document and the applicant like any other', () => {
      const next = mergeProfile(withOwners, {
        documents: { 'beneficial_owner_id[o2]': doc('x') },
        applicant: { isLegalRepresentative: false },
      });
      expect(changedPaths(withOwners, next)).toEqual([
        'applicant.isLegalRepresentative',
        'documents.beneficial_owner_id[o2]',
      ]);
    });

    it.each<[string, string[], boolean]>([
      ['beneficialOwners[o1].idNumber', ['beneficialOwners[o1].idNumber'], true],
      ['beneficialOwners[o1].idNumber', ['beneficialOwners[o1]'], true],
      ['beneficialOwners[o1].idNumber', ['beneficialOwners'], true],
      ['beneficialOwners[o2].idNumber', ['beneficialOwners[o1].idNumber'], false],
      ['beneficialOwners[o1].name', ['beneficialOwners[o1].idNumber'], false],
      ['beneficialOwners[o10].name', ['beneficialOwners[o1]'], false],
      ['documents.beneficial_owner_id[o1]', ['beneficial_owner_id[o1]'], true],
      ['documents.beneficial_owner_id[o2]', ['beneficial_owner_id[o1]'], false],
    ])('%s is open under %j: %s', (path, targets, open) => {
      expect(isCoveredBy(path, targets)).toBe(open);
    });

    it.each<[string, boolean]>([
      ['beneficialOwners[owner-1]', true],
      ['beneficialOwners[owner-1].idNumber', true],
      ['beneficialOwners[o_1].ownershipPercent', true],
      ['beneficial_owner_id[owner-1]', true],
      ['beneficialOwners[owner-1].id', false],
      ['beneficialOwners[owner-1].foo', false],
      ['beneficialOwners[]', false],
      ['beneficialOwners[a.b]', false],
      [`beneficialOwners[${'a'.repeat(29)}]`, false],
      ['beneficialOwners.owner-1', false],
      ['beneficial_owner_id[]', false],
    ])('%s is a valid target: %s', (target, valid) => {
      expect(isValidTarget(target)).toBe(valid);
    });

    it('reads the value at a per-owner path by id', () => {
      expect(valueAtPath(withOwners, 'beneficialOwners[o2].idNumber')).toBe('Eo2');
      expect(valueAtPath(withOwners, 'beneficialOwners[o3].idNumber')).toBeUndefined();
      expect(valueAtPath(withOwners, 'business.uscc')).toBe('91350100M000100Y43');
      expect(valueAtPath(withOwners, 'documents.business_license')).toBe('a');
    });
  });
});

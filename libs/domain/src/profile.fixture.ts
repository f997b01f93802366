/** Test fixtures for the domain's specs: a complete, valid profile (a test states only what it varies). */
import type { ApplicationProfile, BeneficialOwner } from './profile';

export const doc = (type: string) => ({
  documentId: `${type}-id`,
  sha256: 'f'.repeat(64),
  mediaType: 'application/pdf',
  size: 1000,
});
/** The legal representative, owning the whole business: the plain case, with no finding. */
export function owner(overrides: Partial<BeneficialOwner> = {}): BeneficialOwner {
  return {
    id: 'owner-1',
    name: 'Li Lei',
    idType: 'resident_id',
    idNumber: '11010519491231002X',
    idExpiry: '2035-12-31',
    dateOfBirth: '1949-12-31',
    nationality: 'CN',
    control: 'ownership',
    ownershipPercent: 100,
    ...overrides,
  };
}
export function complete(overrides: Partial<ApplicationProfile> = {}): ApplicationProfile {
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
      holderName: 'Fuzhou Example Trading Co., Ltd.',
      bankName: 'ICBC',
      accountNumber: '4111111111111111',
      accountType: 'corporate',
    },
    capabilities: ['qr_payments'],
    beneficialOwners: [owner()],
    documents: {
      business_license: doc('business_license'),
      legal_rep_id_front: doc('legal_rep_id_front'),
      legal_rep_id_back: doc('legal_rep_id_back'),
      bank_account_proof: doc('bank_account_proof'),
      'beneficial_owner_id[owner-1]': doc('beneficial_owner_id[owner-1]'),
    },
    ...overrides,
  };
}

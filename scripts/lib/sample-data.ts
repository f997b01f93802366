/** Valid sample data (a complete profile, unique identifiers and files), for the tests and the load tools. */
import { randomUUID } from 'node:crypto';
import { isValidUscc, ownerDocumentKey, REQUIRED_DOCUMENTS, type DocumentKey } from '@mo/domain';

const USCC_CHARS = '0123456789ABCDEFGHJKLMNPQRTUWXY';
/** A valid, unique USCC, so applications of different tests never look like duplicate merchants. */
export function randomUscc(): string {
  const digits = Array.from({ length: 6 }, () => Math.floor(Math.random() * 10)).join('');
  const tail = Array.from({ length: 9 }, () => USCC_CHARS[Math.floor(Math.random() * USCC_CHARS.length)]).join('');
  const body = `91${digits}${tail}`;
  const check = [...USCC_CHARS].find((c) => isValidUscc(`${body}${c}`));
  return `${body}${check!}`;
}

/** A complete profile as the API takes it (documents are uploaded separately). */
export function createApplicationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    business: {
      legalName: 'Fuzhou Example Trading Co., Ltd.',
      uscc: randomUscc(),
      registeredAddress: '1 Wusi Road, Gulou District, Fuzhou',
      businessScope: 'Retail of groceries',
      mcc: '5411',
      website: 'https://shop.example.com',
      expectedMonthlyVolume: 200000,
      contactEmail: 'finance@example.com',
      contactPhone: '+86 591 8888 8888',
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
      branch: 'Fuzhou Gulou',
      accountNumber: '6222020200112345679',
      accountType: 'corporate',
    },
    capabilities: ['qr_payments', 'payment_links'],
    // The legal representative owns the business outright: no beneficial-owner finding.
    beneficialOwners: [
      {
        id: 'owner-1',
        name: 'Li Lei',
        idType: 'resident_id',
        idNumber: '11010519491231002X',
        idExpiry: '2035-12-31',
        dateOfBirth: '1949-12-31',
        nationality: 'CN',
        control: 'ownership',
        ownershipPercent: 100,
      },
    ],
    ...overrides,
  };
}

/** The documents a profile like `createApplicationBody`'s needs: the four required ones and each owner's ID. */
export function requiredDocumentsOf(body: Record<string, unknown> = createApplicationBody()): DocumentKey[] {
  const owners = (body.beneficialOwners ?? []) as readonly { id: string }[];
  return [...REQUIRED_DOCUMENTS, ...owners.map((o) => ownerDocumentKey(o.id))];
}

export const uniquePdf = (): Buffer => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(randomUUID())]);

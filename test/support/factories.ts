/** Test factories: valid objects by default; a test states only what it varies. */
import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICY, initialState, isValidUscc, type ApplicationState, type DomainEvent } from '@mo/domain';

export function applicationState(overrides: Partial<ApplicationState> = {}): ApplicationState {
  const at = '2026-11-22T10:00:00.000Z';
  const fresh = initialState(
    {
      applicationId: randomUUID(),
      merchantId: `merchant-${randomUUID().slice(0, 8)}`,
      profileRevision: 1,
      capabilities: ['qr_payments'],
      policy: DEFAULT_POLICY,
    },
    at,
  );
  return { ...fresh, seq: 1, ...overrides };
}

export function eventFor(state: ApplicationState, overrides: Partial<DomainEvent> = {}): DomainEvent {
  return {
    applicationId: state.applicationId,
    seq: state.seq,
    type: 'application_created',
    actor: { role: 'merchant', id: state.merchantId },
    at: state.updatedAt,
    status: state.status,
    data: {},
    ...overrides,
  };
}

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
    ...overrides,
  };
}

/** Minimal valid files, judged by their magic bytes. */
export const FILES = {
  pdf: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(`${Math.random()}`)]),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
};
export const uniquePdf = (): Buffer => Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(randomUUID())]);

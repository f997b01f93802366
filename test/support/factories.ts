/** Test factories: valid objects by default; a test states only what it varies. */
import { randomUUID } from 'node:crypto';
import { DEFAULT_POLICY, initialState, type ApplicationState, type DomainEvent } from '@mo/domain';

export { createApplicationBody, randomUscc, requiredDocumentsOf, uniquePdf } from '../../scripts/lib/sample-data';

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

/** Minimal valid files, judged by their magic bytes. */
export const FILES = {
  pdf: Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(`${Math.random()}`)]),
  png: Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
  jpeg: Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16]),
};

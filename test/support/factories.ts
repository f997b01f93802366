/** Test factories: valid objects by default; a test states only what it varies. */
import { randomUUID } from 'node:crypto';
import type { ApplicationState, DomainEvent } from '@mo/domain';

export function applicationState(overrides: Partial<ApplicationState> = {}): ApplicationState {
  const at = '2026-11-22T10:00:00.000Z';
  return {
    applicationId: randomUUID(),
    merchantId: `merchant-${randomUUID().slice(0, 8)}`,
    status: 'draft',
    seq: 1,
    createdAt: at,
    updatedAt: at,
    profileRevision: 1,
    submittedAt: null,
    riskLevel: null,
    findings: [],
    approvals: [],
    rejection: null,
    walletAccountId: null,
    ...overrides,
  };
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

export function createApplicationBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    business: { legalName: 'Fuzhou Example Trading Co., Ltd.', uscc: '91350100M000100Y43', mcc: '5411' },
    ...overrides,
  };
}

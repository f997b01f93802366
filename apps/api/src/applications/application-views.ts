/** Role-aware projections of an application for the API: merchants never see risk or staff identities. */
import { allowedCommands, type ApplicationState, type Role } from '@mo/domain';
import type { ApplicationEntity, ApplicationEventEntity } from '@mo/persistence';
import type { ApplicationView, EventView } from './dto/application-view.dto';

const isStaff = (role: Role): boolean => role !== 'merchant';
const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

type Source = Pick<
  ApplicationState,
  'applicationId' | 'merchantId' | 'status' | 'riskLevel' | 'findings' | 'rejection' | 'walletAccountId'
> & { version: number; submittedAt: string | null; createdAt: string; updatedAt: string };

export function fromState(state: ApplicationState): Source {
  return { ...state, version: state.seq };
}

export function fromEntity(e: ApplicationEntity): Source {
  return {
    applicationId: e.id,
    merchantId: e.merchantId,
    status: e.status,
    version: e.version,
    riskLevel: e.riskLevel,
    findings: e.findings,
    rejection: e.rejection as ApplicationState['rejection'],
    walletAccountId: e.walletAccountId,
    submittedAt: iso(e.submittedAt),
    createdAt: iso(e.createdAt)!,
    updatedAt: iso(e.updatedAt)!,
  };
}

export function toApplicationView(s: Source, role: Role): ApplicationView {
  return {
    id: s.applicationId,
    merchantId: s.merchantId,
    status: s.status,
    version: s.version,
    ...(isStaff(role) ? { risk: s.riskLevel === null ? null : { level: s.riskLevel, findings: [...s.findings] } } : {}),
    rejection: s.rejection,
    walletAccountId: s.walletAccountId,
    submittedAt: s.submittedAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    allowedActions: allowedCommands(s.status, role),
  };
}

const STAFF_ONLY_DATA = ['internalNote', 'findings', 'riskLevel'];

export function toEventView(e: ApplicationEventEntity, role: Role): EventView {
  const staffActor = e.actorRole !== 'merchant';
  const data = isStaff(role)
    ? e.data
    : Object.fromEntries(Object.entries(e.data).filter(([k]) => !STAFF_ONLY_DATA.includes(k)));
  return {
    seq: e.seq,
    type: e.type,
    // Merchants learn that "a reviewer" acted, never which one.
    actor: isStaff(role) || !staffActor ? { role: e.actorRole, id: e.actorId } : { role: e.actorRole },
    at: new Date(e.at).toISOString(),
    status: e.status,
    data,
  };
}

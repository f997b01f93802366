/**
 * The read model: the one projection of an application's state into the row the API reads (the
 * writer stores it, an Update's answer is built from it). Named as the entity's properties; which
 * column holds each is the persistence lib's business.
 */
import { deadlineOf } from './deadlines';
import type {
  ActorRole,
  ApplicationState,
  ApplicationStatus,
  Approval,
  DeadlineKind,
  Finding,
  OperationHold,
  RiskLevel,
  ScreeningHitRecord,
} from './model';
import type { Capability } from '../profile';
import type { ChangeReason, FinalRejectionCode } from '../reasons';
import type { RegistryRecord } from '../registry';

/** One application's read-model row; timestamps are ISO 8601 as in the state (arrays are fresh copies). */
export interface ReadModel {
  readonly id: string;
  readonly merchantId: string;
  readonly status: ApplicationStatus;
  /** The seq of the last event: the row only moves forward. */
  readonly version: number;
  readonly profileRevision: number;
  readonly riskLevel: RiskLevel | null;
  readonly findings: Finding[];
  readonly rejection: { readonly code: FinalRejectionCode; readonly message: string } | null;
  readonly walletAccountId: string | null;
  readonly submittedAt: string | null;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly assigneeId: string | null;
  readonly assigneeRole: ActorRole | null;
  readonly claimedAt: string | null;
  readonly escalated: boolean;
  readonly round: number;
  readonly resubmissions: number;
  readonly deadlineKind: DeadlineKind | null;
  readonly deadlineAt: string | null;
  /** The review SLA's deadline, kept apart for the review queue's ordering. */
  readonly slaDueAt: string | null;
  readonly openReasons: ChangeReason[];
  readonly changedFields: string[];
  readonly requestedCapabilities: Capability[];
  readonly approvals: Approval[];
  readonly agreement: { readonly version: string; readonly acceptedAt: string; readonly signatory: string } | null;
  readonly microDepositAttempts: number;
  readonly hold: OperationHold | null;
  /** The business registry's answer at the last prechecks (staff see it as evidence). */
  readonly registry: RegistryRecord | null;
  readonly screeningHits: ScreeningHitRecord[];
  /** The agreement version in the application's own policy. */
  readonly agreementVersion: string;
}

export function readModelOf(s: ApplicationState): ReadModel {
  const deadline = deadlineOf(s);
  return {
    id: s.applicationId,
    merchantId: s.merchantId,
    status: s.status,
    version: s.seq,
    profileRevision: s.profileRevision,
    riskLevel: s.riskLevel,
    findings: [...s.findings],
    rejection: s.rejection,
    walletAccountId: s.walletAccountId,
    submittedAt: s.submittedAt,
    createdAt: s.createdAt,
    updatedAt: s.updatedAt,
    assigneeId: s.claim?.by.id ?? null,
    assigneeRole: s.claim?.by.role ?? null,
    claimedAt: s.claim?.at ?? null,
    escalated: s.escalated,
    round: s.round,
    resubmissions: s.resubmissions,
    deadlineKind: deadline?.kind ?? null,
    deadlineAt: deadline?.at ?? null,
    slaDueAt: deadline?.kind === 'review_sla' ? deadline.at : null,
    openReasons: [...s.openReasons],
    changedFields: [...s.lastChangedFields],
    requestedCapabilities: [...s.requestedCapabilities],
    approvals: [...s.approvals],
    agreement: s.agreement,
    microDepositAttempts: s.microDeposit?.attempts ?? 0,
    // `??`: states recorded before holds existed have none.
    hold: s.hold ?? null,
    // `??`: states from before the prechecks asked the registry have none.
    registry: s.registry ?? null,
    screeningHits: [...(s.screeningHits ?? [])],
    agreementVersion: s.policy.agreementVersion,
  };
}

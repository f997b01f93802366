/** The application's vocabulary: who acts, its statuses, state, commands and events, and who may issue each command from which states. */
import type { LifecyclePolicy } from '../policy';
import type { Capability } from '../profile';
import type { ChangeReason, FinalRejectionCode } from '../reasons';
import type { RegistryRecord } from '../registry';

export const ROLES = ['merchant', 'reviewer', 'senior_reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** `system` is the engine itself (prechecks, timers, activation); it never comes from a token. */
export type ActorRole = Role | 'system';
export interface Actor {
  readonly role: ActorRole;
  readonly id: string;
}
export const SYSTEM_ACTOR: Actor = { role: 'system', id: 'merchant-onboarding' };
export const REVIEWERS: readonly ActorRole[] = ['reviewer', 'senior_reviewer'];

export const APPLICATION_STATUSES = [
  'draft',
  'prechecking',
  'in_review',
  'awaiting_second_approval',
  'changes_requested',
  'bank_verification',
  'agreement_pending',
  'activating',
  /** An automated step failed for good: an operations hold, until an admin retries (or cancels). */
  'on_hold',
  'active',
  'rejected',
  'withdrawn',
  'canceled',
  'expired',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const TERMINAL_STATUSES: readonly ApplicationStatus[] = [
  'active',
  'rejected',
  'withdrawn',
  'canceled',
  'expired',
];
export const isTerminal = (status: ApplicationStatus): boolean => TERMINAL_STATUSES.includes(status);
export const BEFORE_ACTIVATION = APPLICATION_STATUSES.filter((s) => !isTerminal(s) && s !== 'activating');
export const UNDER_REVIEW: readonly ApplicationStatus[] = ['in_review', 'awaiting_second_approval'];
/** Statuses in which the engine runs an automated step (see `automationFor`). */
export const AUTOMATED: readonly ApplicationStatus[] = ['prechecking', 'bank_verification', 'activating'];

export type RiskLevel = 'low' | 'medium' | 'high';
export interface Finding {
  readonly code: string;
  readonly severity: 'info' | 'warning' | 'blocking';
  readonly message: string;
  readonly target?: string;
  /** A `SCREENING_POTENTIAL_MATCH`: which hit, and what on the list it resembles. */
  readonly screening?: {
    readonly hitId: string;
    readonly entryId: string;
    readonly dataset: string;
    readonly matchedName: string;
    readonly score: number;
  };
}

/** A screening list's entry, as the hit was made against it. */
export interface ListEntry {
  readonly id: string;
  readonly name: string;
  readonly aliases: readonly string[];
  readonly birthDates: readonly string[];
  readonly countries: readonly string[];
  readonly identifiers: readonly string[];
  readonly dataset: string;
  readonly sanctions: readonly string[];
}
/** Who was screened, as the application gave them: `business`, `legalRepresentative` or `beneficialOwners[<id>]`. */
export interface ScreenedSubject {
  readonly path: string;
  readonly name: string;
  readonly dateOfBirth?: string;
  readonly nationality?: string;
}
export const SCREENING_RESOLUTIONS = ['false_positive', 'true_match'] as const;
export type ScreeningResolution = (typeof SCREENING_RESOLUTIONS)[number];
/**
 * A potential match of a screened subject against a list entry, open until a reviewer resolves it.
 * `hitId` is stable for a subject and an entry (URL-safe), so a rescreen or a new round does not
 * duplicate a hit or lose its resolution.
 */
export interface ScreeningHitRecord {
  readonly hitId: string;
  readonly subject: ScreenedSubject;
  readonly entry: ListEntry;
  readonly matchedName: string;
  /** 0–1. */
  readonly score: number;
  /** The list version the hit was found in. */
  readonly listVersion: string;
  readonly resolution: {
    readonly resolution: ScreeningResolution;
    readonly note?: string;
    readonly by: Actor;
    readonly at: string;
    /** The list version the decision was made against. */
    readonly listVersion: string;
  } | null;
}

/** What the automated prechecks concluded, beyond findings and risk. */
export type PrecheckOutcome =
  | { readonly kind: 'review' }
  | { readonly kind: 'reject'; readonly code: FinalRejectionCode; readonly message: string }
  | { readonly kind: 'request_changes'; readonly reasons: readonly ChangeReason[] };

export const ACTIVATION_STEPS = ['wallet', 'capabilities', 'credentials', 'fee_plan'] as const;
export type ActivationStep = (typeof ACTIVATION_STEPS)[number];

/**
 * The automated steps the engine runs as activities; a failure of one is recorded against it.
 * `record_transition`: PostgreSQL refused a transition's data for good (its events were written with a
 * marker instead of their data); unlike the others it can happen in any status before the end.
 */
export const OPERATION_STEPS = [
  'prechecks',
  'send_micro_deposit',
  'verify_micro_deposit',
  'activation',
  'record_transition',
] as const;
export type OperationStep = (typeof OPERATION_STEPS)[number];
/** What failed, as the activity reported it (its failure type and message). */
export interface OperationFailure {
  readonly type: string;
  readonly message: string;
}
/** An operations hold: which step failed, why, and the status a retry resumes. */
export interface OperationHold {
  readonly step: OperationStep;
  readonly failure: OperationFailure;
  readonly resume: ApplicationStatus;
  readonly since: string;
}

export type DeadlineKind = 'draft_inactivity' | 'review_sla' | 'resubmission' | 'micro_deposit' | 'agreement';

export interface Approval {
  readonly by: Actor;
  readonly at: string;
}
export interface Claim {
  readonly by: Actor;
  readonly at: string;
}

export interface ApplicationState {
  readonly applicationId: string;
  readonly merchantId: string;
  readonly status: ApplicationStatus;
  /** seq of the last event; the next event gets seq + 1. */
  readonly seq: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly policy: LifecyclePolicy;
  readonly profileRevision: number;
  readonly requestedCapabilities: readonly Capability[];
  readonly lastMerchantActivityAt: string;
  /** Review round: 1 at the first submission, +1 per resubmission. */
  readonly round: number;
  readonly resubmissions: number;
  readonly submittedAt: string | null;
  readonly reviewStartedAt: string | null;
  readonly riskLevel: RiskLevel | null;
  readonly findings: readonly Finding[];
  readonly claim: Claim | null;
  readonly escalated: boolean;
  readonly approvals: readonly Approval[];
  /** The feedback the merchant must act on while `changes_requested`. */
  readonly openReasons: readonly ChangeReason[];
  /** Field paths the last resubmission changed: the reviewer's diff. */
  readonly lastChangedFields: readonly string[];
  readonly changesRequestedAt: string | null;
  readonly remindersSent: readonly number[];
  readonly rejection: { readonly code: FinalRejectionCode; readonly message: string } | null;
  readonly microDeposit: { readonly transferId: string; readonly sentAt: string; readonly attempts: number } | null;
  readonly agreementOfferedAt: string | null;
  readonly agreement: { readonly version: string; readonly acceptedAt: string; readonly signatory: string } | null;
  readonly activation: Readonly<Partial<Record<ActivationStep, string>>>;
  readonly walletAccountId: string | null;
  /** Set while `on_hold` (absent in states recorded before holds existed). */
  readonly hold?: OperationHold | null;
  /**
   * What the business registry answered at the last prechecks, the evidence they were decided on
   * (absent before prechecks asked it; null when there was no valid USCC to ask about).
   */
  readonly registry?: RegistryRecord | null;
  /** Screening's potential matches (absent in states recorded before screening). */
  readonly screeningHits?: readonly ScreeningHitRecord[];
}

export type Command =
  | {
      readonly type: 'create';
      readonly actor: Actor;
      readonly applicationId: string;
      readonly merchantId: string;
      readonly profileRevision: number;
      readonly capabilities: readonly Capability[];
      readonly policy: LifecyclePolicy;
    }
  | {
      readonly type: 'update_draft';
      readonly actor: Actor;
      readonly profileRevision: number;
      /** The revision the change was made to; another change since then makes it stale. */
      readonly basedOnRevision?: number;
      readonly capabilities: readonly Capability[];
      readonly changedFields: readonly string[];
    }
  | { readonly type: 'submit'; readonly actor: Actor }
  | {
      readonly type: 'complete_prechecks';
      readonly actor: Actor;
      readonly riskLevel: RiskLevel;
      readonly findings: readonly Finding[];
      readonly outcome: PrecheckOutcome;
      /** The registry's answer the prechecks used (absent in commands recorded before they asked it). */
      readonly registry?: RegistryRecord | null;
      /** Absent in commands recorded before screening. */
      readonly screeningHits?: readonly ScreeningHitRecord[];
    }
  | { readonly type: 'claim'; readonly actor: Actor }
  | { readonly type: 'release'; readonly actor: Actor }
  | { readonly type: 'reassign'; readonly actor: Actor; readonly to: Actor }
  | { readonly type: 'approve'; readonly actor: Actor; readonly note?: string }
  | {
      readonly type: 'request_changes';
      readonly actor: Actor;
      readonly reasons: readonly ChangeReason[];
      readonly note?: string;
    }
  | {
      readonly type: 'reject';
      readonly actor: Actor;
      readonly code: FinalRejectionCode;
      readonly message: string;
      readonly note?: string;
    }
  | { readonly type: 'add_note'; readonly actor: Actor; readonly note: string }
  | {
      readonly type: 'resubmit';
      readonly actor: Actor;
      readonly profileRevision: number;
      readonly basedOnRevision?: number;
      readonly capabilities: readonly Capability[];
      readonly changedFields: readonly string[];
    }
  | { readonly type: 'escalate_review'; readonly actor: Actor }
  | { readonly type: 'send_reminder'; readonly actor: Actor; readonly daysBefore: number }
  | { readonly type: 'expire'; readonly actor: Actor }
  | { readonly type: 'record_micro_deposit_sent'; readonly actor: Actor; readonly transferId: string }
  | { readonly type: 'confirm_micro_deposit'; readonly actor: Actor; readonly matched: boolean }
  | { readonly type: 'close_micro_deposit_window'; readonly actor: Actor }
  | { readonly type: 'accept_agreement'; readonly actor: Actor; readonly version: string; readonly signatory: string }
  | {
      readonly type: 'record_activation_step';
      readonly actor: Actor;
      readonly step: ActivationStep;
      readonly ref: string;
    }
  | { readonly type: 'complete_activation'; readonly actor: Actor }
  | {
      readonly type: 'operation_failed';
      readonly actor: Actor;
      readonly step: OperationStep;
      readonly failure: OperationFailure;
    }
  | { readonly type: 'retry_operation'; readonly actor: Actor }
  /** A reviewer clears a screening hit as a false positive (the note says why). */
  | { readonly type: 'resolve_screening_hit'; readonly actor: Actor; readonly hitId: string; readonly note: string }
  /** A senior reviewer confirms a screening hit: the application is rejected for good (`SANCTIONS_MATCH`). */
  | { readonly type: 'confirm_screening_match'; readonly actor: Actor; readonly hitId: string; readonly note?: string }
  /** Rescreening found new hits on an open application. */
  | { readonly type: 'add_screening_hits'; readonly actor: Actor; readonly hits: readonly ScreeningHitRecord[] }
  | { readonly type: 'withdraw'; readonly actor: Actor; readonly reason?: string }
  | { readonly type: 'cancel'; readonly actor: Actor; readonly reason: string };
export type CommandType = Command['type'];

export const EVENT_TYPES = [
  'application_created',
  'draft_updated',
  'application_submitted',
  'application_resubmitted',
  'prechecks_completed',
  'application_claimed',
  'application_released',
  'application_reassigned',
  'internal_note_added',
  'review_escalated',
  'first_approval_recorded',
  'application_approved',
  'changes_requested',
  'resubmission_reminder_sent',
  'application_rejected',
  'micro_deposit_sent',
  'micro_deposit_confirmation_failed',
  'bank_account_verified',
  'agreement_accepted',
  'activation_step_completed',
  'application_activated',
  'operation_held',
  'operation_resumed',
  'screening_hit_resolved',
  'screening_hits_added',
  /** Rescreening found a hit on a live merchant (written by the rescreen, after its workflow ended). */
  'merchant_screening_hit',
  'application_withdrawn',
  'application_canceled',
  'application_expired',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface DomainEvent {
  readonly applicationId: string;
  readonly seq: number;
  readonly type: EventType;
  readonly actor: Actor;
  readonly at: string;
  /** Status after this event: the read model is a fold of these. */
  readonly status: ApplicationStatus;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface Decision {
  readonly state: ApplicationState;
  readonly events: readonly DomainEvent[];
}

interface Rule {
  readonly from: readonly ApplicationStatus[] | 'none';
  readonly roles: readonly ActorRole[];
}

/** Who may issue each command, and from which states. Command-specific checks follow in `decide`. */
export const RULES: Readonly<Record<CommandType, Rule>> = {
  create: { from: 'none', roles: ['merchant'] },
  update_draft: { from: ['draft'], roles: ['merchant'] },
  submit: { from: ['draft'], roles: ['merchant'] },
  complete_prechecks: { from: ['prechecking'], roles: ['system'] },
  claim: { from: UNDER_REVIEW, roles: REVIEWERS },
  release: { from: UNDER_REVIEW, roles: REVIEWERS },
  reassign: { from: UNDER_REVIEW, roles: ['admin'] },
  approve: { from: UNDER_REVIEW, roles: REVIEWERS },
  request_changes: { from: UNDER_REVIEW, roles: REVIEWERS },
  reject: { from: UNDER_REVIEW, roles: REVIEWERS },
  add_note: { from: BEFORE_ACTIVATION, roles: [...REVIEWERS, 'admin'] },
  resubmit: { from: ['changes_requested'], roles: ['merchant'] },
  escalate_review: { from: UNDER_REVIEW, roles: ['system'] },
  send_reminder: { from: ['changes_requested'], roles: ['system'] },
  expire: { from: ['draft', 'changes_requested', 'agreement_pending'], roles: ['system'] },
  record_micro_deposit_sent: { from: ['bank_verification'], roles: ['system'] },
  confirm_micro_deposit: { from: ['bank_verification'], roles: ['merchant'] },
  close_micro_deposit_window: { from: ['bank_verification'], roles: ['system'] },
  accept_agreement: { from: ['agreement_pending'], roles: ['merchant'] },
  record_activation_step: { from: ['activating'], roles: ['system'] },
  complete_activation: { from: ['activating'], roles: ['system'] },
  // Automated steps fail in AUTOMATED statuses only (see `operationFailed`); a write anywhere.
  operation_failed: { from: [...BEFORE_ACTIVATION.filter((s) => s !== 'on_hold'), 'activating'], roles: ['system'] },
  retry_operation: { from: ['on_hold'], roles: ['admin'] },
  resolve_screening_hit: { from: UNDER_REVIEW, roles: REVIEWERS },
  confirm_screening_match: { from: UNDER_REVIEW, roles: ['senior_reviewer'] },
  // Where a reviewer can still resolve them, or the next round's review will.
  add_screening_hits: { from: [...UNDER_REVIEW, 'changes_requested'], roles: ['system'] },
  withdraw: { from: BEFORE_ACTIVATION, roles: ['merchant'] },
  cancel: { from: BEFORE_ACTIVATION, roles: ['admin'] },
};

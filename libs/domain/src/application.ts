/**
 * The merchant application state machine: `decide(state, command, now)` is the single place where a
 * lifecycle rule is written. Pure: no clock, no randomness, no I/O.
 */
import { type DomainError, refusal, RuleCode } from './domain-error';
import { addDays, addHours, addMinutes, type LifecyclePolicy } from './policy';
import { isCoveredBy, isValidTarget, type Capability } from './profile';
import { type ChangeReason, type FinalRejectionCode } from './reasons';

export const ROLES = ['merchant', 'reviewer', 'senior_reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** `system` is the engine itself (prechecks, timers, activation); it never comes from a token. */
export type ActorRole = Role | 'system';
export interface Actor {
  readonly role: ActorRole;
  readonly id: string;
}
export const SYSTEM_ACTOR: Actor = { role: 'system', id: 'merchant-onboarding' };
const REVIEWERS: readonly ActorRole[] = ['reviewer', 'senior_reviewer'];

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
const BEFORE_ACTIVATION = APPLICATION_STATUSES.filter((s) => !isTerminal(s) && s !== 'activating');
const UNDER_REVIEW: readonly ApplicationStatus[] = ['in_review', 'awaiting_second_approval'];
/** Statuses in which the engine runs an automated step (see `automationFor`). */
const AUTOMATED: readonly ApplicationStatus[] = ['prechecking', 'bank_verification', 'activating'];

export type RiskLevel = 'low' | 'medium' | 'high';
export interface Finding {
  readonly code: string;
  readonly severity: 'info' | 'warning' | 'blocking';
  readonly message: string;
  readonly target?: string;
}

/** What the automated prechecks concluded, beyond findings and risk. */
export type PrecheckOutcome =
  | { readonly kind: 'review' }
  | { readonly kind: 'reject'; readonly code: FinalRejectionCode; readonly message: string }
  | { readonly kind: 'request_changes'; readonly reasons: readonly ChangeReason[] };

export const ACTIVATION_STEPS = ['wallet', 'capabilities', 'credentials', 'fee_plan'] as const;
export type ActivationStep = (typeof ACTIVATION_STEPS)[number];

/** The automated steps the engine runs as activities; a failure of one is recorded against it. */
export const OPERATION_STEPS = ['prechecks', 'send_micro_deposit', 'verify_micro_deposit', 'activation'] as const;
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
  operation_failed: { from: AUTOMATED, roles: ['system'] },
  retry_operation: { from: ['on_hold'], roles: ['admin'] },
  withdraw: { from: BEFORE_ACTIVATION, roles: ['merchant'] },
  cancel: { from: BEFORE_ACTIVATION, roles: ['admin'] },
};

const words = (type: CommandType): string => type.replace(/_/g, ' ');
/** Refusal details: `rule` is a typed `RuleCode`, so every "no" names the rule the API maps. */
type RefusalDetails = { readonly rule?: RuleCode } & Record<string, unknown>;
const illegal = (type: CommandType, message: string, { rule, ...details }: RefusalDetails = {}): DomainError =>
  refusal(rule ?? RuleCode.WrongStatus, message, { command: type, ...details });
const refused = (type: CommandType, message: string, { rule, ...details }: RefusalDetails = {}): DomainError =>
  refusal(rule ?? RuleCode.RoleNotAllowed, message, { command: type, ...details });
const invalid = (message: string, field: string, { rule, ...details }: RefusalDetails = {}): DomainError =>
  refusal(rule ?? RuleCode.InvalidValue, message, { field, ...details });

/** What a reviewing person must be (one home for separation of duties, four eyes and seniority). */
export interface ReviewSubject {
  readonly status: ApplicationStatus;
  /** Absent in read models that do not carry it: then only the other rules apply. */
  readonly merchantId?: string;
  /** Who gave the approvals so far. */
  readonly approvedBy?: readonly string[];
}
const REVIEW_REFUSALS = {
  own_application: 'Staff may not review or act on an application of their own merchant id',
  senior_required: 'The second approval of a high-risk application needs a senior reviewer',
  four_eyes: 'The second approval must come from a different person than the first',
} as const satisfies Partial<Record<RuleCode, string>>;

/**
 * The rule that keeps `person` from reviewing this application (claiming, deciding, being given
 * it), or null: nobody reviews their own merchant's application, and a high-risk application's
 * second approval needs a senior reviewer other than the first approver.
 */
export function reviewerRefusal(
  s: ReviewSubject,
  person: { readonly role: ActorRole; readonly id?: string },
): keyof typeof REVIEW_REFUSALS | null {
  if (s.merchantId !== undefined && isOwnApplication(s.merchantId, person)) return RuleCode.OwnApplication;
  if (s.status !== 'awaiting_second_approval') return null;
  if (person.role !== 'senior_reviewer') return RuleCode.SeniorRequired;
  if ((s.approvedBy ?? []).includes(person.id ?? '')) return RuleCode.FourEyes;
  return null;
}
function reviewRefused(
  type: CommandType,
  s: ApplicationState,
  person: Actor,
  options: DecideOptions,
): DomainError | null {
  const subject: ReviewSubject = {
    status: s.status,
    ...(options.separationOfDuties === false ? {} : { merchantId: s.merchantId }),
    approvedBy: s.approvals.map((a) => a.by.id),
  };
  const rule = reviewerRefusal(subject, person);
  return rule === null ? null : refused(type, REVIEW_REFUSALS[rule], { rule });
}
/** Staff whose id is the application's merchant id (separation of duties). */
const isOwnApplication = (merchantId: string, person: { readonly role: ActorRole; readonly id?: string }): boolean =>
  person.role !== 'merchant' && person.role !== 'system' && person.id === merchantId;

/** Whether a command has staff act on, or be given, their own merchant id's application. */
export function involvesOwnApplication(s: { readonly merchantId: string }, c: Command): boolean {
  return isOwnApplication(s.merchantId, c.actor) || (c.type === 'reassign' && isOwnApplication(s.merchantId, c.to));
}

export interface DecideOptions {
  /**
   * Staff may not act on their own merchant id's application. Off only to replay histories
   * recorded before the rule (the workflow decides with `patched`).
   */
  readonly separationOfDuties?: boolean;
}

/** Optimistic concurrency on the profile: a change made to an older revision would undo another. */
function staleRevision(
  s: ApplicationState,
  c: { readonly type: CommandType; readonly basedOnRevision?: number },
): DomainError | undefined {
  if (c.basedOnRevision === undefined || c.basedOnRevision === s.profileRevision) return undefined;
  return illegal(
    c.type,
    `The profile changed meanwhile (revision ${s.profileRevision}, this change was made to ${c.basedOnRevision}); read it again and retry`,
    { rule: 'stale_revision', current: s.profileRevision },
  );
}

export function decide(
  state: ApplicationState | null,
  command: Command,
  now: Date,
  options: DecideOptions = {},
): Decision | DomainError {
  const rule = RULES[command.type];
  if (!rule.roles.includes(command.actor.role)) {
    return refused(command.type, `A ${command.actor.role} may not ${words(command.type)} an application`, {
      role: command.actor.role,
    });
  }
  if (command.type === 'create') {
    if (state !== null) return illegal(command.type, 'The application already exists', { status: state.status });
    return create(command, now.toISOString());
  }
  if (state === null) return illegal(command.type, 'The application does not exist yet');
  if (rule.from === 'none' || !rule.from.includes(state.status)) {
    return illegal(command.type, `Cannot ${words(command.type)} an application that is ${state.status}`, {
      status: state.status,
    });
  }
  if (command.actor.role === 'merchant' && command.actor.id !== state.merchantId) {
    return refused(command.type, 'Only the owning merchant may act on its application', { rule: 'not_owner' });
  }
  if (options.separationOfDuties !== false && isOwnApplication(state.merchantId, command.actor)) {
    return refused(command.type, REVIEW_REFUSALS.own_application, { rule: 'own_application' });
  }
  return transition(state, command, new Emitter(state, command.actor, now.toISOString()), options);
}

function transition(
  s: ApplicationState,
  c: Exclude<Command, { type: 'create' }>,
  emit: Emitter,
  options: DecideOptions,
): Decision | DomainError {
  const at = emit.at;
  switch (c.type) {
    case 'update_draft':
      return (
        staleRevision(s, c) ??
        emit.event(
          'draft_updated',
          'draft',
          { profileRevision: c.profileRevision, changedFields: c.changedFields },
          {
            profileRevision: c.profileRevision,
            requestedCapabilities: c.capabilities,
            lastMerchantActivityAt: at,
          },
        )
      );
    case 'submit':
      return emit.event(
        'application_submitted',
        'prechecking',
        { round: 1, profileRevision: s.profileRevision },
        {
          submittedAt: at,
          round: 1,
          lastMerchantActivityAt: at,
        },
      );
    case 'complete_prechecks':
      return completePrechecks(s, c, emit);
    case 'claim':
      return claim(s, c, emit, options);
    case 'release':
      if (s.claim?.by.id !== c.actor.id)
        return illegal(c.type, 'Only the reviewer who claimed it may release it', { rule: 'claimed' });
      return emit.event('application_released', s.status, {}, { claim: null });
    case 'reassign':
      if (!REVIEWERS.includes(c.to.role)) return invalid('An application can only be assigned to a reviewer', 'to');
      {
        const refusedTo = reviewRefused(c.type, s, c.to, options);
        if (refusedTo) return refusedTo;
      }
      return emit.event(
        'application_reassigned',
        s.status,
        { from: s.claim?.by ?? null, to: c.to },
        {
          claim: { by: c.to, at },
        },
      );
    case 'approve':
      return approve(s, c, emit, options);
    case 'request_changes': {
      const claimant = requireClaimant(s, c);
      if (claimant) return claimant;
      const problem = validateReasons(c.reasons);
      if (problem) return problem;
      return requestChanges(s, c.reasons, emit, { ...noteOf(c.note) });
    }
    case 'reject': {
      const claimant = requireClaimant(s, c);
      if (claimant) return claimant;
      if (c.message.trim() === '') return invalid('A rejection needs a message for the merchant', 'message');
      return reject(emit, c.code, c.message, noteOf(c.note));
    }
    case 'add_note':
      if (c.note.trim() === '') return invalid('A note cannot be empty', 'note');
      return emit.event('internal_note_added', s.status, { internalNote: c.note });
    case 'resubmit':
      return resubmit(s, c, emit);
    case 'escalate_review':
      if (s.escalated) return illegal(c.type, 'The review is already escalated');
      return emit.event(
        'review_escalated',
        s.status,
        { slaHours: s.policy.reviewSlaHours, notify: 'senior_reviewers' },
        {
          escalated: true,
        },
      );
    case 'send_reminder':
      if (s.remindersSent.includes(c.daysBefore)) return illegal(c.type, 'This reminder was already sent');
      return emit.event(
        'resubmission_reminder_sent',
        s.status,
        { daysBefore: c.daysBefore, deadline: deadlineOf(s)?.at ?? null },
        { remindersSent: [...s.remindersSent, c.daysBefore] },
      );
    case 'expire':
      return emit.event('application_expired', 'expired', { deadline: deadlineOf(s) }, { claim: null });
    case 'record_micro_deposit_sent':
      if (s.microDeposit !== null) return illegal(c.type, 'The micro-deposit was already sent');
      return emit.event(
        'micro_deposit_sent',
        s.status,
        { transferId: c.transferId },
        {
          microDeposit: { transferId: c.transferId, sentAt: at, attempts: 0 },
        },
      );
    case 'confirm_micro_deposit':
      return confirmMicroDeposit(s, c, emit);
    case 'close_micro_deposit_window':
      return bankVerificationFailed(s, emit, 'The micro-deposit was not confirmed in time');
    case 'accept_agreement':
      if (c.version !== s.policy.agreementVersion) {
        return invalid(`The current agreement is version ${s.policy.agreementVersion}`, 'version', {
          expected: s.policy.agreementVersion,
        });
      }
      if (c.signatory.trim() === '') return invalid('The signatory is required', 'signatory');
      return emit.event(
        'agreement_accepted',
        'activating',
        { version: c.version, signatory: c.signatory },
        {
          agreement: { version: c.version, acceptedAt: at, signatory: c.signatory },
          lastMerchantActivityAt: at,
        },
      );
    case 'record_activation_step':
      if (s.activation[c.step] !== undefined) return illegal(c.type, `Activation step ${c.step} is already recorded`);
      return emit.event(
        'activation_step_completed',
        s.status,
        { step: c.step, ref: c.ref },
        {
          activation: { ...s.activation, [c.step]: c.ref },
          ...(c.step === 'wallet' ? { walletAccountId: c.ref } : {}),
        },
      );
    case 'complete_activation': {
      const missing = ACTIVATION_STEPS.filter((step) => s.activation[step] === undefined);
      if (missing.length > 0) return illegal(c.type, `Activation steps still pending: ${missing.join(', ')}`);
      return emit.event('application_activated', 'active', { walletAccountId: s.walletAccountId });
    }
    case 'operation_failed':
      return operationFailed(s, c, emit);
    case 'retry_operation': {
      const hold = s.hold ?? null;
      if (hold === null) return illegal(c.type, 'Nothing is on hold');
      return emit.event('operation_resumed', hold.resume, { step: hold.step }, { hold: null });
    }
    case 'withdraw':
      if (activationStarted(s)) return activationUnderway(c.type);
      return emit.event('application_withdrawn', 'withdrawn', c.reason === undefined ? {} : { reason: c.reason }, {
        claim: null,
        hold: null,
      });
    case 'cancel':
      if (activationStarted(s)) return activationUnderway(c.type);
      if (c.reason.trim() === '') return invalid('A cancellation needs a reason', 'reason');
      return emit.event('application_canceled', 'canceled', { reason: c.reason }, { claim: null, hold: null });
  }
}

/**
 * Failures the merchant can fix, and the feedback they are sent back with (e.g. the bank refuses an
 * incomplete settlement account). Every other failure puts the application on an operations hold.
 */
export const MERCHANT_FIXABLE_FAILURES: Readonly<Record<string, readonly ChangeReason[]>> = {
  BANK_ACCOUNT_INCOMPLETE: [
    {
      target: 'bankAccount',
      code: 'INCOMPLETE_INFORMATION',
      message: 'The bank could not pay into the settlement account: complete the holder name and account number',
    },
  ],
  BANK_ACCOUNT_REJECTED: [
    {
      target: 'bankAccount',
      code: 'BANK_ACCOUNT_UNVERIFIED',
      message: 'The bank refused a transfer to the settlement account: check the account details',
    },
    {
      target: 'bank_account_proof',
      code: 'BANK_ACCOUNT_UNVERIFIED',
      message: 'Provide a current proof of the account',
    },
  ],
};

/** Activity messages are kept short: they are for operators, and may be long stack-like texts. */
const MAX_FAILURE_MESSAGE = 500;

/**
 * An automated step failed for good (its retries are over or it said it cannot succeed). No failure
 * ends an application: one the merchant can fix goes back to it as feedback; any other puts the
 * application on an operations hold that an admin retries (or cancels), resuming where it stood.
 */
function operationFailed(
  s: ApplicationState,
  c: Extract<Command, { type: 'operation_failed' }>,
  emit: Emitter,
): Decision {
  const failure = { type: c.failure.type, message: c.failure.message.slice(0, MAX_FAILURE_MESSAGE) };
  const fixable = MERCHANT_FIXABLE_FAILURES[failure.type];
  if (fixable !== undefined && s.status !== 'activating') {
    return requestChanges(s, fixable, emit, { failedStep: c.step, failure });
  }
  const hold: OperationHold = { step: c.step, failure, resume: s.status, since: emit.at };
  return emit.event('operation_held', 'on_hold', { step: c.step, resume: s.status, failure }, { hold, claim: null });
}

/** Once activation has begun its effects exist (a wallet, say): it can only be finished, not abandoned. */
const activationStarted = (s: { readonly status: ApplicationStatus; readonly hold?: OperationHold | null }): boolean =>
  s.status === 'on_hold' && s.hold?.resume === 'activating';
const activationUnderway = (type: CommandType): DomainError =>
  illegal(type, 'Activation has started and its effects exist: an admin retries it; it cannot be abandoned', {
    rule: 'activation_started',
  });

/** The state of a new application, before its first event (seq 0). */
export function initialState(
  c: Omit<Extract<Command, { type: 'create' }>, 'type' | 'actor'>,
  at: string,
): ApplicationState {
  return {
    applicationId: c.applicationId,
    merchantId: c.merchantId,
    status: 'draft',
    seq: 0,
    createdAt: at,
    updatedAt: at,
    policy: c.policy,
    profileRevision: c.profileRevision,
    requestedCapabilities: c.capabilities,
    lastMerchantActivityAt: at,
    round: 0,
    resubmissions: 0,
    submittedAt: null,
    reviewStartedAt: null,
    riskLevel: null,
    findings: [],
    claim: null,
    escalated: false,
    approvals: [],
    openReasons: [],
    lastChangedFields: [],
    changesRequestedAt: null,
    remindersSent: [],
    rejection: null,
    microDeposit: null,
    agreementOfferedAt: null,
    agreement: null,
    activation: {},
    walletAccountId: null,
    hold: null,
  };
}

function create(c: Extract<Command, { type: 'create' }>, at: string): Decision {
  const state = initialState(c, at);
  return new Emitter(state, c.actor, at).event('application_created', 'draft', {
    merchantId: c.merchantId,
    profileRevision: c.profileRevision,
    capabilities: c.capabilities,
  });
}

function completePrechecks(
  s: ApplicationState,
  c: Extract<Command, { type: 'complete_prechecks' }>,
  emit: Emitter,
): Decision | DomainError {
  const checked = emit.event(
    'prechecks_completed',
    c.outcome.kind === 'review' ? 'in_review' : s.status,
    { riskLevel: c.riskLevel, findings: c.findings, outcome: c.outcome.kind, round: s.round },
    {
      riskLevel: c.riskLevel,
      findings: c.findings,
      ...(c.outcome.kind === 'review'
        ? { reviewStartedAt: emit.at, escalated: false, claim: null, approvals: [] }
        : {}),
    },
  );
  const outcome = c.outcome;
  switch (outcome.kind) {
    case 'review':
      return checked;
    case 'reject':
      return then(checked, (e) => reject(e, outcome.code, outcome.message));
    case 'request_changes':
      return then(checked, (e, next) => requestChanges(next, outcome.reasons, e, {}));
  }
}

function claim(
  s: ApplicationState,
  c: Extract<Command, { type: 'claim' }>,
  emit: Emitter,
  options: DecideOptions,
): Decision | DomainError {
  const notEligible = reviewRefused(c.type, s, c.actor, options);
  if (notEligible) return notEligible;
  if (s.claim !== null && s.claim.by.id === c.actor.id)
    return emit.event('application_claimed', s.status, { renewed: true }, { claim: { by: c.actor, at: emit.at } });
  if (s.claim !== null && addMinutes(s.claim.at, s.policy.claimIdleMinutes) > emit.at) {
    return illegal(c.type, 'Another reviewer is working on this application', {
      rule: 'claimed',
      claimedBy: s.claim.by.id,
    });
  }
  return emit.event('application_claimed', s.status, s.claim === null ? {} : { takenOverFrom: s.claim.by }, {
    claim: { by: c.actor, at: emit.at },
  });
}

function requireClaimant(s: ApplicationState, c: { type: CommandType; actor: Actor }): DomainError | null {
  // Claims are about the application's current state, so a missing or foreign claim is a conflict.
  if (s.claim === null) return illegal(c.type, 'Claim the application before deciding', { rule: 'claim_required' });
  if (s.claim.by.id !== c.actor.id) {
    return illegal(c.type, 'Another reviewer has claimed this application', {
      rule: 'claimed',
      claimedBy: s.claim.by.id,
    });
  }
  return null;
}

function approve(
  s: ApplicationState,
  c: Extract<Command, { type: 'approve' }>,
  emit: Emitter,
  options: DecideOptions,
): Decision | DomainError {
  const claimant = requireClaimant(s, c);
  if (claimant) return claimant;
  const approval: Approval = { by: c.actor, at: emit.at };
  const notEligible = reviewRefused(c.type, s, c.actor, options);
  if (notEligible) return notEligible;
  if (s.status === 'awaiting_second_approval') return approved(s, emit, [...s.approvals, approval], c.note);
  if (s.riskLevel === 'high') {
    return emit.event(
      'first_approval_recorded',
      'awaiting_second_approval',
      { approval: 1, ...noteOf(c.note) },
      {
        approvals: [approval],
        claim: null,
      },
    );
  }
  return approved(s, emit, [approval], c.note);
}

function approved(_s: ApplicationState, emit: Emitter, approvals: readonly Approval[], note?: string): Decision {
  return emit.event(
    'application_approved',
    'bank_verification',
    { approval: approvals.length, ...noteOf(note) },
    {
      approvals,
      claim: null,
      openReasons: [],
      microDeposit: null,
    },
  );
}

function validateReasons(reasons: readonly ChangeReason[]): DomainError | null {
  if (reasons.length === 0) return invalid('A request for changes needs at least one reason', 'reasons');
  for (const [i, r] of reasons.entries()) {
    if (!isValidTarget(r.target)) return invalid(`Unknown target "${r.target}"`, `reasons[${i}].target`);
    if (r.code === 'OTHER' && r.message.trim() === '') {
      return invalid('Reason code OTHER needs a message', `reasons[${i}].message`);
    }
  }
  return null;
}

/** Opens the targeted fields for resubmission, or rejects for good once the limit is reached. */
function requestChanges(
  s: ApplicationState,
  reasons: readonly ChangeReason[],
  emit: Emitter,
  extra: Record<string, unknown>,
): Decision {
  if (s.resubmissions >= s.policy.maxResubmissions) {
    return reject(
      emit,
      'RESUBMISSION_LIMIT_REACHED',
      `The application was returned for changes ${s.resubmissions + 1} times; it cannot be resubmitted again`,
      { ...extra, reasons },
    );
  }
  const deadline = addDays(emit.at, s.policy.resubmissionWindowDays);
  return emit.event(
    'changes_requested',
    'changes_requested',
    { reasons, deadline, round: s.round, ...extra },
    {
      openReasons: reasons,
      changesRequestedAt: emit.at,
      remindersSent: [],
      claim: null,
      approvals: [],
    },
  );
}

function reject(
  emit: Emitter,
  code: FinalRejectionCode,
  message: string,
  extra: Record<string, unknown> = {},
): Decision {
  return emit.event(
    'application_rejected',
    'rejected',
    { code, message, ...extra },
    {
      rejection: { code, message },
      claim: null,
    },
  );
}

function resubmit(
  s: ApplicationState,
  c: Extract<Command, { type: 'resubmit' }>,
  emit: Emitter,
): Decision | DomainError {
  const stale = staleRevision(s, c);
  if (stale !== undefined) return stale;
  if (c.changedFields.length === 0)
    return invalid('Nothing was changed: correct what the feedback asks for', 'changes', { rule: 'nothing_changed' });
  const targets = s.openReasons.map((r) => r.target);
  const outside = c.changedFields.filter((f) => !isCoveredBy(f, targets));
  if (outside.length > 0) {
    return invalid(`Only the fields the feedback targets may change; not open: ${outside.join(', ')}`, outside[0]!, {
      rule: 'field_not_open',
      fields: outside,
      open: targets,
    });
  }
  const round = s.round + 1;
  return emit.event(
    'application_resubmitted',
    'prechecking',
    { round, profileRevision: c.profileRevision, changedFields: c.changedFields },
    {
      round,
      resubmissions: s.resubmissions + 1,
      profileRevision: c.profileRevision,
      requestedCapabilities: c.capabilities,
      lastChangedFields: c.changedFields,
      openReasons: [],
      changesRequestedAt: null,
      remindersSent: [],
      lastMerchantActivityAt: emit.at,
    },
  );
}

function confirmMicroDeposit(
  s: ApplicationState,
  c: Extract<Command, { type: 'confirm_micro_deposit' }>,
  emit: Emitter,
): Decision | DomainError {
  if (s.microDeposit === null) return illegal(c.type, 'The micro-deposit has not been sent yet');
  if (c.matched) {
    return emit.event(
      'bank_account_verified',
      'agreement_pending',
      { attempts: s.microDeposit.attempts + 1 },
      {
        microDeposit: { ...s.microDeposit, attempts: s.microDeposit.attempts + 1 },
        agreementOfferedAt: emit.at,
        lastMerchantActivityAt: emit.at,
      },
    );
  }
  const attempts = s.microDeposit.attempts + 1;
  const failed = emit.event(
    'micro_deposit_confirmation_failed',
    s.status,
    { attempts, attemptsLeft: Math.max(0, s.policy.microDepositAttempts - attempts) },
    { microDeposit: { ...s.microDeposit, attempts }, lastMerchantActivityAt: emit.at },
  );
  if (attempts < s.policy.microDepositAttempts) return failed;
  return then(failed, (e, next) => bankVerificationFailed(next, e, 'The micro-deposit amount was not confirmed'));
}

function bankVerificationFailed(s: ApplicationState, emit: Emitter, why: string): Decision {
  return requestChanges(
    s,
    [
      {
        target: 'bankAccount',
        code: 'BANK_ACCOUNT_UNVERIFIED',
        message: `${why}: check the settlement account details`,
      },
      {
        target: 'bank_account_proof',
        code: 'BANK_ACCOUNT_UNVERIFIED',
        message: 'Provide a current proof of the account',
      },
    ],
    emit,
    {},
  );
}

const noteOf = (note?: string): Record<string, unknown> => (note === undefined ? {} : { internalNote: note });

/** Chains a second decision after the first, in one transition (e.g. prechecks then rejection). */
function then(first: Decision, next: (emit: Emitter, state: ApplicationState) => Decision): Decision {
  const last = first.events[first.events.length - 1]!;
  const second = next(new Emitter(first.state, SYSTEM_ACTOR, last.at), first.state);
  return { state: second.state, events: [...first.events, ...second.events] };
}

/** Builds the next event and state together, so seq, status and updatedAt can never disagree. */
class Emitter {
  constructor(
    private readonly state: ApplicationState,
    private readonly actor: Actor,
    readonly at: string,
  ) {}

  event(
    type: EventType,
    status: ApplicationStatus,
    data: Record<string, unknown>,
    changes: Partial<ApplicationState> = {},
  ): Decision {
    const seq = this.state.seq + 1;
    const event: DomainEvent = {
      applicationId: this.state.applicationId,
      seq,
      type,
      actor: this.actor,
      at: this.at,
      status,
      data,
    };
    return { state: { ...this.state, ...changes, status, seq, updatedAt: this.at }, events: [event] };
  }
}

/** The deadline the application is running against now, if any. */
export function deadlineOf(s: ApplicationState): { kind: DeadlineKind; at: string } | null {
  switch (s.status) {
    case 'draft':
      return { kind: 'draft_inactivity', at: addDays(s.lastMerchantActivityAt, s.policy.draftInactivityDays) };
    case 'in_review':
    case 'awaiting_second_approval':
      return s.reviewStartedAt === null
        ? null
        : { kind: 'review_sla', at: addHours(s.reviewStartedAt, s.policy.reviewSlaHours) };
    case 'changes_requested':
      return s.changesRequestedAt === null
        ? null
        : { kind: 'resubmission', at: addDays(s.changesRequestedAt, s.policy.resubmissionWindowDays) };
    case 'bank_verification':
      return s.microDeposit === null
        ? null
        : { kind: 'micro_deposit', at: addDays(s.microDeposit.sentAt, s.policy.microDepositDays) };
    case 'agreement_pending':
      return s.agreementOfferedAt === null
        ? null
        : { kind: 'agreement', at: addDays(s.agreementOfferedAt, s.policy.agreementDays) };
    case 'prechecking':
    case 'activating':
    case 'on_hold':
    case 'active':
    case 'rejected':
    case 'withdrawn':
    case 'canceled':
    case 'expired':
      return null;
  }
}

/** The next thing a timer must do, and when; the workflow sleeps until then (or until a change). */
export function nextTimer(s: ApplicationState): { at: string; command: Command } | null {
  const deadline = deadlineOf(s);
  if (deadline === null) return null;
  switch (deadline.kind) {
    case 'review_sla':
      return s.escalated ? null : { at: deadline.at, command: { type: 'escalate_review', actor: SYSTEM_ACTOR } };
    case 'resubmission': {
      const reminder = [...s.policy.resubmissionReminderDays]
        .sort((a, b) => b - a)
        .find((days) => !s.remindersSent.includes(days) && addDays(deadline.at, -days) > (s.changesRequestedAt ?? ''));
      return reminder === undefined
        ? { at: deadline.at, command: { type: 'expire', actor: SYSTEM_ACTOR } }
        : {
            at: addDays(deadline.at, -reminder),
            command: { type: 'send_reminder', actor: SYSTEM_ACTOR, daysBefore: reminder },
          };
    }
    case 'micro_deposit':
      return { at: deadline.at, command: { type: 'close_micro_deposit_window', actor: SYSTEM_ACTOR } };
    case 'draft_inactivity':
    case 'agreement':
      return { at: deadline.at, command: { type: 'expire', actor: SYSTEM_ACTOR } };
  }
}

/** The work the engine itself must do next in this state (run as activities by the workflow). */
export type Automation = 'prechecks' | 'send_micro_deposit' | 'activation' | null;
export function automationFor(s: ApplicationState): Automation {
  if (s.status === 'prechecking') return 'prechecks';
  if (s.status === 'bank_verification' && s.microDeposit === null) return 'send_micro_deposit';
  if (s.status === 'activating') return 'activation';
  return null;
}

const NEEDS_CLAIM: readonly CommandType[] = ['approve', 'request_changes', 'reject', 'release'];

/**
 * The commands this actor could issue now (drives `allowedActions` in the API): the status and role
 * rules, plus the claim (decisions need it) and the four-eyes rule.
 */
export function allowedCommands(
  s: ReviewSubject & {
    readonly claimedBy?: string | null;
    /** While on hold: the status a retry resumes. */
    readonly holdResume?: ApplicationStatus | null;
  },
  actor: { readonly role: ActorRole; readonly id?: string },
): CommandType[] {
  if (s.merchantId !== undefined && isOwnApplication(s.merchantId, actor)) return [];
  return (Object.keys(RULES) as CommandType[]).filter((type) => {
    const rule = RULES[type];
    if (rule.from === 'none' || !rule.from.includes(s.status) || !rule.roles.includes(actor.role)) return false;
    if ((type === 'withdraw' || type === 'cancel') && s.status === 'on_hold' && s.holdResume === 'activating') {
      return false;
    }
    if ((type === 'approve' || type === 'claim') && reviewerRefusal(s, actor) !== null) return false;
    if (NEEDS_CLAIM.includes(type) && s.claimedBy !== undefined) return s.claimedBy === actor.id;
    if (type === 'claim' && s.claimedBy !== undefined && s.claimedBy !== null) return s.claimedBy !== actor.id;
    return true;
  });
}

/** Typed domain errors: the one vocabulary of "no" that the workflow, the API and the tests share. */
export const DomainErrorCode = {
  IllegalTransition: 'ILLEGAL_TRANSITION',
  NotPermitted: 'NOT_PERMITTED',
  ValidationFailed: 'VALIDATION_FAILED',
} as const;
export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

/**
 * Which rule refused, one code per rule (carried as `details.rule`). The API maps each to HTTP in
 * one exhaustive table; a rule's kind (`DomainErrorCode`) follows from it.
 */
export const RuleCode = {
  /** The command is not possible in the application's status (or it does not exist yet). */
  WrongStatus: 'wrong_status',
  /** The actor's role may not issue this command at all. */
  RoleNotAllowed: 'role_not_allowed',
  /** A merchant acting on another merchant's application. */
  NotOwner: 'not_owner',
  /** Staff acting on, or being given, an application whose merchant they are (separation of duties). */
  OwnApplication: 'own_application',
  ClaimRequired: 'claim_required',
  /** Another reviewer holds the claim. */
  Claimed: 'claimed',
  /** A high-risk application's second approval needs a senior reviewer. */
  SeniorRequired: 'senior_required',
  /** The second approval must come from another person than the first. */
  FourEyes: 'four_eyes',
  /** The profile changed since the revision this change was made to. */
  StaleRevision: 'stale_revision',
  /** A resubmission changed what the feedback did not target. */
  FieldNotOpen: 'field_not_open',
  /** A resubmission that changes nothing. */
  NothingChanged: 'nothing_changed',
  /** A value the rule refuses (empty note, wrong agreement version, unknown target...). */
  InvalidValue: 'invalid_value',
  /** Activation has begun (its effects exist): it can be retried, not withdrawn or canceled. */
  ActivationStarted: 'activation_started',
  /** Approve while a screening hit is still open. */
  ScreeningHitsUnresolved: 'screening_hits_unresolved',
  /** A screening hit id the application does not have. */
  ScreeningHitUnknown: 'screening_hit_unknown',
  /** A screening hit resolved already (or none is open to resolve). */
  ScreeningHitResolved: 'screening_hit_resolved',
} as const;
export type RuleCode = (typeof RuleCode)[keyof typeof RuleCode];
export const RULE_CODES: readonly RuleCode[] = Object.values(RuleCode);

/** The kind of each rule's refusal: a conflict with the state, a person refused, or a bad value. */
export const KIND_OF_RULE: Readonly<Record<RuleCode, DomainErrorCode>> = {
  wrong_status: DomainErrorCode.IllegalTransition,
  role_not_allowed: DomainErrorCode.NotPermitted,
  not_owner: DomainErrorCode.NotPermitted,
  own_application: DomainErrorCode.NotPermitted,
  claim_required: DomainErrorCode.IllegalTransition,
  claimed: DomainErrorCode.IllegalTransition,
  senior_required: DomainErrorCode.NotPermitted,
  four_eyes: DomainErrorCode.NotPermitted,
  stale_revision: DomainErrorCode.IllegalTransition,
  field_not_open: DomainErrorCode.ValidationFailed,
  nothing_changed: DomainErrorCode.ValidationFailed,
  invalid_value: DomainErrorCode.ValidationFailed,
  activation_started: DomainErrorCode.IllegalTransition,
  screening_hits_unresolved: DomainErrorCode.IllegalTransition,
  screening_hit_unknown: DomainErrorCode.IllegalTransition,
  screening_hit_resolved: DomainErrorCode.IllegalTransition,
};

export const isRuleCode = (value: unknown): value is RuleCode =>
  typeof value === 'string' && (RULE_CODES as readonly string[]).includes(value);

export interface DomainError {
  readonly kind: 'domain_error';
  readonly code: DomainErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function domainError(code: DomainErrorCode, message: string, details?: Record<string, unknown>): DomainError {
  return details === undefined
    ? { kind: 'domain_error', code, message }
    : { kind: 'domain_error', code, message, details };
}

/** A refusal by `rule`: its kind follows from the rule, and `details.rule` names it. */
export function refusal(rule: RuleCode, message: string, details: Record<string, unknown> = {}): DomainError {
  return domainError(KIND_OF_RULE[rule], message, { ...details, rule });
}

export function isDomainError(value: unknown): value is DomainError {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'domain_error';
}

/**
 * The merchant application state machine, by concern (application/): its vocabulary and rules
 * (model), refusals and who may review, `decide` and its transitions (review, bank verification,
 * operations holds), each command's precondition, deadlines and timers, and what an actor may do now.
 */
export {
  ACTIVATION_STEPS,
  APPLICATION_STATUSES,
  EVENT_TYPES,
  isTerminal,
  OPERATION_STEPS,
  ROLES,
  RULES,
  SYSTEM_ACTOR,
  TERMINAL_STATUSES,
  type ActivationStep,
  type Actor,
  type ActorRole,
  type ApplicationState,
  type ApplicationStatus,
  type Approval,
  type Claim,
  type Command,
  type CommandType,
  type Decision,
  type DeadlineKind,
  type DomainEvent,
  type EventType,
  type Finding,
  type OperationFailure,
  type OperationHold,
  type OperationStep,
  type PrecheckOutcome,
  type RiskLevel,
  type Role,
  SCREENING_RESOLUTIONS,
  type ListEntry,
  type ScreenedSubject,
  type ScreeningHitRecord,
  type ScreeningResolution,
} from './application/model';
export {
  carryResolutions,
  openScreeningHits,
  screeningFindingOf,
  screeningHitsOf,
  SCREENING_FINDING,
} from './application/screening';
export {
  involvesOwnApplication,
  reviewerRefusal,
  type DecideOptions,
  type ReviewSubject,
} from './application/refusals';
export { decide, initialState } from './application/decide';
export { MERCHANT_FIXABLE_FAILURES } from './application/operations';
export { automationFor, deadlineOf, nextTimer, type Automation } from './application/deadlines';
export { PRECONDITIONS, refusalOf, subjectOf, type Asker, type CommandSubject } from './application/preconditions';
export { allowedCommands, isRenewal } from './application/allowed-commands';

/**
 * The contract between the API (client), the workflow and the worker: ids, inputs, update and query
 * definitions, search attributes. No PII travels here: the profile lives in PostgreSQL and the
 * workflow carries only its revision number and the field paths that changed.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey } from '@temporalio/common';
import type {
  Actor,
  ApplicationState,
  Capability,
  Command,
  CommandType,
  LifecyclePolicy,
  ScreeningResolution,
} from '@mo/domain';
import type { RecordTransitionInput } from './activities';

export const APPLICATION_WORKFLOW_TYPE = 'merchantApplicationWorkflow';
export const WORKFLOW_ID_PREFIX = 'merchant-application:';

export const workflowIdFor = (applicationId: string): string => `${WORKFLOW_ID_PREFIX}${applicationId}`;

export type StartApplicationInput =
  | {
      readonly applicationId: string;
      readonly merchantId: string;
      readonly profileRevision: number;
      readonly capabilities: readonly Capability[];
      readonly policy: LifecyclePolicy;
      readonly actor: Actor;
    }
  | {
      /** Continue-as-new: the same application, with its history compacted into this state. */
      readonly resumeFrom: ApplicationState;
      /** Transitions committed in the run before but not yet written to PostgreSQL: written first. */
      readonly unwritten?: RecordTransitionInput;
    };

/**
 * An action's Update payload where it is the domain command itself without its `type` (the shape
 * recorded in histories). Only decisions and the micro-deposit amount have payloads of their own.
 */
export type CommandInput<T extends CommandType> = Omit<Extract<Command, { readonly type: T }>, 'type'>;
export type ActorInput = { readonly actor: Actor };
export type ProfileChangeInput = CommandInput<'update_draft'> & CommandInput<'resubmit'>;
export type DecisionInput =
  | ({ readonly decision: 'approve' } & CommandInput<'approve'>)
  | ({ readonly decision: 'request_changes' } & CommandInput<'request_changes'>)
  | ({ readonly decision: 'reject' } & CommandInput<'reject'>);
/** A reviewer's resolution of one screening hit (the route's hitId and the request's body). */
export interface ScreeningResolutionInput extends ActorInput {
  readonly hitId: string;
  readonly resolution: ScreeningResolution;
  readonly note?: string;
}
export interface MicroDepositInput extends ActorInput {
  /** What the merchant read on its statement, e.g. "0.37"; compared by an activity, never logged. */
  readonly amount: string;
}

/** Returns once the application's creation is recorded (used with update-with-start). */
export const createdUpdate = defineUpdate<ApplicationState, [ActorInput]>('created');
export const updateDraftUpdate = defineUpdate<ApplicationState, [ProfileChangeInput]>('updateDraft');
export const submitUpdate = defineUpdate<ApplicationState, [ActorInput]>('submit');
export const claimUpdate = defineUpdate<ApplicationState, [ActorInput]>('claim');
export const releaseUpdate = defineUpdate<ApplicationState, [ActorInput]>('release');
export const reassignUpdate = defineUpdate<ApplicationState, [CommandInput<'reassign'>]>('reassign');
export const decisionUpdate = defineUpdate<ApplicationState, [DecisionInput]>('decide');
export const noteUpdate = defineUpdate<ApplicationState, [CommandInput<'add_note'>]>('addNote');
export const resubmitUpdate = defineUpdate<ApplicationState, [ProfileChangeInput]>('resubmit');
export const microDepositUpdate = defineUpdate<ApplicationState, [MicroDepositInput]>('confirmMicroDeposit');
export const agreementUpdate = defineUpdate<ApplicationState, [CommandInput<'accept_agreement'>]>('acceptAgreement');
export const withdrawUpdate = defineUpdate<ApplicationState, [CommandInput<'withdraw'>]>('withdraw');
export const cancelUpdate = defineUpdate<ApplicationState, [CommandInput<'cancel'>]>('cancel');
/** An admin retries the automated step that put the application on an operations hold. */
export const retryOperationUpdate = defineUpdate<ApplicationState, [CommandInput<'retry_operation'>]>('retryOperation');
/** A reviewer resolves a screening hit: a false positive, or (senior only) a true match. */
export const screeningResolutionUpdate = defineUpdate<ApplicationState, [ScreeningResolutionInput]>(
  'resolveScreeningHit',
);
/** Rescreening adds new hits to an open application (the system; not an API action). */
export const addScreeningHitsUpdate = defineUpdate<ApplicationState, [CommandInput<'add_screening_hits'>]>(
  'addScreeningHits',
);
export const stateQuery = defineQuery<ApplicationState>('state');

export const ApplicationStatusAttribute = defineSearchAttributeKey('ApplicationStatus', 'KEYWORD');
export const MerchantIdAttribute = defineSearchAttributeKey('MerchantId', 'KEYWORD');
export const RiskLevelAttribute = defineSearchAttributeKey('RiskLevel', 'KEYWORD');
export const EscalatedAttribute = defineSearchAttributeKey('Escalated', 'BOOL');
export const APPLICATION_SEARCH_ATTRIBUTES = [
  ApplicationStatusAttribute,
  MerchantIdAttribute,
  RiskLevelAttribute,
  EscalatedAttribute,
] as const;

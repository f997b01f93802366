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
  ChangeReason,
  FinalRejectionCode,
  LifecyclePolicy,
} from '@mo/domain';

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
    };

export interface ActorInput {
  readonly actor: Actor;
}
export interface ProfileChangeInput extends ActorInput {
  readonly profileRevision: number;
  /** The revision the change was made to (optimistic concurrency); absent in older histories. */
  readonly basedOnRevision?: number;
  readonly capabilities: readonly Capability[];
  readonly changedFields: readonly string[];
}
export interface ReassignInput extends ActorInput {
  readonly to: Actor;
}
export interface NoteInput extends ActorInput {
  readonly note: string;
}
export type DecisionInput =
  | { readonly actor: Actor; readonly decision: 'approve'; readonly note?: string }
  | {
      readonly actor: Actor;
      readonly decision: 'request_changes';
      readonly reasons: readonly ChangeReason[];
      readonly note?: string;
    }
  | {
      readonly actor: Actor;
      readonly decision: 'reject';
      readonly code: FinalRejectionCode;
      readonly message: string;
      readonly note?: string;
    };
export interface MicroDepositInput extends ActorInput {
  /** What the merchant read on its statement, e.g. "0.37"; compared by an activity, never logged. */
  readonly amount: string;
}
export interface AgreementInput extends ActorInput {
  readonly version: string;
  readonly signatory: string;
}
export interface WithdrawInput extends ActorInput {
  readonly reason?: string;
}
export interface CancelInput extends ActorInput {
  readonly reason: string;
}

/** Returns once the application's creation is recorded (used with update-with-start). */
export const createdUpdate = defineUpdate<ApplicationState, [ActorInput]>('created');
export const updateDraftUpdate = defineUpdate<ApplicationState, [ProfileChangeInput]>('updateDraft');
export const submitUpdate = defineUpdate<ApplicationState, [ActorInput]>('submit');
export const claimUpdate = defineUpdate<ApplicationState, [ActorInput]>('claim');
export const releaseUpdate = defineUpdate<ApplicationState, [ActorInput]>('release');
export const reassignUpdate = defineUpdate<ApplicationState, [ReassignInput]>('reassign');
export const decisionUpdate = defineUpdate<ApplicationState, [DecisionInput]>('decide');
export const noteUpdate = defineUpdate<ApplicationState, [NoteInput]>('addNote');
export const resubmitUpdate = defineUpdate<ApplicationState, [ProfileChangeInput]>('resubmit');
export const microDepositUpdate = defineUpdate<ApplicationState, [MicroDepositInput]>('confirmMicroDeposit');
export const agreementUpdate = defineUpdate<ApplicationState, [AgreementInput]>('acceptAgreement');
export const withdrawUpdate = defineUpdate<ApplicationState, [WithdrawInput]>('withdraw');
export const cancelUpdate = defineUpdate<ApplicationState, [CancelInput]>('cancel');
/** An admin retries the automated step that put the application on an operations hold. */
export const retryOperationUpdate = defineUpdate<ApplicationState, [ActorInput]>('retryOperation');
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

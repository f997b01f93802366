/**
 * The contract between the API (client), the workflow and the worker: ids, inputs, update and query
 * definitions, search attributes. No PII travels here: the profile lives in PostgreSQL and the
 * workflow carries only its revision number.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { defineSearchAttributeKey } from '@temporalio/common';
import type { Actor, ApplicationState, FinalRejectionCode } from '@mo/domain';

export const DEFAULT_TASK_QUEUE = 'merchant-onboarding';
export const APPLICATION_WORKFLOW_TYPE = 'merchantApplicationWorkflow';
export const WORKFLOW_ID_PREFIX = 'merchant-application:';

export const workflowIdFor = (applicationId: string): string => `${WORKFLOW_ID_PREFIX}${applicationId}`;

export interface StartApplicationInput {
  readonly applicationId: string;
  readonly merchantId: string;
  readonly profileRevision: number;
  readonly actor: Actor;
}

export interface ActorInput {
  readonly actor: Actor;
}

export type DecisionInput =
  | { readonly actor: Actor; readonly decision: 'approve'; readonly note?: string }
  | {
      readonly actor: Actor;
      readonly decision: 'reject';
      readonly code: FinalRejectionCode;
      readonly message: string;
      readonly note?: string;
    };

export interface WithdrawInput extends ActorInput {
  readonly reason?: string;
}
export interface CancelInput extends ActorInput {
  readonly reason: string;
}

/** Returns once the application's creation is recorded (used with update-with-start). */
export const createdUpdate = defineUpdate<ApplicationState, [ActorInput]>('created');
export const submitUpdate = defineUpdate<ApplicationState, [ActorInput]>('submit');
export const decisionUpdate = defineUpdate<ApplicationState, [DecisionInput]>('decide');
export const withdrawUpdate = defineUpdate<ApplicationState, [WithdrawInput]>('withdraw');
export const cancelUpdate = defineUpdate<ApplicationState, [CancelInput]>('cancel');
export const stateQuery = defineQuery<ApplicationState>('state');

export const ApplicationStatusAttribute = defineSearchAttributeKey('ApplicationStatus', 'KEYWORD');
export const MerchantIdAttribute = defineSearchAttributeKey('MerchantId', 'KEYWORD');
export const RiskLevelAttribute = defineSearchAttributeKey('RiskLevel', 'KEYWORD');
export const APPLICATION_SEARCH_ATTRIBUTES = [
  ApplicationStatusAttribute,
  MerchantIdAttribute,
  RiskLevelAttribute,
] as const;

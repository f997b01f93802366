/**
 * The one table of application actions: Temporal Update (its name is recorded in histories) →
 * domain command → roles (from the domain's RULES) → HTTP route. The workflow registers its update
 * handlers from it, the API's service executes through it and the controller takes its routes and
 * roles from it. Workflow-safe: no Node, Nest or client imports.
 */
import type { UpdateDefinition } from '@temporalio/common';
import {
  RULES,
  ROLES,
  type Actor,
  type ApplicationState,
  type Command,
  type CommandType,
  type FinalRejectionCode,
  type ChangeReason,
  type Role,
  type ScreeningResolution,
} from '@mo/domain';
import {
  agreementUpdate,
  cancelUpdate,
  claimUpdate,
  decisionUpdate,
  microDepositUpdate,
  noteUpdate,
  reassignUpdate,
  releaseUpdate,
  resubmitUpdate,
  retryOperationUpdate,
  screeningResolutionUpdate,
  submitUpdate,
  updateDraftUpdate,
  withdrawUpdate,
  type CommandInput,
  type DecisionInput,
  type MicroDepositInput,
  type ProfileChangeInput,
  type ScreeningResolutionInput,
} from './workflow';
import { ACTION_ROUTES, type AllowedActionName } from './action-routes';

export interface ActionSpec<I, B> {
  /** The Temporal Update; its name and payload shape are recorded in histories. */
  readonly update: UpdateDefinition<ApplicationState, [I]>;
  /** The domain commands the action may issue. */
  readonly commands: readonly CommandType[];
  /** Who may call it: the human roles the domain's RULES allow for those commands. */
  readonly roles: readonly Role[];
  /** The HTTP route, relative to `/v1/applications/{id}`. */
  readonly route: { readonly method: 'POST' | 'PATCH'; readonly path: string };
  /**
   * The Update's payload → the command the domain decides. With `settles: 'handler'` it is the
   * command the validator asks about: whether the action may be tried now (see `settles`).
   */
  readonly toCommand: (input: I) => Command;
  /**
   * Who settles the outcome: `'command'`, the command `toCommand` builds (validator and handler
   * decide the same command); `'handler'`, an activity the handler runs after the validator, so the
   * validator decides only the precondition and the handler decides the command built from the
   * activity's answer (confirmMicroDeposit: `microDepositCommand`).
   */
  readonly settles: 'command' | 'handler';
  /** The caller and the request's body → the Update's payload. */
  readonly toInput: (actor: Actor, body: B) => I;
}

/** The human roles whose RULES allow any of these commands. */
export function rolesFor(commands: readonly CommandType[]): Role[] {
  return ROLES.filter((role) => commands.some((c) => RULES[c].roles.includes(role)));
}

/**
 * The command `type` with the payload's own fields (absent optional ones left out), so a payload
 * recorded with extra fields decides exactly as it did.
 */
function commandOf<T extends CommandType>(type: T, keys: readonly Exclude<keyof CommandInput<T>, 'actor'>[]) {
  return (input: CommandInput<T>): Command => {
    const fields = input as unknown as Record<string, unknown>;
    const command: Record<string, unknown> = { type, actor: fields.actor };
    for (const key of keys as readonly string[]) if (fields[key] !== undefined) command[key] = fields[key];
    return command as Command;
  };
}

/** An action's route, from the one route table the console shares. */
function routeOf(entry: AllowedActionName): ActionSpec<unknown, unknown>['route'] {
  const { method, path } = ACTION_ROUTES[entry];
  return { method, path };
}

function action<I, B>(
  spec: Omit<ActionSpec<I, B>, 'roles' | 'settles'> & Partial<Pick<ActionSpec<I, B>, 'settles'>>,
): ActionSpec<I, B> {
  return { settles: 'command', ...spec, roles: rolesFor(spec.commands) };
}

/**
 * The micro-deposit command once the amount was checked against the bank's record. Before the
 * check (the Update's validator) the outcome is unknown, and the domain accepts a try exactly when
 * a deposit was sent and the caller may try, matched or not: so the validator asks about a miss.
 */
export function microDepositCommand({ actor }: Pick<MicroDepositInput, 'actor'>, matched: boolean): Command {
  return { type: 'confirm_micro_deposit', actor, matched };
}

/** What the service hands over for a new profile revision (it stores the profile itself). */
export type ProfileRevisionBody = Omit<ProfileChangeInput, 'actor'>;
export interface DecisionBody {
  readonly decision: 'approve' | 'request_changes' | 'reject';
  readonly reasons?: readonly ChangeReason[];
  readonly code?: FinalRejectionCode;
  readonly message?: string;
  readonly note?: string;
}
type Empty = Record<string, never>;
/** The resolution route's hitId with its body. */
export interface ScreeningResolutionBody {
  readonly hitId: string;
  readonly resolution: ScreeningResolution;
  readonly note?: string;
}

function screeningResolutionCommand({ actor, hitId, resolution, note }: ScreeningResolutionInput): Command {
  switch (resolution) {
    case 'false_positive':
      return { type: 'resolve_screening_hit', actor, hitId, note: note ?? '' };
    case 'true_match':
      return { type: 'confirm_screening_match', actor, hitId, ...(note === undefined ? {} : { note }) };
  }
}

const profileChange = ['profileRevision', 'basedOnRevision', 'capabilities', 'changedFields'] as const;

function decisionCommand(input: DecisionInput): Command {
  const note = input.note === undefined ? {} : { note: input.note };
  switch (input.decision) {
    case 'approve':
      return { type: 'approve', actor: input.actor, ...note };
    case 'request_changes':
      return { type: 'request_changes', actor: input.actor, reasons: input.reasons, ...note };
    case 'reject':
      return { type: 'reject', actor: input.actor, code: input.code, message: input.message, ...note };
  }
}

function decisionInput(actor: Actor, body: DecisionBody): DecisionInput {
  const note = body.note === undefined ? {} : { note: body.note };
  switch (body.decision) {
    case 'approve':
      return { actor, decision: 'approve', ...note };
    case 'request_changes':
      return { actor, decision: 'request_changes', reasons: body.reasons ?? [], ...note };
    case 'reject':
      return { actor, decision: 'reject', code: body.code!, message: body.message ?? '', ...note };
  }
}

export const ACTIONS = {
  updateDraft: action<ProfileChangeInput, ProfileRevisionBody>({
    update: updateDraftUpdate,
    commands: ['update_draft'],
    route: routeOf('update_draft'),
    toCommand: commandOf('update_draft', profileChange),
    toInput: (actor, body) => ({ actor, ...body }),
  }),
  submit: action<CommandInput<'submit'>, Empty>({
    update: submitUpdate,
    commands: ['submit'],
    route: routeOf('submit'),
    toCommand: commandOf('submit', []),
    toInput: (actor) => ({ actor }),
  }),
  resubmit: action<ProfileChangeInput, ProfileRevisionBody>({
    update: resubmitUpdate,
    commands: ['resubmit'],
    route: routeOf('resubmit'),
    toCommand: commandOf('resubmit', profileChange),
    toInput: (actor, body) => ({ actor, ...body }),
  }),
  confirmMicroDeposit: action<MicroDepositInput, { readonly amount: string }>({
    update: microDepositUpdate,
    commands: ['confirm_micro_deposit'],
    route: routeOf('confirm_micro_deposit'),
    // The amount is checked by an activity in the handler; the validator asks only whether a try is open.
    settles: 'handler',
    toCommand: (input) => microDepositCommand(input, false),
    toInput: (actor, { amount }) => ({ actor, amount }),
  }),
  acceptAgreement: action<CommandInput<'accept_agreement'>, { readonly version: string; readonly signatory: string }>({
    update: agreementUpdate,
    commands: ['accept_agreement'],
    route: routeOf('accept_agreement'),
    toCommand: commandOf('accept_agreement', ['version', 'signatory']),
    toInput: (actor, { version, signatory }) => ({ actor, version, signatory }),
  }),
  withdraw: action<CommandInput<'withdraw'>, { readonly reason?: string }>({
    update: withdrawUpdate,
    commands: ['withdraw'],
    route: routeOf('withdraw'),
    toCommand: commandOf('withdraw', ['reason']),
    toInput: (actor, { reason }) => ({ actor, ...(reason !== undefined ? { reason } : {}) }),
  }),
  claim: action<CommandInput<'claim'>, Empty>({
    update: claimUpdate,
    commands: ['claim'],
    route: routeOf('claim'),
    toCommand: commandOf('claim', []),
    toInput: (actor) => ({ actor }),
  }),
  release: action<CommandInput<'release'>, Empty>({
    update: releaseUpdate,
    commands: ['release'],
    route: routeOf('release'),
    toCommand: commandOf('release', []),
    toInput: (actor) => ({ actor }),
  }),
  decide: action<DecisionInput, DecisionBody>({
    update: decisionUpdate,
    commands: ['approve', 'request_changes', 'reject'],
    route: routeOf('approve'),
    toCommand: decisionCommand,
    toInput: decisionInput,
  }),
  addNote: action<CommandInput<'add_note'>, { readonly note: string }>({
    update: noteUpdate,
    commands: ['add_note'],
    route: routeOf('add_note'),
    toCommand: commandOf('add_note', ['note']),
    toInput: (actor, { note }) => ({ actor, note }),
  }),
  reassign: action<CommandInput<'reassign'>, { readonly reviewerId: string; readonly reviewerRole: Role }>({
    update: reassignUpdate,
    commands: ['reassign'],
    route: routeOf('reassign'),
    toCommand: commandOf('reassign', ['to']),
    toInput: (actor, { reviewerId, reviewerRole }) => ({ actor, to: { id: reviewerId, role: reviewerRole } }),
  }),
  cancel: action<CommandInput<'cancel'>, { readonly reason: string }>({
    update: cancelUpdate,
    commands: ['cancel'],
    route: routeOf('cancel'),
    toCommand: commandOf('cancel', ['reason']),
    toInput: (actor, { reason }) => ({ actor, reason }),
  }),
  retryOperation: action<CommandInput<'retry_operation'>, Empty>({
    update: retryOperationUpdate,
    commands: ['retry_operation'],
    route: routeOf('retry_operation'),
    toCommand: commandOf('retry_operation', []),
    toInput: (actor) => ({ actor }),
  }),
  resolveScreeningHit: action<ScreeningResolutionInput, ScreeningResolutionBody>({
    update: screeningResolutionUpdate,
    commands: ['resolve_screening_hit', 'confirm_screening_match'],
    route: routeOf('resolve_screening_hit'),
    toCommand: screeningResolutionCommand,
    toInput: (actor, { hitId, resolution, note }) => ({
      actor,
      hitId,
      resolution,
      ...(note === undefined ? {} : { note }),
    }),
  }),
} as const;

export type ActionName = keyof typeof ACTIONS;
export type ActionBody<A extends ActionName> = Parameters<(typeof ACTIONS)[A]['toInput']>[1];
export const ACTION_NAMES = Object.keys(ACTIONS) as ActionName[];

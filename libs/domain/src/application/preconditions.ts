/**
 * Each command's precondition, written once: what the application's state and the actor must be
 * before the command's payload is looked at. `decide` refuses with it; `allowedCommands` offers
 * exactly the commands it lets through.
 */
import type { DomainError } from '../domain-error';
import {
  ACTIVATION_STEPS,
  RULES,
  type ActivationStep,
  type ActorRole,
  type ApplicationState,
  type ApplicationStatus,
  type CommandType,
} from './model';
import { activationUnderway } from './operations';
import { openScreeningHits, screeningHitsOf } from './screening';
import {
  illegal,
  isOwnApplication,
  refused,
  reviewerRefusal,
  words,
  REVIEW_REFUSALS,
  type DecideOptions,
  type ReviewSubject,
} from './refusals';

/**
 * The facts a precondition reads: all of them from a state (`subjectOf`), or the ones a read-model
 * row carries. A fact left out is not judged: then only the other rules apply.
 */
export interface CommandSubject extends ReviewSubject {
  /** Who holds the claim (null: nobody). */
  readonly claimedBy?: string | null;
  /** While on hold: the status a retry resumes (null: nothing is on hold). */
  readonly holdResume?: ApplicationStatus | null;
  readonly escalated?: boolean;
  readonly microDepositSent?: boolean;
  readonly pendingActivationSteps?: readonly ActivationStep[];
  /** How many screening hits are open (unresolved). */
  readonly openScreeningHits?: number;
}
/** Who asks: an actor, or a caller whose id a read model may not know. */
export interface Asker {
  readonly role: ActorRole;
  readonly id?: string;
}

export function subjectOf(s: ApplicationState): CommandSubject {
  return {
    status: s.status,
    merchantId: s.merchantId,
    approvedBy: s.approvals.map((a) => a.by.id),
    claimedBy: s.claim?.by.id ?? null,
    holdResume: s.hold?.resume ?? null,
    escalated: s.escalated,
    microDepositSent: s.microDeposit !== null,
    pendingActivationSteps: ACTIVATION_STEPS.filter((step) => s.activation[step] === undefined),
    openScreeningHits: openScreeningHits(screeningHitsOf(s)).length,
  };
}

type Check = (type: CommandType, s: CommandSubject, actor: Asker, options: DecideOptions) => DomainError | null;

/** Decisions are the claimant's: a missing or foreign claim is a conflict with the current state. */
const holdsClaim: Check = (type, s, actor) => {
  if (s.claimedBy === undefined) return null;
  if (s.claimedBy === null) return illegal(type, 'Claim the application before deciding', { rule: 'claim_required' });
  if (s.claimedBy !== actor.id) {
    return illegal(type, 'Another reviewer has claimed this application', { rule: 'claimed', claimedBy: s.claimedBy });
  }
  return null;
};
const releasesOwnClaim: Check = (type, s, actor) =>
  s.claimedBy !== undefined && s.claimedBy !== actor.id
    ? illegal(type, 'Only the reviewer who claimed it may release it', { rule: 'claimed' })
    : null;
/** Seniority and four eyes (and separation of duties, unless the options turn it off). */
export const fitToReview: Check = (type, s, person, options) => {
  const rule = reviewerRefusal(options.separationOfDuties === false ? { ...s, merchantId: undefined } : s, person);
  return rule === null ? null : refused(type, REVIEW_REFUSALS[rule], { rule });
};
const notEscalated: Check = (type, s) =>
  s.escalated === true ? illegal(type, 'The review is already escalated') : null;
const depositNotSent: Check = (type, s) =>
  s.microDepositSent === true ? illegal(type, 'The micro-deposit was already sent') : null;
const depositSent: Check = (type, s) =>
  s.microDepositSent === false ? illegal(type, 'The micro-deposit has not been sent yet') : null;
const activationStepsDone: Check = (type, s) =>
  s.pendingActivationSteps !== undefined && s.pendingActivationSteps.length > 0
    ? illegal(type, `Activation steps still pending: ${s.pendingActivationSteps.join(', ')}`)
    : null;
/** Every screening hit is resolved before anyone approves (true matches reject, so only false positives remain). */
const screeningHitsResolved: Check = (type, s) =>
  s.openScreeningHits !== undefined && s.openScreeningHits > 0
    ? illegal(type, `${s.openScreeningHits} screening hit(s) must be resolved before approval`, {
        rule: 'screening_hits_unresolved',
        open: s.openScreeningHits,
      })
    : null;
const screeningHitOpen: Check = (type, s) =>
  s.openScreeningHits === 0 ? illegal(type, 'No screening hit is open', { rule: 'screening_hit_resolved' }) : null;
const somethingOnHold: Check = (type, s) => (s.holdResume === null ? illegal(type, 'Nothing is on hold') : null);
/** Once activation has begun its effects exist (a wallet, say): it can only be finished, not abandoned. */
const activationNotStarted: Check = (type, s) =>
  s.status === 'on_hold' && s.holdResume === 'activating' ? activationUnderway(type) : null;

/**
 * What each command needs beyond its status and role (RULES), its owner and separation of duties,
 * in the order they are judged. Checks of the payload (reasons, revisions, amounts) and of the
 * clock (an idle claim) are the handlers' in `decide`.
 */
export const PRECONDITIONS: Readonly<Record<CommandType, readonly Check[]>> = {
  create: [],
  update_draft: [],
  submit: [],
  complete_prechecks: [],
  claim: [fitToReview],
  release: [releasesOwnClaim],
  reassign: [],
  approve: [holdsClaim, fitToReview, screeningHitsResolved],
  request_changes: [holdsClaim],
  reject: [holdsClaim],
  add_note: [],
  resubmit: [],
  escalate_review: [notEscalated],
  send_reminder: [],
  expire: [],
  record_micro_deposit_sent: [depositNotSent],
  confirm_micro_deposit: [depositSent],
  close_micro_deposit_window: [],
  accept_agreement: [],
  record_activation_step: [],
  complete_activation: [activationStepsDone],
  operation_failed: [],
  retry_operation: [somethingOnHold],
  resolve_screening_hit: [holdsClaim, screeningHitOpen],
  confirm_screening_match: [holdsClaim, screeningHitOpen],
  add_screening_hits: [],
  withdraw: [activationNotStarted],
  cancel: [activationNotStarted],
};

/**
 * Why `actor` may not issue a command of `type` on this application now (null: it may, subject to
 * its payload). `s` is null before the application exists.
 */
export function refusalOf(
  s: CommandSubject | null,
  type: CommandType,
  actor: Asker,
  options: DecideOptions = {},
): DomainError | null {
  const rule = RULES[type];
  if (!rule.roles.includes(actor.role)) {
    return refused(type, `A ${actor.role} may not ${words(type)} an application`, { role: actor.role });
  }
  if (type === 'create')
    return s === null ? null : illegal(type, 'The application already exists', { status: s.status });
  if (s === null) return illegal(type, 'The application does not exist yet');
  if (rule.from === 'none' || !rule.from.includes(s.status)) {
    return illegal(type, `Cannot ${words(type)} an application that is ${s.status}`, { status: s.status });
  }
  if (s.merchantId !== undefined && actor.role === 'merchant' && actor.id !== undefined && actor.id !== s.merchantId) {
    return refused(type, 'Only the owning merchant may act on its application', { rule: 'not_owner' });
  }
  if (options.separationOfDuties !== false && s.merchantId !== undefined && isOwnApplication(s.merchantId, actor)) {
    return refused(type, REVIEW_REFUSALS.own_application, { rule: 'own_application' });
  }
  for (const check of PRECONDITIONS[type]) {
    const refusal = check(type, s, actor, options);
    if (refusal !== null) return refusal;
  }
  return null;
}

/** `decide(state, command, now)`: the single place where a lifecycle rule is applied. Pure: no clock, no randomness, no I/O. */
import type { DomainError } from '../domain-error';
import { confirmMicroDeposit, bankVerificationFailed } from './bank-verification';
import { Emitter, noteOf } from './emitter';
import { REVIEWERS, type ApplicationState, type Command, type Decision } from './model';
import { operationFailed } from './operations';
import { fitToReview, refusalOf, subjectOf } from './preconditions';
import { illegal, invalid, staleRevision, type DecideOptions } from './refusals';
import { approve, claim, completePrechecks, reject, requestChanges, resubmit, validateReasons } from './review';
import { deadlineOf } from './deadlines';
import { addScreeningHits, confirmScreeningMatch, resolveScreeningHit } from './screening';

/** The command's precondition first (state and actor), then its handler (payload and clock). */
export function decide(
  state: ApplicationState | null,
  command: Command,
  now: Date,
  options: DecideOptions = {},
): Decision | DomainError {
  const refusal = refusalOf(state === null ? null : subjectOf(state), command.type, command.actor, options);
  if (refusal !== null) return refusal;
  if (command.type === 'create') return create(command, now.toISOString());
  // Not null: the precondition of every command but create refuses an application that does not exist.
  return transition(state!, command, new Emitter(state!, command.actor, now.toISOString()), options);
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
      return claim(s, c, emit);
    case 'release':
      return emit.event('application_released', s.status, {}, { claim: null });
    case 'reassign':
      if (!REVIEWERS.includes(c.to.role)) return invalid('An application can only be assigned to a reviewer', 'to');
      {
        const refusedTo = fitToReview(c.type, subjectOf(s), c.to, options);
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
      return approve(s, c, emit);
    case 'request_changes': {
      const problem = validateReasons(c.reasons);
      if (problem) return problem;
      return requestChanges(s, c.reasons, emit, { ...noteOf(c.note) });
    }
    case 'reject': {
      if (c.message.trim() === '') return invalid('A rejection needs a message for the merchant', 'message');
      return reject(emit, c.code, c.message, noteOf(c.note));
    }
    case 'add_note':
      if (c.note.trim() === '') return invalid('A note cannot be empty', 'note');
      return emit.event('internal_note_added', s.status, { internalNote: c.note });
    case 'resubmit':
      return resubmit(s, c, emit);
    case 'escalate_review':
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
    case 'complete_activation':
      return emit.event('application_activated', 'active', { walletAccountId: s.walletAccountId });
    case 'operation_failed':
      return operationFailed(s, c, emit);
    case 'retry_operation': {
      const hold = s.hold!; // the precondition: something is on hold
      return emit.event('operation_resumed', hold.resume, { step: hold.step }, { hold: null });
    }
    case 'resolve_screening_hit':
      return resolveScreeningHit(s, c, emit);
    case 'confirm_screening_match':
      return confirmScreeningMatch(s, c, emit);
    case 'add_screening_hits':
      return addScreeningHits(s, c, emit);
    case 'withdraw':
      return emit.event('application_withdrawn', 'withdrawn', c.reason === undefined ? {} : { reason: c.reason }, {
        claim: null,
        hold: null,
      });
    case 'cancel':
      if (c.reason.trim() === '') return invalid('A cancellation needs a reason', 'reason');
      return emit.event('application_canceled', 'canceled', { reason: c.reason }, { claim: null, hold: null });
  }
}

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
    screeningHits: [],
  };
}

export function create(c: Extract<Command, { type: 'create' }>, at: string): Decision {
  const state = initialState(c, at);
  return new Emitter(state, c.actor, at).event('application_created', 'draft', {
    merchantId: c.merchantId,
    profileRevision: c.profileRevision,
    capabilities: c.capabilities,
  });
}

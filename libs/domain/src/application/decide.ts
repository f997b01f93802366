/** `decide(state, command, now)`: the single place where a lifecycle rule is applied. Pure: no clock, no randomness, no I/O. */
import type { DomainError } from '../domain-error';
import { confirmMicroDeposit, bankVerificationFailed } from './bank-verification';
import { Emitter, noteOf } from './emitter';
import { ACTIVATION_STEPS, REVIEWERS, RULES, type ApplicationState, type Command, type Decision } from './model';
import { activationStarted, activationUnderway, operationFailed } from './operations';
import {
  illegal,
  invalid,
  isOwnApplication,
  refused,
  reviewRefused,
  staleRevision,
  words,
  REVIEW_REFUSALS,
  type DecideOptions,
} from './refusals';
import {
  approve,
  claim,
  completePrechecks,
  reject,
  requestChanges,
  requireClaimant,
  resubmit,
  validateReasons,
} from './review';
import { deadlineOf } from './deadlines';

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

export function create(c: Extract<Command, { type: 'create' }>, at: string): Decision {
  const state = initialState(c, at);
  return new Emitter(state, c.actor, at).event('application_created', 'draft', {
    merchantId: c.merchantId,
    profileRevision: c.profileRevision,
    capabilities: c.capabilities,
  });
}

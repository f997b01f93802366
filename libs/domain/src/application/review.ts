/** Review: prechecks' outcome, claims, approvals, requests for changes, rejection and resubmission (who may: preconditions). */
import type { DomainError } from '../domain-error';
import { addDays, addMinutes } from '../policy';
import { isCoveredBy, isValidTarget } from '../profile';
import { MIN_CHANGE_REASONS, type ChangeReason, type FinalRejectionCode } from '../reasons';
import { type Emitter, noteOf, then } from './emitter';
import type { Approval, ApplicationState, Command, Decision } from './model';
import { illegal, invalid, staleRevision } from './refusals';
import { carryResolutions, screeningHitsOf } from './screening';

export function completePrechecks(
  s: ApplicationState,
  c: Extract<Command, { type: 'complete_prechecks' }>,
  emit: Emitter,
): Decision | DomainError {
  // Commands recorded before screening carry no hits: their state stays as it was.
  const hits =
    c.screeningHits === undefined ? {} : { screeningHits: carryResolutions(screeningHitsOf(s), c.screeningHits) };
  const checked = emit.event(
    'prechecks_completed',
    c.outcome.kind === 'review' ? 'in_review' : s.status,
    {
      riskLevel: c.riskLevel,
      findings: c.findings,
      outcome: c.outcome.kind,
      round: s.round,
      ...(c.registry !== undefined ? { registry: c.registry } : {}),
    },
    {
      riskLevel: c.riskLevel,
      findings: c.findings,
      ...(c.registry !== undefined ? { registry: c.registry } : {}),
      ...hits,
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

export function claim(
  s: ApplicationState,
  c: Extract<Command, { type: 'claim' }>,
  emit: Emitter,
): Decision | DomainError {
  // A renewal by the claimant; else the claim is taken once the holder left it idle (a clock check).
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

export function approve(s: ApplicationState, c: Extract<Command, { type: 'approve' }>, emit: Emitter): Decision {
  const approval: Approval = { by: c.actor, at: emit.at };
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

export function approved(_s: ApplicationState, emit: Emitter, approvals: readonly Approval[], note?: string): Decision {
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

export function validateReasons(reasons: readonly ChangeReason[]): DomainError | null {
  if (reasons.length < MIN_CHANGE_REASONS) return invalid('A request for changes needs at least one reason', 'reasons');
  for (const [i, r] of reasons.entries()) {
    if (!isValidTarget(r.target)) return invalid(`Unknown target "${r.target}"`, `reasons[${i}].target`);
    if (r.code === 'OTHER' && r.message.trim() === '') {
      return invalid('Reason code OTHER needs a message', `reasons[${i}].message`);
    }
  }
  return null;
}

/** Opens the targeted fields for resubmission, or rejects for good once the limit is reached. */
export function requestChanges(
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

export function reject(
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

export function resubmit(
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

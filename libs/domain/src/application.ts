/**
 * The merchant application state machine: `decide(state, command, now)` is the single place where a
 * lifecycle rule is written. Pure: no clock, no randomness, no I/O.
 */
import { type DomainError, DomainErrorCode, domainError } from './domain-error';

export const ROLES = ['merchant', 'reviewer', 'senior_reviewer', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** `system` is the engine itself (prechecks, timers, activation); it never comes from a token. */
export type ActorRole = Role | 'system';
export interface Actor {
  readonly role: ActorRole;
  readonly id: string;
}
export const SYSTEM_ACTOR: Actor = { role: 'system', id: 'merchant-onboarding' };

export const APPLICATION_STATUSES = [
  'draft',
  'prechecking',
  'in_review',
  'awaiting_second_approval',
  'changes_requested',
  'bank_verification',
  'agreement_pending',
  'activating',
  'active',
  'rejected',
  'withdrawn',
  'canceled',
  'expired',
] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const TERMINAL_STATUSES: readonly ApplicationStatus[] = [
  'active',
  'rejected',
  'withdrawn',
  'canceled',
  'expired',
];
export const isTerminal = (status: ApplicationStatus): boolean => TERMINAL_STATUSES.includes(status);

export type RiskLevel = 'low' | 'medium' | 'high';
export interface Finding {
  readonly code: string;
  readonly severity: 'info' | 'warning' | 'blocking';
  readonly message: string;
  readonly target?: string;
}

export const FINAL_REJECTION_CODES = ['PROHIBITED_CATEGORY', 'SUSPECTED_FRAUD', 'DUPLICATE_MERCHANT', 'OTHER'] as const;
export type FinalRejectionCode = (typeof FINAL_REJECTION_CODES)[number];

export interface Approval {
  readonly by: Actor;
  readonly at: string;
}

export interface ApplicationState {
  readonly applicationId: string;
  readonly merchantId: string;
  readonly status: ApplicationStatus;
  /** seq of the last event; the next event gets seq + 1. */
  readonly seq: number;
  readonly createdAt: string;
  readonly updatedAt: string;
  readonly profileRevision: number;
  readonly submittedAt: string | null;
  readonly riskLevel: RiskLevel | null;
  readonly findings: readonly Finding[];
  readonly approvals: readonly Approval[];
  readonly rejection: { readonly code: FinalRejectionCode; readonly message: string } | null;
  readonly walletAccountId: string | null;
}

export type Command =
  | {
      readonly type: 'create';
      readonly actor: Actor;
      readonly applicationId: string;
      readonly merchantId: string;
      readonly profileRevision: number;
    }
  | { readonly type: 'submit'; readonly actor: Actor }
  | {
      readonly type: 'complete_prechecks';
      readonly actor: Actor;
      readonly riskLevel: RiskLevel;
      readonly findings: readonly Finding[];
    }
  | { readonly type: 'approve'; readonly actor: Actor; readonly note?: string }
  | {
      readonly type: 'reject';
      readonly actor: Actor;
      readonly code: FinalRejectionCode;
      readonly message: string;
      readonly note?: string;
    }
  | { readonly type: 'complete_activation'; readonly actor: Actor; readonly walletAccountId: string }
  | { readonly type: 'withdraw'; readonly actor: Actor; readonly reason?: string }
  | { readonly type: 'cancel'; readonly actor: Actor; readonly reason: string };
export type CommandType = Command['type'];

export const EVENT_TYPES = [
  'application_created',
  'application_submitted',
  'prechecks_completed',
  'application_approved',
  'second_approval_required',
  'application_rejected',
  'application_activated',
  'application_withdrawn',
  'application_canceled',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface DomainEvent {
  readonly applicationId: string;
  readonly seq: number;
  readonly type: EventType;
  readonly actor: Actor;
  readonly at: string;
  /** Status after this event: the read model is a fold of these. */
  readonly status: ApplicationStatus;
  readonly data: Readonly<Record<string, unknown>>;
}

export interface Decision {
  readonly state: ApplicationState;
  readonly events: readonly DomainEvent[];
}

interface Rule {
  readonly from: readonly ApplicationStatus[] | 'none';
  readonly roles: readonly ActorRole[];
}

/** Who may issue each command, and from which states. Command-specific checks follow in `decide`. */
export const RULES: Readonly<Record<CommandType, Rule>> = {
  create: { from: 'none', roles: ['merchant'] },
  submit: { from: ['draft'], roles: ['merchant'] },
  complete_prechecks: { from: ['prechecking'], roles: ['system'] },
  approve: {
    from: ['in_review', 'awaiting_second_approval'],
    roles: ['reviewer', 'senior_reviewer'],
  },
  reject: {
    from: ['in_review', 'awaiting_second_approval'],
    roles: ['reviewer', 'senior_reviewer'],
  },
  complete_activation: { from: ['activating'], roles: ['system'] },
  withdraw: {
    from: [
      'draft',
      'prechecking',
      'in_review',
      'awaiting_second_approval',
      'changes_requested',
      'bank_verification',
      'agreement_pending',
    ],
    roles: ['merchant'],
  },
  cancel: {
    from: APPLICATION_STATUSES.filter((s) => !isTerminal(s) && s !== 'activating'),
    roles: ['admin'],
  },
};

export function decide(state: ApplicationState | null, command: Command, now: Date): Decision | DomainError {
  const rule = RULES[command.type];
  if (!rule.roles.includes(command.actor.role)) {
    return domainError(
      DomainErrorCode.NotPermitted,
      `A ${command.actor.role} may not ${command.type.replace(/_/g, ' ')} an application`,
      { command: command.type, role: command.actor.role },
    );
  }
  if (command.type === 'create') {
    if (state !== null) {
      return domainError(DomainErrorCode.IllegalTransition, 'The application already exists', {
        command: command.type,
        status: state.status,
      });
    }
    return create(command, now);
  }
  if (state === null) {
    return domainError(DomainErrorCode.IllegalTransition, 'The application does not exist yet', {
      command: command.type,
    });
  }
  if (rule.from === 'none' || !rule.from.includes(state.status)) {
    return domainError(
      DomainErrorCode.IllegalTransition,
      `Cannot ${command.type.replace(/_/g, ' ')} an application that is ${state.status}`,
      { command: command.type, status: state.status },
    );
  }
  if (command.actor.role === 'merchant' && command.actor.id !== state.merchantId) {
    return domainError(DomainErrorCode.NotPermitted, 'Only the owning merchant may act on it', {
      command: command.type,
    });
  }

  const at = now.toISOString();
  const emit = new Emitter(state, command.actor, at);
  switch (command.type) {
    case 'submit':
      return emit.event('application_submitted', 'prechecking', {}, { submittedAt: at });
    case 'complete_prechecks':
      return emit.event(
        'prechecks_completed',
        'in_review',
        { riskLevel: command.riskLevel, findings: command.findings },
        { riskLevel: command.riskLevel, findings: command.findings },
      );
    case 'approve':
      return approve(state, command, emit);
    case 'reject':
      if (command.code === 'OTHER' && command.message.trim() === '') {
        return domainError(DomainErrorCode.ValidationFailed, 'Rejection code OTHER needs a message', {
          field: 'message',
        });
      }
      return emit.event(
        'application_rejected',
        'rejected',
        { code: command.code, message: command.message, ...noteOf(command.note) },
        { rejection: { code: command.code, message: command.message } },
      );
    case 'complete_activation':
      return emit.event(
        'application_activated',
        'active',
        { walletAccountId: command.walletAccountId },
        { walletAccountId: command.walletAccountId },
      );
    case 'withdraw':
      return emit.event('application_withdrawn', 'withdrawn', reasonOf(command.reason), {});
    case 'cancel':
      return emit.event('application_canceled', 'canceled', { reason: command.reason }, {});
  }
}

function create(command: Extract<Command, { type: 'create' }>, now: Date): Decision {
  const at = now.toISOString();
  const state: ApplicationState = {
    applicationId: command.applicationId,
    merchantId: command.merchantId,
    status: 'draft',
    seq: 0,
    createdAt: at,
    updatedAt: at,
    profileRevision: command.profileRevision,
    submittedAt: null,
    riskLevel: null,
    findings: [],
    approvals: [],
    rejection: null,
    walletAccountId: null,
  };
  return new Emitter(state, command.actor, at).event('application_created', 'draft', {
    merchantId: command.merchantId,
    profileRevision: command.profileRevision,
  });
}

function approve(
  state: ApplicationState,
  command: Extract<Command, { type: 'approve' }>,
  emit: Emitter,
): Decision | DomainError {
  const approval: Approval = { by: command.actor, at: emit.at };
  if (state.status === 'awaiting_second_approval') {
    if (command.actor.role !== 'senior_reviewer') {
      return domainError(
        DomainErrorCode.NotPermitted,
        'The second approval of a high-risk application needs a senior reviewer',
        { command: command.type },
      );
    }
    if (state.approvals.some((a) => a.by.id === command.actor.id)) {
      return domainError(
        DomainErrorCode.NotPermitted,
        'The second approval must come from a different person than the first',
        { command: command.type, rule: 'four_eyes' },
      );
    }
    return emit.event('application_approved', 'activating', approvalData(2, command.note), {
      approvals: [...state.approvals, approval],
    });
  }
  if (state.riskLevel === 'high') {
    return emit.event('second_approval_required', 'awaiting_second_approval', approvalData(1, command.note), {
      approvals: [approval],
    });
  }
  return emit.event('application_approved', 'activating', approvalData(1, command.note), {
    approvals: [approval],
  });
}

const approvalData = (ordinal: number, note?: string): Record<string, unknown> => ({
  approval: ordinal,
  ...noteOf(note),
});
/** Internal notes ride in event data under `internalNote`; merchant-facing views drop that key. */
const noteOf = (note?: string): Record<string, unknown> => (note === undefined ? {} : { internalNote: note });
const reasonOf = (reason?: string): Record<string, unknown> => (reason === undefined ? {} : { reason });

/** Builds the next event and state together, so seq, status and updatedAt can never disagree. */
class Emitter {
  constructor(
    private readonly state: ApplicationState,
    private readonly actor: Actor,
    readonly at: string,
  ) {}

  event(
    type: EventType,
    status: ApplicationStatus,
    data: Record<string, unknown>,
    changes: Partial<ApplicationState> = {},
  ): Decision {
    const seq = this.state.seq + 1;
    const event: DomainEvent = {
      applicationId: this.state.applicationId,
      seq,
      type,
      actor: this.actor,
      at: this.at,
      status,
      data,
    };
    return {
      state: { ...this.state, ...changes, status, seq, updatedAt: this.at },
      events: [event],
    };
  }
}

/** The commands an actor of this role could issue now (drives `allowedActions` in the API). */
export function allowedCommands(status: ApplicationStatus, role: ActorRole): CommandType[] {
  return (Object.keys(RULES) as CommandType[]).filter((type) => {
    const rule = RULES[type];
    if (rule.from === 'none' || !rule.from.includes(status)) return false;
    if (!rule.roles.includes(role)) return false;
    if (type === 'approve' && status === 'awaiting_second_approval') {
      return role === 'senior_reviewer';
    }
    return true;
  });
}

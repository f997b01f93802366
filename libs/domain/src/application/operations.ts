/** Automated steps that fail for good: back to the merchant when it can fix it, else an operations hold an admin retries. */
import type { DomainError } from '../domain-error';
import type { ChangeReason } from '../reasons';
import type { Emitter } from './emitter';
import {
  AUTOMATED,
  type ApplicationState,
  type Command,
  type CommandType,
  type Decision,
  type OperationHold,
} from './model';
import { illegal, words } from './refusals';
import { requestChanges } from './review';

/**
 * Failures the merchant can fix, and the feedback they are sent back with (e.g. the bank refuses an
 * incomplete settlement account). Every other failure puts the application on an operations hold.
 */
export const MERCHANT_FIXABLE_FAILURES: Readonly<Record<string, readonly ChangeReason[]>> = {
  BANK_ACCOUNT_INCOMPLETE: [
    {
      target: 'bankAccount',
      code: 'INCOMPLETE_INFORMATION',
      message: 'The bank could not pay into the settlement account: complete the holder name and account number',
    },
  ],
  BANK_ACCOUNT_REJECTED: [
    {
      target: 'bankAccount',
      code: 'BANK_ACCOUNT_UNVERIFIED',
      message: 'The bank refused a transfer to the settlement account: check the account details',
    },
    {
      target: 'bank_account_proof',
      code: 'BANK_ACCOUNT_UNVERIFIED',
      message: 'Provide a current proof of the account',
    },
  ],
};

/** Activity messages are kept short: they are for operators, and may be long stack-like texts. */
export const MAX_FAILURE_MESSAGE = 500;

/**
 * An automated step failed for good (its retries are over or it said it cannot succeed). No failure
 * ends an application: one the merchant can fix goes back to it as feedback; any other puts the
 * application on an operations hold that an admin retries (or cancels), resuming where it stood.
 */
export function operationFailed(
  s: ApplicationState,
  c: Extract<Command, { type: 'operation_failed' }>,
  emit: Emitter,
): Decision | DomainError {
  if (c.step !== 'record_transition' && !AUTOMATED.includes(s.status)) {
    return illegal(c.type, `Cannot ${words(c.type)} an application that is ${s.status}`, { status: s.status });
  }
  const failure = { type: c.failure.type, message: c.failure.message.slice(0, MAX_FAILURE_MESSAGE) };
  const fixable = MERCHANT_FIXABLE_FAILURES[failure.type];
  if (fixable !== undefined && s.status !== 'activating') {
    return requestChanges(s, fixable, emit, { failedStep: c.step, failure });
  }
  const hold: OperationHold = { step: c.step, failure, resume: s.status, since: emit.at };
  return emit.event('operation_held', 'on_hold', { step: c.step, resume: s.status, failure }, { hold, claim: null });
}

/** Activation has begun (see `activationNotStarted` in preconditions): its effects exist. */
export const activationUnderway = (type: CommandType): DomainError =>
  illegal(type, 'Activation has started and its effects exist: an admin retries it; it cannot be abandoned', {
    rule: 'activation_started',
  });

/** Bank verification: the micro-deposit amount confirmed, or the account sent back for changes. */
import { then, type Emitter } from './emitter';
import type { ApplicationState, Command, Decision } from './model';
import { requestChanges } from './review';

export function confirmMicroDeposit(
  s: ApplicationState,
  c: Extract<Command, { type: 'confirm_micro_deposit' }>,
  emit: Emitter,
): Decision {
  const deposit = s.microDeposit!; // the precondition: it was sent
  if (c.matched) {
    return emit.event(
      'bank_account_verified',
      'agreement_pending',
      { attempts: deposit.attempts + 1 },
      {
        microDeposit: { ...deposit, attempts: deposit.attempts + 1 },
        agreementOfferedAt: emit.at,
        lastMerchantActivityAt: emit.at,
      },
    );
  }
  const attempts = deposit.attempts + 1;
  const failed = emit.event(
    'micro_deposit_confirmation_failed',
    s.status,
    { attempts, attemptsLeft: Math.max(0, s.policy.microDepositAttempts - attempts) },
    { microDeposit: { ...deposit, attempts }, lastMerchantActivityAt: emit.at },
  );
  if (attempts < s.policy.microDepositAttempts) return failed;
  return then(failed, (e, next) => bankVerificationFailed(next, e, 'The micro-deposit amount was not confirmed'));
}

export function bankVerificationFailed(s: ApplicationState, emit: Emitter, why: string): Decision {
  return requestChanges(
    s,
    [
      {
        target: 'bankAccount',
        code: 'BANK_ACCOUNT_UNVERIFIED',
        message: `${why}: check the settlement account details`,
      },
      {
        target: 'bank_account_proof',
        code: 'BANK_ACCOUNT_UNVERIFIED',
        message: 'Provide a current proof of the account',
      },
    ],
    emit,
    {},
  );
}

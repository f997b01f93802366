/** What is due from the merchant now: the one rule behind a view's `currentlyDue`. */
import type { ApplicationStatus, DeadlineKind } from './model';
import { currentlyDue, type MccPolicy } from '../prechecks';
import type { ApplicationProfile } from '../profile';
import type { ChangeReason } from '../reasons';

/** The part of the read model (`ReadModel`, or a row of it) that decides what is due. */
export interface DueSubject {
  readonly status: ApplicationStatus;
  readonly openReasons: readonly Pick<ChangeReason, 'target'>[];
  readonly deadlineKind: DeadlineKind | null;
}

/**
 * In a draft, what the profile still lacks (nothing without one); while changes are requested, each
 * field the feedback names, once; the micro-deposit amount while its window is open; the agreement
 * while it is offered; otherwise nothing.
 */
export function dueNow(app: DueSubject, profile: ApplicationProfile | undefined, mcc: MccPolicy): string[] {
  switch (app.status) {
    case 'draft':
      return profile ? currentlyDue(profile, mcc) : [];
    case 'changes_requested':
      return [...new Set(app.openReasons.map((r) => r.target))];
    case 'bank_verification':
      return app.deadlineKind === 'micro_deposit' ? ['micro_deposit_amount'] : [];
    case 'agreement_pending':
      return ['agreement'];
    case 'prechecking':
    case 'in_review':
    case 'awaiting_second_approval':
    case 'activating':
    case 'on_hold':
    case 'active':
    case 'rejected':
    case 'withdrawn':
    case 'canceled':
    case 'expired':
      return [];
  }
}

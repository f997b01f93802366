/**
 * The submit gate: what is still due in a draft blocks its submission, so no reviewer time goes to
 * an incomplete file. A missing industry licence passes the gate: the prechecks turn it into
 * targeted feedback instead.
 */
import { currentlyDue, DEFAULT_MCC_POLICY, type MccPolicy } from '../prechecks';
import { isDocumentKey, type ApplicationProfile } from '../profile';
import type { ApplicationStatus } from './model';

/** One item that blocks a submission: the field path or document type, and what is wrong with it. */
export interface SubmitBlocker {
  readonly field: string;
  readonly message: 'document is missing' | 'is required';
}

/**
 * What blocks submitting an application in `status` with `profile` (empty: nothing does). Only a
 * draft is gated; any other status is the state machine's to refuse or accept.
 */
export function submitBlockers(
  status: ApplicationStatus,
  profile: ApplicationProfile,
  mcc: MccPolicy = DEFAULT_MCC_POLICY,
): SubmitBlocker[] {
  if (status !== 'draft') return [];
  return currentlyDue(profile, mcc)
    .filter((item) => item !== 'industry_license')
    .map((field) => ({ field, message: isDocumentKey(field) ? 'document is missing' : 'is required' }));
}

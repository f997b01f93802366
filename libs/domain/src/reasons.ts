/** The reason-code catalogue: which codes let the merchant fix and resubmit, which are final. */

export const RESUBMITTABLE_CODES = [
  'MISSING_DOCUMENT',
  'DOCUMENT_UNREADABLE',
  'DOCUMENT_EXPIRED',
  'DOCUMENT_MISMATCH',
  'INVALID_IDENTIFIER',
  'BANK_ACCOUNT_NAME_MISMATCH',
  'INCOMPLETE_INFORMATION',
  'RESTRICTED_CATEGORY_LICENSE_REQUIRED',
  /** Raised by the engine when the micro-deposit could not be confirmed. */
  'BANK_ACCOUNT_UNVERIFIED',
  'OTHER',
] as const;
export type ResubmittableCode = (typeof RESUBMITTABLE_CODES)[number];

export const FINAL_REJECTION_CODES = [
  'PROHIBITED_CATEGORY',
  'SUSPECTED_FRAUD',
  'DUPLICATE_MERCHANT',
  /** Raised by the prechecks when the business registry lists the business as revoked or deregistered. */
  'BUSINESS_NOT_OPERATING',
  /** Raised by the engine when a request for changes exceeds the resubmission limit. */
  'RESUBMISSION_LIMIT_REACHED',
  /** A senior reviewer confirmed a screening hit (a sanctioned or listed party). */
  'SANCTIONS_MATCH',
  'OTHER',
] as const;
export type FinalRejectionCode = (typeof FINAL_REJECTION_CODES)[number];

/**
 * A request for changes names at least this many reasons: the domain refuses fewer
 * (`validateReasons`), and the HTTP edge refuses them before (400) with the same bound.
 */
export const MIN_CHANGE_REASONS = 1;

/** What the merchant must fix: a field path (e.g. `business.uscc`) or a document type. */
export interface ChangeReason {
  readonly target: string;
  readonly code: ResubmittableCode;
  readonly message: string;
}

/**
 * The business registry's answer about a USCC (product.md, Business registry), as the prechecks
 * judge it and the application keeps it as evidence. The lookup itself is the worker's.
 */

/** Operating (存续/在业), revoked (吊销), deregistered (注销), or no record of the code. */
export const REGISTRY_STATUSES = ['operating', 'revoked', 'deregistered', 'not_found'] as const;
export type RegistryStatus = (typeof REGISTRY_STATUSES)[number];

export interface RegistryRecord {
  readonly uscc: string;
  readonly status: RegistryStatus;
  /** The registered name and legal representative; null when the registry has no record. */
  readonly legalName: string | null;
  readonly legalRepresentative: string | null;
  /** When the registry was asked (ISO 8601). */
  readonly checkedAt: string;
}

/**
 * Names as the registry and the applicant may both write them: full-width forms folded to their
 * ASCII ones (NFKC: `（` to `(`, `Ａ` to `A`, the ideographic space), whitespace dropped, case folded.
 */
export const normaliseRegisteredName = (name: string): string =>
  name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

/** Whether a name given in the application differs from the registered one (absent on either side: no). */
export function differsFromRegistry(given: string | undefined, registered: string | null): boolean {
  if (!given || !registered) return false;
  return normaliseRegisteredName(given) !== normaliseRegisteredName(registered);
}

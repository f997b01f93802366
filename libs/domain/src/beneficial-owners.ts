/**
 * The beneficial-owner rules (product.md "Who stands behind the business"): what makes a list of
 * owners malformed (the API refuses it with a 400, the console checks it inline) and what is a
 * judgement call for the reviewer (a `BENEFICIAL_OWNER_RULE` warning finding).
 */
import { type BeneficialOwner, MAX_BENEFICIAL_OWNERS, MIN_BENEFICIAL_OWNERS, OWNER_ID_PATTERN } from './profile';

/** A natural person holding at least this share is a beneficial owner (银发〔2017〕235号). */
export const OWNERSHIP_THRESHOLD_PERCENT = 25;
export const BENEFICIAL_OWNER_RULE = 'BENEFICIAL_OWNER_RULE';

/** One malformed part of an owner list: the field path (`beneficialOwners[1].ownershipPercent`) and why. */
export interface OwnerShapeError {
  readonly field: string;
  readonly message: string;
  /** `list`: a rule over several owners (count, duplicate ids, the total); `owner`: one owner's own. */
  readonly scope: 'list' | 'owner';
}

/** In hundredths, so that 33.33 + 33.33 + 33.34 is exactly 100. */
const hundredths = (percent: number): number => Math.round(percent * 100);

/** 0-100 with at most two decimals. */
export const isOwnershipPercent = (value: unknown): value is number =>
  typeof value === 'number' &&
  Number.isFinite(value) &&
  value >= 0 &&
  value <= 100 &&
  Math.abs(value * 100 - hundredths(value)) < 1e-6;

/** The declared ownership of every owner, summed exactly (two decimals). */
export const ownershipTotal = (owners: readonly BeneficialOwner[]): number =>
  owners.reduce((sum, o) => sum + (isOwnershipPercent(o.ownershipPercent) ? hundredths(o.ownershipPercent) : 0), 0) /
  100;

/**
 * What makes a list of owners malformed, by array position as a request names it: too few or too
 * many, an id that is no owner id or is used twice, an ownership owner without a percentage, a
 * percentage out of range, a total over 100.
 */
export function ownerShapeErrors(owners: readonly BeneficialOwner[]): OwnerShapeError[] {
  const errors: OwnerShapeError[] = [];
  if (owners.length < MIN_BENEFICIAL_OWNERS || owners.length > MAX_BENEFICIAL_OWNERS) {
    errors.push({
      field: 'beneficialOwners',
      message: `must list ${MIN_BENEFICIAL_OWNERS} to ${MAX_BENEFICIAL_OWNERS} owners`,
      scope: 'list',
    });
  }
  const seen = new Set<string>();
  for (const [i, owner] of owners.entries()) {
    const at = `beneficialOwners[${i}]`;
    if (typeof owner.id !== 'string' || !OWNER_ID_PATTERN.test(owner.id)) {
      errors.push({ field: `${at}.id`, message: 'must be 1-28 letters, digits, _ or -', scope: 'owner' });
    } else if (seen.has(owner.id)) {
      errors.push({ field: `${at}.id`, message: `duplicates the id ${owner.id} of an earlier owner`, scope: 'list' });
    }
    seen.add(owner.id);
    if (owner.ownershipPercent !== undefined && !isOwnershipPercent(owner.ownershipPercent)) {
      errors.push({
        field: `${at}.ownershipPercent`,
        message: 'must be 0-100 with at most two decimals',
        scope: 'owner',
      });
    }
    if (owner.control === 'ownership' && owner.ownershipPercent === undefined) {
      errors.push({
        field: `${at}.ownershipPercent`,
        message: 'is required when control is ownership',
        scope: 'owner',
      });
    }
  }
  const total = ownershipTotal(owners);
  if (total > 100) {
    errors.push({
      field: 'beneficialOwners',
      message: `ownership percentages sum to ${total}, more than 100`,
      scope: 'list',
    });
  }
  return errors;
}

/** A judgement call for the reviewer about the owners a profile lists: a warning, targeted. */
export interface OwnerRuleBreach {
  readonly message: string;
  readonly target: string;
}

/**
 * Every natural person with >= 25 % must be listed; when nobody reaches 25 %, those who control by
 * other means; when none, the senior manager. What the list cannot prove either way is left to the
 * reviewer: declared shares that leave enough undeclared to hide such an owner, a senior manager
 * named although an owner or controller is known, or nobody who qualifies.
 */
export function ownerRuleBreaches(owners: readonly BeneficialOwner[]): OwnerRuleBreach[] {
  if (owners.length === 0) return [];
  const breaches: OwnerRuleBreach[] = [];
  const reaching = owners.filter(
    (o) => o.control === 'ownership' && (o.ownershipPercent ?? 0) >= OWNERSHIP_THRESHOLD_PERCENT,
  );
  const controlling = owners.filter((o) => o.control === 'other_control');
  const managers = owners.filter((o) => o.control === 'senior_manager');
  const undeclared = (10_000 - hundredths(ownershipTotal(owners))) / 100;
  const declaresOwnership = owners.some((o) => o.control === 'ownership');
  if (declaresOwnership && undeclared >= OWNERSHIP_THRESHOLD_PERCENT) {
    breaches.push({
      message: `${undeclared} % of the ownership is not declared: an owner of ${OWNERSHIP_THRESHOLD_PERCENT} % or more may be missing`,
      target: 'beneficialOwners',
    });
  }
  if (managers.length > 0 && (reaching.length > 0 || controlling.length > 0)) {
    for (const o of managers) {
      breaches.push({
        message: `Owner ${o.id} is named as senior manager although an owner or controller is known`,
        target: `beneficialOwners[${o.id}].control`,
      });
    }
  }
  if (reaching.length === 0 && controlling.length === 0 && managers.length === 0) {
    breaches.push({
      message: `Nobody reaches ${OWNERSHIP_THRESHOLD_PERCENT} %, controls by other means or is named as senior manager`,
      target: 'beneficialOwners',
    });
  }
  return breaches;
}

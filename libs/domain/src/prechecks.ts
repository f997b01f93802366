/**
 * Automated prechecks over a profile revision (product.md): completeness, identifier check digits,
 * documents, duplicates, MCC policy, the bank account holder and the business registry's record. The result is a list of findings,
 * a risk level and, for prohibited or unlicensed restricted categories, an outcome without a human.
 */
import {
  screeningFindingOf,
  type Finding,
  type PrecheckOutcome,
  type RiskLevel,
  type ScreeningHitRecord,
} from './application';
import { BENEFICIAL_OWNER_RULE, ownerRuleBreaches } from './beneficial-owners';
import { isValidResidentId, isValidUscc, passesLuhn } from './identifiers';
import {
  type ApplicationProfile,
  applicantIsLegalRepresentative,
  type DocumentKey,
  isDocumentKey,
  OWNER_FIELDS,
  ownerDocumentKey,
  REQUIRED_DOCUMENTS,
} from './profile';
import type { ChangeReason } from './reasons';
import { differsFromRegistry, type RegistryRecord } from './registry';

export interface MccPolicy {
  /** Final rejection without a human. */
  readonly prohibited: readonly string[];
  /** Allowed only with an `industry_license` document. */
  readonly restricted: readonly string[];
}

export const DEFAULT_MCC_POLICY: MccPolicy = {
  // Gambling, adult content, quasi-cash / crypto, pawn shops.
  prohibited: ['7995', '5967', '6051', '5933'],
  // Pharmacies and drugs, alcohol, money transfer, tobacco, hospitals.
  restricted: ['5912', '5122', '5921', '4829', '5993', '8062'],
};

export interface DocumentLimits {
  readonly maxBytes: number;
  readonly mediaTypes: readonly string[];
}
export const DEFAULT_DOCUMENT_LIMITS: DocumentLimits = {
  maxBytes: 10 * 1024 * 1024,
  mediaTypes: ['application/pdf', 'image/jpeg', 'image/png'],
};

/** Facts the checks need from outside the profile (looked up by the activity). */
export interface PrecheckContext {
  readonly today: string;
  /** Another merchant's live application already uses this USCC. */
  readonly duplicateUscc: boolean;
  /** Documents whose content another merchant's live application already uses. */
  readonly duplicateDocuments: readonly DocumentKey[];
  /** What the business registry answered about the USCC; absent when it was not asked (no valid USCC). */
  readonly registry?: RegistryRecord | null;
  /** The screening provider's potential matches of the subjects (`screeningSubjectsOf`). */
  readonly screeningHits?: readonly ScreeningHitRecord[];
}

export interface PrecheckResult {
  readonly findings: Finding[];
  readonly riskLevel: RiskLevel;
  readonly outcome: PrecheckOutcome;
  /** Present when the context had screening results (each is also a finding). */
  readonly screeningHits?: readonly ScreeningHitRecord[];
}

/** One party screened: the business, the legal representative or a beneficial owner. */
export interface ScreeningSubjectOfProfile {
  /** `business`, `legalRepresentative` or `beneficialOwners[<id>]`. */
  readonly path: string;
  readonly kind: 'person' | 'organisation';
  readonly name: string;
  /** `YYYY-MM-DD`. */
  readonly dateOfBirth?: string;
  /** ISO 3166 alpha-2, lower case. */
  readonly nationality?: string;
  readonly idNumber?: string;
}

/** A resident ID's birth date (digits 7–14) and nationality: what the legal representative's ID says. */
function residentIdFacts(idNumber: string): { dateOfBirth?: string; nationality?: string } {
  if (!isValidResidentId(idNumber)) return {};
  const d = idNumber.slice(6, 14);
  return { dateOfBirth: `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}`, nationality: 'cn' };
}

/** Who is screened: the legal name, the legal representative and every beneficial owner (named ones). */
export function screeningSubjectsOf(profile: ApplicationProfile): ScreeningSubjectOfProfile[] {
  const subjects: ScreeningSubjectOfProfile[] = [];
  const legalName = profile.business?.legalName?.trim();
  if (legalName) subjects.push({ path: 'business', kind: 'organisation', name: legalName });
  const rep = profile.legalRepresentative;
  if (rep?.name?.trim()) {
    subjects.push({
      path: 'legalRepresentative',
      kind: 'person',
      name: rep.name.trim(),
      ...(rep.idNumber ? { idNumber: rep.idNumber } : {}),
      ...(rep.idType === 'resident_id' && rep.idNumber ? residentIdFacts(rep.idNumber) : {}),
    });
  }
  const owners = profile.beneficialOwners ?? [];
  owners.forEach((owner, i) => {
    if (!owner.name?.trim()) return;
    subjects.push({
      path: `beneficialOwners[${owner.id ?? i}]`,
      kind: 'person',
      name: owner.name.trim(),
      ...(owner.dateOfBirth ? { dateOfBirth: owner.dateOfBirth } : {}),
      ...(owner.nationality ? { nationality: owner.nationality.toLowerCase() } : {}),
      ...(owner.idNumber ? { idNumber: owner.idNumber } : {}),
    });
  });
  return subjects;
}

const REQUIRED_FIELDS: readonly [string, (p: ApplicationProfile) => unknown][] = [
  ['business.legalName', (p) => p.business?.legalName],
  ['business.uscc', (p) => p.business?.uscc],
  ['business.registeredAddress', (p) => p.business?.registeredAddress],
  ['business.mcc', (p) => p.business?.mcc],
  ['business.contactEmail', (p) => p.business?.contactEmail],
  ['business.contactPhone', (p) => p.business?.contactPhone],
  ['legalRepresentative.name', (p) => p.legalRepresentative?.name],
  ['legalRepresentative.idType', (p) => p.legalRepresentative?.idType],
  ['legalRepresentative.idNumber', (p) => p.legalRepresentative?.idNumber],
  ['legalRepresentative.idExpiry', (p) => p.legalRepresentative?.idExpiry],
  ['bankAccount.holderName', (p) => p.bankAccount?.holderName],
  ['bankAccount.bankName', (p) => p.bankAccount?.bankName],
  ['bankAccount.accountNumber', (p) => p.bankAccount?.accountNumber],
  ['bankAccount.accountType', (p) => p.bankAccount?.accountType],
];

const blank = (v: unknown): boolean => v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
const normalise = (name: string): string => name.replace(/\s+/g, '').toLowerCase();

/** Every owner field but the percentage, which only an ownership owner must give. */
const OWNER_REQUIRED = OWNER_FIELDS.filter((f) => f !== 'ownershipPercent');

/**
 * What is still missing before the application can pass prechecks (Stripe's `currently_due`):
 * fields, `capabilities`, `beneficialOwners` (none listed) or an owner's field, and document keys
 * (each owner's `beneficial_owner_id[<id>]`; `authorization_letter` when the applicant is not the
 * legal representative).
 */
export function currentlyDue(profile: ApplicationProfile, mcc: MccPolicy = DEFAULT_MCC_POLICY): string[] {
  const due = REQUIRED_FIELDS.filter(([, get]) => blank(get(profile))).map(([path]) => path);
  if ((profile.capabilities ?? []).length === 0) due.push('capabilities');
  const owners = profile.beneficialOwners ?? [];
  if (owners.length === 0) due.push('beneficialOwners');
  for (const owner of owners) {
    const fields = owner.control === 'ownership' ? [...OWNER_REQUIRED, 'ownershipPercent' as const] : OWNER_REQUIRED;
    for (const field of fields) if (blank(owner[field])) due.push(`beneficialOwners[${owner.id}].${field}`);
  }
  const documents: DocumentKey[] = [...REQUIRED_DOCUMENTS, ...owners.map((o) => ownerDocumentKey(o.id))];
  if (!applicantIsLegalRepresentative(profile)) documents.push('authorization_letter');
  if (profile.business?.mcc && mcc.restricted.includes(profile.business.mcc)) documents.push('industry_license');
  for (const key of documents) if (!profile.documents?.[key]) due.push(key);
  return due;
}

export function runPrechecks(
  profile: ApplicationProfile,
  ctx: PrecheckContext,
  mcc: MccPolicy = DEFAULT_MCC_POLICY,
  limits: DocumentLimits = DEFAULT_DOCUMENT_LIMITS,
): PrecheckResult {
  const findings: Finding[] = [];
  const add = (code: string, severity: Finding['severity'], message: string, target?: string): void => {
    findings.push(target === undefined ? { code, severity, message } : { code, severity, message, target });
  };

  for (const path of currentlyDue(profile, mcc)) {
    if (!isDocumentKey(path)) {
      add('INCOMPLETE_INFORMATION', 'blocking', `${path} is missing`, path);
    } else if (path !== 'industry_license') {
      add('MISSING_DOCUMENT', 'blocking', `The ${path.replace(/_/g, ' ')} document is missing`, path);
    }
  }
  const { business = {}, legalRepresentative: rep = {}, bankAccount: bank = {} } = profile;
  if (business.uscc && !isValidUscc(business.uscc)) {
    add('INVALID_IDENTIFIER', 'blocking', 'The unified social credit code fails its check digit', 'business.uscc');
  }
  if (rep.idType === 'resident_id' && rep.idNumber && !isValidResidentId(rep.idNumber)) {
    add(
      'INVALID_IDENTIFIER',
      'blocking',
      'The resident ID number fails its check digit or date',
      'legalRepresentative.idNumber',
    );
  }
  if (rep.idExpiry && rep.idExpiry < ctx.today) {
    add('DOCUMENT_EXPIRED', 'blocking', 'The legal representative’s ID has expired', 'legalRepresentative.idExpiry');
  }
  for (const owner of profile.beneficialOwners ?? []) {
    const at = `beneficialOwners[${owner.id}]`;
    if (owner.idType === 'resident_id' && owner.idNumber && !isValidResidentId(owner.idNumber)) {
      add(
        'INVALID_IDENTIFIER',
        'blocking',
        `Owner ${owner.id}’s resident ID fails its check digit or date`,
        `${at}.idNumber`,
      );
    }
    if (owner.idExpiry && owner.idExpiry < ctx.today) {
      add('DOCUMENT_EXPIRED', 'blocking', `Owner ${owner.id}’s ID has expired`, `${at}.idExpiry`);
    }
  }
  for (const breach of ownerRuleBreaches(profile.beneficialOwners ?? [])) {
    add(BENEFICIAL_OWNER_RULE, 'warning', breach.message, breach.target);
  }
  if (bank.accountNumber && !passesLuhn(bank.accountNumber.replace(/\s/g, ''))) {
    // Corporate accounts and some UnionPay cards fail Luhn legitimately: a hint, not an error.
    add('ACCOUNT_NUMBER_LUHN', 'info', 'The account number does not pass a Luhn check', 'bankAccount.accountNumber');
  }
  if (
    bank.accountType === 'corporate' &&
    bank.holderName &&
    business.legalName &&
    normalise(bank.holderName) !== normalise(business.legalName)
  ) {
    add(
      'BANK_ACCOUNT_NAME_MISMATCH',
      'warning',
      'The corporate account holder differs from the legal name',
      'bankAccount.holderName',
    );
  }
  for (const [type, doc] of Object.entries(profile.documents ?? {})) {
    if (!doc) continue;
    if (!limits.mediaTypes.includes(doc.mediaType) || doc.size > limits.maxBytes) {
      add('DOCUMENT_UNREADABLE', 'blocking', `The ${type.replace(/_/g, ' ')} is not an accepted file`, type);
    }
  }
  if (ctx.duplicateUscc) {
    add('DUPLICATE_MERCHANT', 'blocking', 'Another merchant’s live application uses the same USCC', 'business.uscc');
  }
  const registry = ctx.registry ?? null;
  if (registry?.status === 'not_found') {
    add('REGISTRY_NOT_FOUND', 'blocking', 'The business registry has no record of this USCC', 'business.uscc');
  } else if (registry?.status === 'revoked' || registry?.status === 'deregistered') {
    add(
      'REGISTRY_NOT_OPERATING',
      'blocking',
      `The business registry lists the business as ${registry.status}`,
      'business.uscc',
    );
  }
  if (registry !== null && differsFromRegistry(business.legalName, registry.legalName)) {
    add('REGISTRY_NAME_MISMATCH', 'warning', 'The legal name differs from the registered name', 'business.legalName');
  }
  if (registry !== null && differsFromRegistry(rep.name, registry.legalRepresentative)) {
    add(
      'REGISTRY_LEGAL_REPRESENTATIVE_MISMATCH',
      'warning',
      'The legal representative differs from the registered one',
      'legalRepresentative.name',
    );
  }
  for (const type of ctx.duplicateDocuments) {
    add('DUPLICATE_DOCUMENT', 'warning', `The same ${type.replace(/_/g, ' ')} file is used by another merchant`, type);
  }
  // Each potential match is blocking: the application is high risk until a reviewer resolves it.
  for (const hit of ctx.screeningHits ?? []) findings.push(screeningFindingOf(hit));
  const screened = ctx.screeningHits === undefined ? {} : { screeningHits: ctx.screeningHits };

  const code = business.mcc;
  const restricted = code !== undefined && mcc.restricted.includes(code);
  if (restricted) add('RESTRICTED_CATEGORY', 'warning', `MCC ${code} is a restricted category`, 'business.mcc');
  const volume = business.expectedMonthlyVolume ?? 0;
  if (volume >= 5_000_000)
    add('HIGH_VOLUME', 'warning', 'Expected monthly volume is 5,000,000 or more', 'business.expectedMonthlyVolume');

  const riskLevel: RiskLevel = findings.some((f) => f.severity === 'blocking')
    ? 'high'
    : findings.some((f) => f.severity === 'warning')
      ? 'medium'
      : 'low';

  if (code !== undefined && mcc.prohibited.includes(code)) {
    add('PROHIBITED_CATEGORY', 'blocking', `MCC ${code} is a prohibited category`, 'business.mcc');
    return {
      findings,
      riskLevel: 'high',
      ...screened,
      outcome: {
        kind: 'reject',
        code: 'PROHIBITED_CATEGORY',
        message: `Merchant category ${code} is not accepted on this platform`,
      },
    };
  }
  if (registry?.status === 'revoked' || registry?.status === 'deregistered') {
    return {
      findings,
      riskLevel: 'high',
      ...screened,
      outcome: {
        kind: 'reject',
        code: 'BUSINESS_NOT_OPERATING',
        message: `The business registry lists the business as ${registry.status}`,
      },
    };
  }
  const reasons: ChangeReason[] = [];
  if (restricted && !profile.documents?.industry_license) {
    reasons.push({
      target: 'industry_license',
      code: 'RESTRICTED_CATEGORY_LICENSE_REQUIRED',
      message: `Merchant category ${code} requires an industry license: upload it and resubmit`,
    });
  }
  if (registry?.status === 'not_found') {
    reasons.push({
      target: 'business.uscc',
      code: 'INVALID_IDENTIFIER',
      message: 'The business registry has no record of this unified social credit code: correct it and resubmit',
    });
  }
  if (reasons.length > 0) return { findings, riskLevel, ...screened, outcome: { kind: 'request_changes', reasons } };
  return { findings, riskLevel, ...screened, outcome: { kind: 'review' } };
}

/**
 * The merchant's application profile and the rules about which parts of it may change on
 * resubmission. Profiles live in PostgreSQL; workflows see only revision numbers and field paths.
 */

export const CAPABILITIES = ['qr_payments', 'payment_links', 'e_invoices'] as const;
export type Capability = (typeof CAPABILITIES)[number];

export const DOCUMENT_TYPES = [
  'business_license',
  'legal_rep_id_front',
  'legal_rep_id_back',
  'bank_account_proof',
  'industry_license',
  'storefront_photo',
  /** Due when the applicant is not the legal representative (see `applicantIsLegalRepresentative`). */
  'authorization_letter',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

/** Owner ids are the merchant's own, stable across revisions: reasons and diffs name owners by them. */
export const OWNER_ID_PATTERN = /^[A-Za-z0-9_-]{1,28}$/;
/** One ID document per beneficial owner, keyed by the owner's id: `beneficial_owner_id[owner-1]`. */
export type OwnerDocumentKey = `beneficial_owner_id[${string}]`;
/** What a document is filed under in a profile: a fixed type, or an owner's ID document. */
export type DocumentKey = DocumentType | OwnerDocumentKey;
export const ownerDocumentKey = (ownerId: string): OwnerDocumentKey => `beneficial_owner_id[${ownerId}]`;
const OWNER_DOCUMENT_KEY = /^beneficial_owner_id\[([A-Za-z0-9_-]{1,28})\]$/;
/** The owner id an owner document key names, or undefined for any other key. */
export const ownerIdOfDocumentKey = (key: string): string | undefined => OWNER_DOCUMENT_KEY.exec(key)?.[1];

export const OWNER_CONTROLS = ['ownership', 'other_control', 'senior_manager'] as const;
export type OwnerControl = (typeof OWNER_CONTROLS)[number];
export const MIN_BENEFICIAL_OWNERS = 1;
export const MAX_BENEFICIAL_OWNERS = 10;
export const REQUIRED_DOCUMENTS: readonly DocumentType[] = [
  'business_license',
  'legal_rep_id_front',
  'legal_rep_id_back',
  'bank_account_proof',
];

export interface BusinessProfile {
  readonly legalName?: string;
  readonly uscc?: string;
  readonly registeredAddress?: string;
  readonly businessScope?: string;
  readonly mcc?: string;
  readonly website?: string;
  readonly expectedMonthlyVolume?: number;
  readonly contactEmail?: string;
  readonly contactPhone?: string;
}
export interface LegalRepresentative {
  readonly name?: string;
  readonly idType?: 'resident_id' | 'passport';
  readonly idNumber?: string;
  readonly idExpiry?: string;
}
/**
 * A natural person who owns or controls the business (product.md "Who stands behind the
 * business"); `ownershipPercent` (0-100, two decimals) is required when `control` is `ownership`.
 */
export interface BeneficialOwner {
  readonly id: string;
  readonly name?: string;
  readonly idType?: 'resident_id' | 'passport';
  readonly idNumber?: string;
  readonly idExpiry?: string;
  readonly dateOfBirth?: string;
  /** ISO 3166-1 alpha-2, e.g. `CN`. */
  readonly nationality?: string;
  readonly control?: OwnerControl;
  readonly ownershipPercent?: number;
}
/**
 * The person who fills in the application. Absent (every client before owners existed), or
 * without `isLegalRepresentative`, the applicant is taken to be the legal representative.
 */
export interface Applicant {
  readonly name?: string;
  readonly isLegalRepresentative?: boolean;
}
export const applicantIsLegalRepresentative = (profile: ApplicationProfile): boolean =>
  profile.applicant?.isLegalRepresentative !== false;

export interface BankAccount {
  readonly holderName?: string;
  readonly bankName?: string;
  readonly branch?: string;
  readonly accountNumber?: string;
  readonly accountType?: 'corporate' | 'personal';
}
export interface DocumentRef {
  readonly documentId: string;
  readonly sha256: string;
  readonly mediaType: string;
  readonly size: number;
}

export interface ApplicationProfile {
  readonly business?: BusinessProfile;
  readonly legalRepresentative?: LegalRepresentative;
  readonly bankAccount?: BankAccount;
  readonly capabilities?: readonly Capability[];
  readonly beneficialOwners?: readonly BeneficialOwner[];
  readonly applicant?: Applicant;
  readonly documents?: Partial<Record<DocumentKey, DocumentRef>>;
}

export type ProfilePatch = {
  readonly [K in keyof ApplicationProfile]?: ApplicationProfile[K];
};

/** Only the keys that carry a value: an absent field in a patch never erases a stored one. */
function given<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The patch's list is the new list of owners; an owner already stored (same id) keeps the fields the
 * patch leaves out, so a client need not send back an ID number it was shown masked.
 */
function mergeOwners(base: readonly BeneficialOwner[], patch: readonly BeneficialOwner[]): BeneficialOwner[] {
  return patch.map((o) => ({ ...base.find((b) => b.id === o.id), ...given(o) }) as BeneficialOwner);
}

/**
 * Applies a patch section by section; documents merge by key, capabilities replace, owners replace
 * as a list but merge by id (`mergeOwners`).
 */
export function mergeProfile(base: ApplicationProfile, patch: ProfilePatch): ApplicationProfile {
  return {
    ...base,
    ...(patch.business ? { business: { ...base.business, ...given(patch.business) } } : {}),
    ...(patch.legalRepresentative
      ? { legalRepresentative: { ...base.legalRepresentative, ...given(patch.legalRepresentative) } }
      : {}),
    ...(patch.bankAccount ? { bankAccount: { ...base.bankAccount, ...given(patch.bankAccount) } } : {}),
    ...(patch.capabilities ? { capabilities: [...patch.capabilities] } : {}),
    ...(patch.beneficialOwners
      ? { beneficialOwners: mergeOwners(base.beneficialOwners ?? [], patch.beneficialOwners) }
      : {}),
    ...(patch.applicant ? { applicant: { ...base.applicant, ...given(patch.applicant) } } : {}),
    ...(patch.documents ? { documents: { ...base.documents, ...given(patch.documents) } } : {}),
  };
}

function leaves(value: unknown, prefix: string, out: Map<string, string>): void {
  if (prefix === 'beneficialOwners' && Array.isArray(value)) {
    // By owner id, not position: reordering the list changes nothing, editing one owner names it.
    for (const { id, ...owner } of value as BeneficialOwner[]) leaves(owner, `beneficialOwners[${id}]`, out);
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined) {
    out.set(prefix, JSON.stringify(value));
  }
}

const DOCUMENT_LEAF = /^documents\.([a-z_]+(?:\[[A-Za-z0-9_-]+\])?)\.[a-zA-Z0-9]+$/;

/**
 * The field paths that differ between two revisions, e.g. `business.uscc`; a replaced document
 * shows as `documents.<key>`, capabilities as `capabilities` and an owner's field as
 * `beneficialOwners[<id>].<field>`.
 */
export function changedPaths(before: ApplicationProfile, after: ApplicationProfile): string[] {
  const a = new Map<string, string>();
  const b = new Map<string, string>();
  leaves(before, '', a);
  leaves(after, '', b);
  const changed = new Set<string>();
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    if (a.get(key) === b.get(key)) continue;
    const doc = DOCUMENT_LEAF.exec(key);
    changed.add(doc ? `documents.${doc[1]}` : key);
  }
  return [...changed].sort();
}

/**
 * A target opens a field path and everything under it (`beneficialOwners` opens every owner,
 * `beneficialOwners[<id>]` that owner's fields); a document key opens `documents.<key>`.
 */
export function isCoveredBy(path: string, targets: readonly string[]): boolean {
  return targets.some((target) => {
    const open = isDocumentKey(target) ? `documents.${target}` : target;
    return path === open || path.startsWith(`${open}.`) || path.startsWith(`${open}[`);
  });
}

export const isDocumentType = (value: string): value is DocumentType =>
  (DOCUMENT_TYPES as readonly string[]).includes(value);
export const isDocumentKey = (value: string): value is DocumentKey =>
  isDocumentType(value) || ownerIdOfDocumentKey(value) !== undefined;

/** The value at a field path of a profile (`business.uscc`, `beneficialOwners[o1].name`, `documents.<key>`: its id). */
export function valueAtPath(profile: ApplicationProfile | undefined, path: string): unknown {
  if (path.startsWith('documents.')) {
    const key = path.slice('documents.'.length);
    return isDocumentKey(key) ? profile?.documents?.[key]?.documentId : undefined;
  }
  const owner = /^beneficialOwners\[([A-Za-z0-9_-]+)\](?:\.(\w+))?$/.exec(path);
  if (owner) {
    const found = profile?.beneficialOwners?.find((o) => o.id === owner[1]);
    return owner[2] === undefined ? found : (found as Record<string, unknown> | undefined)?.[owner[2]];
  }
  return path
    .split('.')
    .reduce<unknown>(
      (v, k) => (v !== null && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
      profile,
    );
}

/**
 * The profile's sections and their fields, as a reviewer may name them in a request for changes
 * (`business`, `business.uscc`). The one list of them: validation and the reason catalogue read it.
 */
export const PROFILE_FIELDS = {
  business: [
    'legalName',
    'uscc',
    'registeredAddress',
    'businessScope',
    'mcc',
    'website',
    'expectedMonthlyVolume',
    'contactEmail',
    'contactPhone',
  ],
  legalRepresentative: ['name', 'idType', 'idNumber', 'idExpiry'],
  bankAccount: ['holderName', 'bankName', 'branch', 'accountNumber', 'accountType'],
  applicant: ['name', 'isLegalRepresentative'],
} as const satisfies {
  readonly business: readonly (keyof BusinessProfile)[];
  readonly legalRepresentative: readonly (keyof LegalRepresentative)[];
  readonly bankAccount: readonly (keyof BankAccount)[];
  readonly applicant: readonly (keyof Applicant)[];
};
/** An owner's fields, as a reason names them: `beneficialOwners[<id>].<field>`. */
export const OWNER_FIELDS = [
  'name',
  'idType',
  'idNumber',
  'idExpiry',
  'dateOfBirth',
  'nationality',
  'control',
  'ownershipPercent',
] as const satisfies readonly Exclude<keyof BeneficialOwner, 'id'>[];
export type OwnerField = (typeof OWNER_FIELDS)[number];
/** One owner, or one owner's field: targets that exist only as the owners do. */
export type OwnerTarget = `beneficialOwners[${string}]` | `beneficialOwners[${string}].${OwnerField}`;
export type ProfileSection = keyof typeof PROFILE_FIELDS;
export type FieldTarget =
  | { [S in ProfileSection]: S | `${S}.${(typeof PROFILE_FIELDS)[S][number]}` }[ProfileSection]
  | 'capabilities'
  | 'beneficialOwners';
/** The targets a catalogue can list; with per-owner ones (`OwnerTarget`, owner documents) every target. */
export type ListedTarget = FieldTarget | DocumentType;
export type ReasonTarget = ListedTarget | OwnerTarget | OwnerDocumentKey;

const SECTIONS = Object.keys(PROFILE_FIELDS) as ProfileSection[];
/** Every section, each followed by its fields, then `capabilities` and `beneficialOwners` (every owner). */
export const FIELD_TARGETS: readonly FieldTarget[] = [
  ...SECTIONS.flatMap((section): FieldTarget[] => [
    section,
    ...PROFILE_FIELDS[section].map((field) => `${section}.${field}` as FieldTarget),
  ]),
  'capabilities',
  'beneficialOwners',
];
/**
 * The targets a reason may name that exist whatever the profile holds: a profile section or field
 * path, or a document type. One owner (`beneficialOwners[<id>]`), one owner's field
 * (`beneficialOwners[<id>].idNumber`) and one owner's document (`beneficial_owner_id[<id>]`) are
 * targets too (`isValidTarget`), by pattern.
 */
export const REASON_TARGETS: readonly ListedTarget[] = [...FIELD_TARGETS, ...DOCUMENT_TYPES];
const TARGETS: ReadonlySet<string> = new Set(REASON_TARGETS);
const OWNER_TARGET = new RegExp(`^beneficialOwners\\[[A-Za-z0-9_-]{1,28}\\](?:\\.(?:${OWNER_FIELDS.join('|')}))?$`);

export const isValidTarget = (target: string): target is ReasonTarget =>
  TARGETS.has(target) || OWNER_TARGET.test(target) || ownerIdOfDocumentKey(target) !== undefined;

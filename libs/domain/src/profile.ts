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
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];
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
  readonly documents?: Partial<Record<DocumentType, DocumentRef>>;
}

export type ProfilePatch = {
  readonly [K in keyof ApplicationProfile]?: ApplicationProfile[K];
};

/** Only the keys that carry a value: an absent field in a patch never erases a stored one. */
function given<T extends object>(value: T | undefined): Partial<T> {
  return Object.fromEntries(Object.entries(value ?? {}).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Applies a patch section by section; documents merge by type, capabilities replace. */
export function mergeProfile(base: ApplicationProfile, patch: ProfilePatch): ApplicationProfile {
  return {
    ...base,
    ...(patch.business ? { business: { ...base.business, ...given(patch.business) } } : {}),
    ...(patch.legalRepresentative
      ? { legalRepresentative: { ...base.legalRepresentative, ...given(patch.legalRepresentative) } }
      : {}),
    ...(patch.bankAccount ? { bankAccount: { ...base.bankAccount, ...given(patch.bankAccount) } } : {}),
    ...(patch.capabilities ? { capabilities: [...patch.capabilities] } : {}),
    ...(patch.documents ? { documents: { ...base.documents, ...given(patch.documents) } } : {}),
  };
}

function leaves(value: unknown, prefix: string, out: Map<string, string>): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (value !== undefined) {
    out.set(prefix, JSON.stringify(value));
  }
}

const DOCUMENT_LEAF = /^documents\.([a-z_]+)\.[a-zA-Z0-9]+$/;

/**
 * The field paths that differ between two revisions, e.g. `business.uscc`; a replaced document
 * shows as `documents.<type>` and capabilities as `capabilities`.
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

/** A target opens a field path and everything under it; a document type opens `documents.<type>`. */
export function isCoveredBy(path: string, targets: readonly string[]): boolean {
  return targets.some((target) => {
    const open = (DOCUMENT_TYPES as readonly string[]).includes(target) ? `documents.${target}` : target;
    return path === open || path.startsWith(`${open}.`);
  });
}

export const isDocumentType = (value: string): value is DocumentType =>
  (DOCUMENT_TYPES as readonly string[]).includes(value);

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
} as const satisfies {
  readonly business: readonly (keyof BusinessProfile)[];
  readonly legalRepresentative: readonly (keyof LegalRepresentative)[];
  readonly bankAccount: readonly (keyof BankAccount)[];
};
export type ProfileSection = keyof typeof PROFILE_FIELDS;
export type FieldTarget =
  { [S in ProfileSection]: S | `${S}.${(typeof PROFILE_FIELDS)[S][number]}` }[ProfileSection] | 'capabilities';
export type ReasonTarget = FieldTarget | DocumentType;

const SECTIONS = Object.keys(PROFILE_FIELDS) as ProfileSection[];
/** Every section, each followed by its fields, then `capabilities`. */
export const FIELD_TARGETS: readonly FieldTarget[] = [
  ...SECTIONS.flatMap((section): FieldTarget[] => [
    section,
    ...PROFILE_FIELDS[section].map((field) => `${section}.${field}` as FieldTarget),
  ]),
  'capabilities',
];
/** What a reason may target: a profile section or field path, or a document type. */
export const REASON_TARGETS: readonly ReasonTarget[] = [...FIELD_TARGETS, ...DOCUMENT_TYPES];
const TARGETS: ReadonlySet<string> = new Set(REASON_TARGETS);

export const isValidTarget = (target: string): target is ReasonTarget => TARGETS.has(target);

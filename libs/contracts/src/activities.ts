/** Activity interfaces: workflows proxy these, the worker implements them as Nest providers. */
import type {
  ApplicationState,
  Capability,
  DomainEvent,
  Finding,
  ListEntry,
  PrecheckOutcome,
  RegistryRecord,
  RiskLevel,
  ScreeningHitRecord,
  ScreeningSubjectOfProfile,
} from '@mo/domain';

export interface RecordTransitionInput {
  readonly state: ApplicationState;
  readonly events: readonly DomainEvent[];
  /**
   * After a `TRANSITION_UNRECORDABLE` failure: store each event PostgreSQL still refuses with a
   * marker instead of its data (the log stays gapless, later writes land).
   */
  readonly markUnrecordable?: boolean;
}
/** recordTransition's failure type when PostgreSQL refused the data itself (non-retryable). */
export const TRANSITION_UNRECORDABLE = 'TransitionUnrecordable';

export interface ApplicationRef {
  readonly applicationId: string;
  readonly merchantId: string;
}
export interface PrecheckInput extends ApplicationRef {
  readonly profileRevision: number;
}
export interface PrecheckActivityResult {
  readonly riskLevel: RiskLevel;
  readonly findings: readonly Finding[];
  readonly outcome: PrecheckOutcome;
  /** The business registry's answer the outcome was decided on (absent in results recorded before). */
  readonly registry?: RegistryRecord | null;
  /** Absent in results recorded before screening. */
  readonly screeningHits?: readonly ScreeningHitRecord[];
}
/** runPrechecks' failure type when the business registry stayed unavailable past its bound (non-retryable). */
export const REGISTRY_UNAVAILABLE = 'RegistryUnavailable';

/** One potential match a screening provider found: which subject, which list entry, how close. */
export interface ProviderHit {
  /** The subject's `path` (`business`, `legalRepresentative`, `beneficialOwners[<id>]`). */
  readonly subject: string;
  readonly entry: ListEntry;
  readonly matchedName: string;
  /** 0–1. */
  readonly score: number;
}
/**
 * Who screens the application's parties: the built-in local lists (SCREENING_LISTS), or a vendor's
 * adapter bound in its place (the prechecks and rescreening call only this).
 */
export interface ScreeningProvider {
  /** Screens against the lists in force and says which version they are (recorded with each hit). */
  screen(subjects: readonly ScreeningSubjectOfProfile[]): Promise<{ listVersion: string; hits: ProviderHit[] }>;
  /** Reads the lists again (a failure leaves the previous version serving) and says which version serves now. */
  reload(): Promise<{ version: string; entryCount: number; loadedAt: Date }>;
}
/** The Nest injection token of the `ScreeningProvider` in force. */
export const SCREENING_PROVIDER = Symbol('ScreeningProvider');

export interface MicroDepositRequest extends ApplicationRef {
  readonly profileRevision: number;
  /** One transfer per review round: a retry of the same round reuses it. */
  readonly round: number;
}
export interface MicroDepositCheck {
  readonly applicationId: string;
  readonly transferId: string;
  readonly amount: string;
}

/**
 * Every activity is idempotent: keyed by application id (and seq, round or step), so running it
 * twice, after a retry or a worker crash, has the effect of running it once.
 */
export interface ApplicationActivities {
  recordTransition(input: RecordTransitionInput): Promise<void>;
  runPrechecks(input: PrecheckInput): Promise<PrecheckActivityResult>;
  sendMicroDeposit(input: MicroDepositRequest): Promise<{ transferId: string }>;
  verifyMicroDeposit(input: MicroDepositCheck): Promise<{ matched: boolean }>;
  createWalletAccount(input: ApplicationRef): Promise<{ walletAccountId: string }>;
  enableCapabilities(input: ApplicationRef & { capabilities: readonly Capability[] }): Promise<{ enabled: string }>;
  issueApiCredentials(input: ApplicationRef): Promise<{ credentialId: string }>;
  assignFeePlan(input: ApplicationRef): Promise<{ feePlan: string }>;
}

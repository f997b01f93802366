/** Activity interfaces: workflows proxy these, the worker implements them as Nest providers. */
import type { ApplicationState, DomainEvent, Finding, RiskLevel } from '@mo/domain';

export interface RecordTransitionInput {
  readonly state: ApplicationState;
  readonly events: readonly DomainEvent[];
}

export interface PrecheckInput {
  readonly applicationId: string;
  readonly merchantId: string;
  readonly profileRevision: number;
}
export interface PrecheckResult {
  readonly riskLevel: RiskLevel;
  readonly findings: readonly Finding[];
}

export interface ActivationInput {
  readonly applicationId: string;
  readonly merchantId: string;
}
export interface WalletAccountResult {
  readonly walletAccountId: string;
  /** false when an earlier attempt had already created it. */
  readonly created: boolean;
}

/** Every activity is idempotent: keyed by application id (and seq or step), safe to run twice. */
export interface ApplicationActivities {
  recordTransition(input: RecordTransitionInput): Promise<void>;
  runPrechecks(input: PrecheckInput): Promise<PrecheckResult>;
  createWalletAccount(input: ActivationInput): Promise<WalletAccountResult>;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type {
  Approval,
  ApplicationStatus,
  Capability,
  ChangeReason,
  DeadlineKind,
  Finding,
  OperationHold,
  RegistryRecord,
  RiskLevel,
  ScreeningHitRecord,
} from '@mo/domain';

/** Read model of one application, projected from its events (version = seq of the last one). */
@Entity({ name: 'applications' })
@Index('ix_applications_merchant_created', ['merchantId', 'createdAt'])
@Index('ix_applications_status_submitted', ['status', 'submittedAt'])
export class ApplicationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'merchant_id', type: 'text' })
  merchantId!: string;

  @Column({ type: 'text' })
  status!: ApplicationStatus;

  @Column({ type: 'integer' })
  version!: number;

  @Column({ name: 'profile_revision', type: 'integer' })
  profileRevision!: number;

  @Column({ name: 'risk_level', type: 'text', nullable: true })
  riskLevel!: RiskLevel | null;

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  findings!: Finding[];

  @Column({ type: 'jsonb', nullable: true })
  rejection!: { code: string; message: string } | null;

  @Column({ name: 'wallet_account_id', type: 'uuid', nullable: true })
  walletAccountId!: string | null;

  @Column({ name: 'assignee_id', type: 'text', nullable: true })
  assigneeId!: string | null;

  @Column({ name: 'assignee_role', type: 'text', nullable: true })
  assigneeRole!: string | null;

  @Column({ name: 'claimed_at', type: 'timestamptz', nullable: true })
  claimedAt!: Date | null;

  @Column({ type: 'boolean', default: false })
  escalated!: boolean;

  @Column({ type: 'integer', default: 0 })
  round!: number;

  @Column({ type: 'integer', default: 0 })
  resubmissions!: number;

  @Column({ name: 'deadline_kind', type: 'text', nullable: true })
  deadlineKind!: DeadlineKind | null;

  @Column({ name: 'deadline_at', type: 'timestamptz', nullable: true })
  deadlineAt!: Date | null;

  @Column({ name: 'sla_due_at', type: 'timestamptz', nullable: true })
  slaDueAt!: Date | null;

  @Column({ name: 'open_reasons', type: 'jsonb', default: () => "'[]'::jsonb" })
  openReasons!: ChangeReason[];

  @Column({ name: 'changed_fields', type: 'jsonb', default: () => "'[]'::jsonb" })
  changedFields!: string[];

  @Column({ name: 'requested_capabilities', type: 'jsonb', default: () => "'[]'::jsonb" })
  requestedCapabilities!: Capability[];

  @Column({ type: 'jsonb', default: () => "'[]'::jsonb" })
  approvals!: Approval[];

  @Column({ type: 'jsonb', nullable: true })
  agreement!: { version: string; acceptedAt: string; signatory: string } | null;

  /** While `on_hold`: the failed step, its failure and the status a retry resumes. */
  @Column({ type: 'jsonb', nullable: true })
  hold!: OperationHold | null;

  /** The business registry's answer at the last prechecks (null before they asked it). */
  @Column({ type: 'jsonb', nullable: true })
  registry!: RegistryRecord | null;
  /** Screening's potential matches, each with its list entry and resolution (staff only). */
  @Column({ name: 'screening_hits', type: 'jsonb', default: () => "'[]'::jsonb" })
  screeningHits!: ScreeningHitRecord[];

  @Column({ name: 'micro_deposit_attempts', type: 'integer', default: 0 })
  microDepositAttempts!: number;

  /** The agreement version in the application's own policy (null for rows projected before it). */
  @Column({ name: 'agreement_version', type: 'text', nullable: true })
  agreementVersion!: string | null;

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import type { ApplicationStatus, Finding, RiskLevel } from '@mo/domain';

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

  @Column({ name: 'submitted_at', type: 'timestamptz', nullable: true })
  submittedAt!: Date | null;

  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}

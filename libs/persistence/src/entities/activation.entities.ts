/** Activation effects and the notification outbox: each row keyed so it can exist only once. */
import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity({ name: 'wallet_capabilities' })
export class WalletCapabilityEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @PrimaryColumn({ type: 'text' }) capability!: string;
  @Column({ type: 'text' }) status!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}

@Entity({ name: 'api_credentials' })
export class ApiCredentialEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'application_id', type: 'uuid', unique: true }) applicationId!: string;
  @Column({ name: 'merchant_id', type: 'text' }) merchantId!: string;
  @Column({ name: 'key_id', type: 'text', unique: true }) keyId!: string;
  /** scrypt hash of the secret; null until the merchant reveals it (once). */
  @Column({ name: 'secret_hash', type: 'text', nullable: true }) secretHash!: string | null;
  @Column({ name: 'revealed_at', type: 'timestamptz', nullable: true }) revealedAt!: Date | null;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}

@Entity({ name: 'fee_plan_assignments' })
export class FeePlanAssignmentEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @Column({ name: 'merchant_id', type: 'text' }) merchantId!: string;
  @Column({ name: 'plan_code', type: 'text' }) planCode!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}

@Entity({ name: 'payout_transfers' })
export class PayoutTransferEntity {
  @PrimaryColumn('uuid') id!: string;
  @Column({ name: 'idempotency_key', type: 'text', unique: true }) idempotencyKey!: string;
  @Column({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @Column({ name: 'merchant_id', type: 'text' }) merchantId!: string;
  @Column({ name: 'account_fingerprint', type: 'char', length: 64 }) accountFingerprint!: string;
  @Column({ name: 'amount_cents', type: 'integer' }) amountCents!: number;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
}

@Entity({ name: 'notifications' })
export class NotificationEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' }) applicationId!: string;
  @PrimaryColumn({ type: 'integer' }) seq!: number;
  @PrimaryColumn({ type: 'text' }) recipient!: string;
  @Column({ type: 'text' }) kind!: string;
  @Column({ name: 'merchant_id', type: 'text' }) merchantId!: string;
  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' }) createdAt!: Date;
  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true }) deliveredAt!: Date | null;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The merchant's profile, one row per revision; PII stays here, never in workflow payloads. */
@Entity({ name: 'application_profiles' })
export class ApplicationProfileEntity {
  @PrimaryColumn({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @PrimaryColumn({ type: 'integer' })
  revision!: number;

  @Column({ name: 'merchant_id', type: 'text' })
  merchantId!: string;

  @Column({ type: 'jsonb' })
  data!: Record<string, unknown>;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

import { Column, Entity, PrimaryColumn } from 'typeorm';

/** The merchant's wallet; `application_id` is unique so activation can never create a second one. */
@Entity({ name: 'wallet_accounts' })
export class WalletAccountEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'application_id', type: 'uuid', unique: true })
  applicationId!: string;

  @Column({ name: 'merchant_id', type: 'text' })
  merchantId!: string;

  @Column({ type: 'text' })
  currency!: string;

  @Column({ type: 'text' })
  status!: string;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

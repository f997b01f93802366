import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PayoutTransferEntity } from '../entities/activation.entities';

/** The simulated bank's ledger of micro-deposits (stands in for the real bank's records). */
@Injectable()
export class PayoutRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Records a transfer once per idempotency key; a retry gets the first transfer back. */
  async recordOnce(t: Omit<PayoutTransferEntity, 'id' | 'createdAt'>): Promise<PayoutTransferEntity> {
    await this.db.query(
      `INSERT INTO payout_transfers (id, idempotency_key, application_id, merchant_id, account_fingerprint, amount_cents)
       VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (idempotency_key) DO NOTHING`,
      [randomUUID(), t.idempotencyKey, t.applicationId, t.merchantId, t.accountFingerprint, t.amountCents],
    );
    return this.db.getRepository(PayoutTransferEntity).findOneByOrFail({ idempotencyKey: t.idempotencyKey });
  }

  find(applicationId: string, transferId: string): Promise<PayoutTransferEntity | null> {
    return this.db.getRepository(PayoutTransferEntity).findOneBy({ id: transferId, applicationId });
  }

  listForApplication(applicationId: string): Promise<PayoutTransferEntity[]> {
    return this.db.getRepository(PayoutTransferEntity).find({ where: { applicationId }, order: { createdAt: 'ASC' } });
  }
}

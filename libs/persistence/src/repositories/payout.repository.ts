import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PayoutTransferEntity } from '../entities/activation.entities';
import { columnsOf } from './columns';

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
    const rows: PayoutTransferEntity[] = await this.db.query(
      `SELECT ${columnsOf(this.db, PayoutTransferEntity)} FROM payout_transfers WHERE idempotency_key = $1`,
      [t.idempotencyKey],
    );
    return rows[0]!;
  }

  async find(applicationId: string, transferId: string): Promise<PayoutTransferEntity | null> {
    const rows: PayoutTransferEntity[] = await this.db.query(
      `SELECT ${columnsOf(this.db, PayoutTransferEntity)} FROM payout_transfers WHERE id = $1 AND application_id = $2`,
      [transferId, applicationId],
    );
    return rows[0] ?? null;
  }

  listForApplication(applicationId: string): Promise<PayoutTransferEntity[]> {
    return this.db.query(
      `SELECT ${columnsOf(this.db, PayoutTransferEntity)} FROM payout_transfers
       WHERE application_id = $1 ORDER BY created_at`,
      [applicationId],
    );
  }
}

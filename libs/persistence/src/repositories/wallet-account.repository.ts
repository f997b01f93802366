import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

@Injectable()
export class WalletAccountRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Creates the application's wallet, or returns the one an earlier attempt created. */
  async createOnce(merchantId: string, applicationId: string): Promise<{ walletAccountId: string; created: boolean }> {
    const inserted: { id: string }[] = await this.db.query(
      `INSERT INTO wallet_accounts (id, application_id, merchant_id, currency, status)
       VALUES ($1, $2, $3, 'CNY', 'active')
       ON CONFLICT (application_id) DO NOTHING
       RETURNING id`,
      [randomUUID(), applicationId, merchantId],
    );
    if (inserted.length > 0) return { walletAccountId: inserted[0]!.id, created: true };
    const existing: { id: string }[] = await this.db.query(
      'SELECT id FROM wallet_accounts WHERE application_id = $1 AND merchant_id = $2',
      [applicationId, merchantId],
    );
    if (existing[0] === undefined) {
      throw new Error(`Application ${applicationId} has a wallet, but not for merchant ${merchantId}`);
    }
    return { walletAccountId: existing[0].id, created: false };
  }

  async countForApplication(applicationId: string): Promise<number> {
    const rows: { n: number }[] = await this.db.query(
      'SELECT count(*)::int AS n FROM wallet_accounts WHERE application_id = $1',
      [applicationId],
    );
    return rows[0]!.n;
  }
}

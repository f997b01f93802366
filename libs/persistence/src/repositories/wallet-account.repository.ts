import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { WalletAccountEntity } from '../entities/wallet-account.entity';

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
    const existing = await this.db.getRepository(WalletAccountEntity).findOneByOrFail({ applicationId, merchantId });
    return { walletAccountId: existing.id, created: false };
  }

  countForApplication(applicationId: string): Promise<number> {
    return this.db.getRepository(WalletAccountEntity).countBy({ applicationId });
  }
}

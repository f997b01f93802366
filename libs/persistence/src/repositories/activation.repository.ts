import { randomBytes, randomUUID, scrypt as scryptCb } from 'node:crypto';
import { promisify } from 'node:util';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Capability } from '@mo/domain';
import { ApiCredentialEntity } from '../entities/activation.entities';
import { columnsOf } from './columns';

const scrypt = promisify(scryptCb) as (secret: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** Activation effects other than the wallet; each is keyed by application id and cannot happen twice. */
@Injectable()
export class ActivationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async enableCapabilities(applicationId: string, capabilities: readonly Capability[]): Promise<string[]> {
    for (const capability of capabilities) {
      await this.db.query(
        `INSERT INTO wallet_capabilities (application_id, capability, status) VALUES ($1, $2, 'active')
         ON CONFLICT DO NOTHING`,
        [applicationId, capability],
      );
    }
    const rows: { capability: string }[] = await this.db.query(
      'SELECT capability FROM wallet_capabilities WHERE application_id = $1',
      [applicationId],
    );
    return rows.map((r) => r.capability).sort();
  }

  /** Creates the credential's public key id; the secret is generated only when the merchant reveals it. */
  async createCredential(merchantId: string, applicationId: string): Promise<string> {
    const rows: { id: string }[] = await this.db.query(
      `INSERT INTO api_credentials (id, application_id, merchant_id, key_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (application_id) DO UPDATE SET application_id = EXCLUDED.application_id
       RETURNING id`,
      [randomUUID(), applicationId, merchantId, `mk_${randomBytes(12).toString('hex')}`],
    );
    return rows[0]!.id;
  }

  /**
   * Reveals the API secret exactly once: the first call generates it and stores only its scrypt
   * hash; every later call gets null.
   */
  async revealSecret(merchantId: string, applicationId: string): Promise<{ keyId: string; secret: string } | null> {
    const secret = `sk_${randomBytes(32).toString('base64url')}`;
    const salt = randomBytes(16);
    const hash = `scrypt$${salt.toString('base64url')}$${(await scrypt(secret, salt, 32)).toString('base64url')}`;
    // The conditional update is the once-only gate: two concurrent reveals cannot both win.
    // (TypeORM answers an UPDATE on PostgreSQL with [rows, affectedCount].)
    const [rows] = await this.db.query<[{ key_id: string }[], number]>(
      `UPDATE api_credentials SET secret_hash = $3, revealed_at = now()
       WHERE application_id = $1 AND merchant_id = $2 AND secret_hash IS NULL
       RETURNING key_id`,
      [applicationId, merchantId, hash],
    );
    const row = rows[0];
    return row ? { keyId: row.key_id, secret } : null;
  }

  async findCredential(merchantId: string, applicationId: string): Promise<ApiCredentialEntity | null> {
    const rows: ApiCredentialEntity[] = await this.db.query(
      `SELECT ${columnsOf(this.db, ApiCredentialEntity)} FROM api_credentials
       WHERE application_id = $1 AND merchant_id = $2`,
      [applicationId, merchantId],
    );
    return rows[0] ?? null;
  }

  async assignFeePlan(merchantId: string, applicationId: string, planCode: string): Promise<string> {
    const rows: { plan_code: string }[] = await this.db.query(
      `INSERT INTO fee_plan_assignments (application_id, merchant_id, plan_code) VALUES ($1, $2, $3)
       ON CONFLICT (application_id) DO UPDATE SET application_id = EXCLUDED.application_id
       RETURNING plan_code`,
      [applicationId, merchantId, planCode],
    );
    return rows[0]!.plan_code;
  }

  /** Counts of every activation effect, for tests and the consistency checker. */
  async effectCounts(
    applicationId: string,
  ): Promise<Record<'wallets' | 'capabilities' | 'credentials' | 'feePlans', number>> {
    const [row] = await this.db.query<[Record<'wallets' | 'capabilities' | 'credentials' | 'feePlans', number>]>(
      `SELECT (SELECT count(*) FROM wallet_accounts WHERE application_id = $1)::int AS wallets,
              (SELECT count(*) FROM wallet_capabilities WHERE application_id = $1)::int AS capabilities,
              (SELECT count(*) FROM api_credentials WHERE application_id = $1)::int AS credentials,
              (SELECT count(*) FROM fee_plan_assignments WHERE application_id = $1)::int AS "feePlans"`,
      [applicationId],
    );
    return row;
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplicationProfileEntity } from '../entities/application-profile.entity';

@Injectable()
export class ProfileRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Idempotent: a retried write of the same revision keeps the first one. */
  async saveRevision(
    merchantId: string,
    applicationId: string,
    revision: number,
    data: Record<string, unknown>,
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO application_profiles (application_id, revision, merchant_id, data)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (application_id, revision) DO NOTHING`,
      [applicationId, revision, merchantId, JSON.stringify(data)],
    );
  }

  find(merchantId: string, applicationId: string, revision: number): Promise<ApplicationProfileEntity | null> {
    return this.db.getRepository(ApplicationProfileEntity).findOneBy({ merchantId, applicationId, revision });
  }
}

import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplicationEntity } from '../entities/application.entity';

/** Reads of the application read model. Merchant-scoped reads take the merchant id by signature. */
@Injectable()
export class ApplicationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  findForMerchant(merchantId: string, id: string): Promise<ApplicationEntity | null> {
    return this.db.getRepository(ApplicationEntity).findOneBy({ id, merchantId });
  }

  /** Staff (reviewers, admins) see every application. */
  findForStaff(id: string): Promise<ApplicationEntity | null> {
    return this.db.getRepository(ApplicationEntity).findOneBy({ id });
  }

  listForMerchant(merchantId: string, limit: number): Promise<ApplicationEntity[]> {
    return this.db.getRepository(ApplicationEntity).find({
      where: { merchantId },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }
}

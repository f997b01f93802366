import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DocumentType } from '@mo/domain';
import { DocumentEntity } from '../entities/document.entity';

@Injectable()
export class DocumentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async add(doc: Omit<DocumentEntity, 'createdAt'>): Promise<DocumentEntity> {
    return this.db.getRepository(DocumentEntity).save(doc);
  }

  /** Every version stays: a replaced document keeps its row for the audit. */
  findForMerchant(merchantId: string, applicationId: string, id: string): Promise<DocumentEntity | null> {
    return this.db.getRepository(DocumentEntity).findOneBy({ id, applicationId, merchantId });
  }

  findForStaff(applicationId: string, id: string): Promise<DocumentEntity | null> {
    return this.db.getRepository(DocumentEntity).findOneBy({ id, applicationId });
  }

  listForApplication(applicationId: string): Promise<DocumentEntity[]> {
    return this.db.getRepository(DocumentEntity).find({ where: { applicationId }, order: { createdAt: 'ASC' } });
  }

  /** Types among `hashes` whose content another merchant's live (not final-negative) application uses. */
  async typesUsedElsewhere(
    merchantId: string,
    docs: readonly { type: DocumentType; sha256: string }[],
  ): Promise<DocumentType[]> {
    if (docs.length === 0) return [];
    const rows: { sha256: string }[] = await this.db.query(
      `SELECT DISTINCT d.sha256 FROM documents d JOIN applications a ON a.id = d.application_id
       WHERE d.sha256 = ANY($1) AND d.merchant_id <> $2
         AND a.status NOT IN ('rejected', 'withdrawn', 'canceled', 'expired')`,
      [docs.map((d) => d.sha256), merchantId],
    );
    const used = new Set(rows.map((r) => r.sha256.trim()));
    return docs.filter((d) => used.has(d.sha256)).map((d) => d.type);
  }
}

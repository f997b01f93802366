import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { DocumentKey } from '@mo/domain';
import { DocumentEntity } from '../entities/document.entity';
import { columnsOf } from './columns';

@Injectable()
export class DocumentRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async add(doc: Omit<DocumentEntity, 'createdAt'>): Promise<DocumentEntity> {
    const rows: DocumentEntity[] = await this.db.query(
      `INSERT INTO documents (id, application_id, merchant_id, type, sha256, size, media_type, original_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING ${columnsOf(this.db, DocumentEntity)}`,
      [doc.id, doc.applicationId, doc.merchantId, doc.type, doc.sha256, doc.size, doc.mediaType, doc.originalName],
    );
    return rows[0]!;
  }

  /** Every version stays: a replaced document keeps its row for the audit. */
  async findForMerchant(merchantId: string, applicationId: string, id: string): Promise<DocumentEntity | null> {
    const rows: DocumentEntity[] = await this.db.query(
      `SELECT ${columnsOf(this.db, DocumentEntity)} FROM documents
       WHERE id = $1 AND application_id = $2 AND merchant_id = $3`,
      [id, applicationId, merchantId],
    );
    return rows[0] ?? null;
  }

  /** Upload bytes across every application of one merchant (every version counts). */
  async bytesForMerchant(merchantId: string): Promise<number> {
    const rows: { bytes: string }[] = await this.db.query(
      'SELECT COALESCE(sum(size), 0)::bigint AS bytes FROM documents WHERE merchant_id = $1',
      [merchantId],
    );
    return Number(rows[0]?.bytes ?? 0);
  }

  async findForStaff(applicationId: string, id: string): Promise<DocumentEntity | null> {
    const rows: DocumentEntity[] = await this.db.query(
      `SELECT ${columnsOf(this.db, DocumentEntity)} FROM documents WHERE id = $1 AND application_id = $2`,
      [id, applicationId],
    );
    return rows[0] ?? null;
  }

  listForApplication(applicationId: string): Promise<DocumentEntity[]> {
    return this.db.query(
      `SELECT ${columnsOf(this.db, DocumentEntity)} FROM documents WHERE application_id = $1 ORDER BY created_at`,
      [applicationId],
    );
  }

  /** Types among `hashes` whose content another merchant's live (not final-negative) application uses. */
  async typesUsedElsewhere(
    merchantId: string,
    docs: readonly { type: DocumentKey; sha256: string }[],
  ): Promise<DocumentKey[]> {
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

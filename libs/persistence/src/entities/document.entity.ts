import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { DocumentKey } from '@mo/domain';

/** Metadata of an uploaded file; the bytes live in the DocumentStore under their SHA-256. */
@Entity({ name: 'documents' })
export class DocumentEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column({ name: 'application_id', type: 'uuid' })
  applicationId!: string;

  @Column({ name: 'merchant_id', type: 'text' })
  merchantId!: string;

  @Column({ type: 'text' })
  type!: DocumentKey;

  @Column({ type: 'char', length: 64 })
  sha256!: string;

  @Column({ type: 'integer' })
  size!: number;

  @Column({ name: 'media_type', type: 'text' })
  mediaType!: string;

  @Column({ name: 'original_name', type: 'text', nullable: true })
  originalName!: string | null;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt!: Date;
}

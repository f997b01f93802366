import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface StaffNotification {
  readonly applicationId: string;
  readonly seq: number;
  readonly kind: string;
  readonly at: Date;
}

/** Reads the notification outbox for staff (senior reviewers' escalations), newest first. */
@Injectable()
export class NotificationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async listForStaff(recipient: 'senior_reviewers', limit: number): Promise<StaffNotification[]> {
    const rows: { application_id: string; seq: number; kind: string; created_at: Date }[] = await this.db.query(
      `SELECT application_id, seq, kind, created_at FROM notifications
       WHERE recipient = $1 ORDER BY created_at DESC, application_id, seq LIMIT $2`,
      [recipient, limit],
    );
    return rows.map((r) => ({ applicationId: r.application_id, seq: r.seq, kind: r.kind, at: r.created_at }));
  }
}

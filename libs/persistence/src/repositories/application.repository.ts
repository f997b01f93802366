import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ApplicationEntity } from '../entities/application.entity';
import { columnsOf } from './columns';

/** Reads of the application read model. Merchant-scoped reads take the merchant id by signature. */
@Injectable()
export class ApplicationRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findForMerchant(merchantId: string, id: string): Promise<ApplicationEntity | null> {
    const rows = await this.select('WHERE a.id = $1 AND a.merchant_id = $2', [id, merchantId]);
    return rows[0] ?? null;
  }

  /** The read model's version of an application (its last recorded transition), null before the first. */
  async versionOf(id: string): Promise<number | null> {
    const rows: { version: number }[] = await this.db.query('SELECT version FROM applications WHERE id = $1', [id]);
    return rows[0]?.version ?? null;
  }

  /** Rescreening's walk over every application in these statuses, by id after `after` (system-wide). */
  listForRescreening(statuses: readonly string[], after: string | null, limit: number): Promise<ApplicationEntity[]> {
    return this.select('WHERE a.status = ANY($1) AND a.id > $2 ORDER BY a.id LIMIT $3', [
      statuses,
      after ?? '00000000-0000-0000-0000-000000000000',
      limit,
    ]);
  }

  /** Staff (reviewers, admins) see every application. */
  async findForStaff(id: string): Promise<ApplicationEntity | null> {
    const rows = await this.select('WHERE a.id = $1', [id]);
    return rows[0] ?? null;
  }

  listForMerchant(merchantId: string, limit: number): Promise<ApplicationEntity[]> {
    return this.select('WHERE a.merchant_id = $1 ORDER BY a.created_at DESC, a.id DESC LIMIT $2', [merchantId, limit]);
  }

  /** Applications on an operations hold, longest-held first. */
  onHold(limit: number): Promise<ApplicationEntity[]> {
    return this.select(`WHERE a.status = 'on_hold' ORDER BY a.updated_at, a.id LIMIT $1`, [limit]);
  }

  /**
   * The review queue: open reviews ordered by SLA due time, keyset-paginated on (sla_due_at, id) so
   * a page costs the same at any depth; backed by the partial index ix_applications_review_queue.
   */
  reviewQueue(filter: ReviewQueueFilter, limit: number): Promise<ApplicationEntity[]> {
    const params: unknown[] = [];
    const p = (value: unknown): string => `$${params.push(value)}`;
    const where = [`a.status IN ('in_review', 'awaiting_second_approval')`];
    if (filter.status) where.push(`a.status = ${p(filter.status)}`);
    if (filter.risk) where.push(`a.risk_level = ${p(filter.risk)}`);
    if (filter.escalated !== undefined) where.push(`a.escalated = ${p(filter.escalated)}`);
    if (filter.assignee) where.push(`a.assignee_id = ${p(filter.assignee)}`);
    if (filter.claimed === true) where.push('a.assignee_id IS NOT NULL');
    if (filter.claimed === false) where.push('a.assignee_id IS NULL');
    if (filter.submittedBefore) where.push(`a.submitted_at < ${p(filter.submittedBefore)}`);
    if (filter.submittedAfter) {
      // The review SLA falls due after the submission (the domain's deadlineOf: review start plus a
      // positive SLA), so rows due up to that instant cannot match: the bound lets the SLA-ordered
      // index scan start there instead of walking past every older row.
      const since = p(filter.submittedAfter);
      where.push(`a.submitted_at > ${since}`, `a.sla_due_at > ${since}`);
    }
    if (filter.after) where.push(`(a.sla_due_at, a.id) > (${p(filter.after.slaDueAt)}, ${p(filter.after.id)})`);
    return this.select(`WHERE ${where.join(' AND ')} ORDER BY a.sla_due_at, a.id LIMIT ${p(limit)}`, params);
  }

  /** Every column of `applications a`, in the entity's shape, narrowed and ordered by `rest`. */
  private select(rest: string, params: readonly unknown[]): Promise<ApplicationEntity[]> {
    return this.db.query(`SELECT ${columnsOf(this.db, ApplicationEntity, 'a')} FROM applications a ${rest}`, [
      ...params,
    ]);
  }
}

export interface ReviewQueueFilter {
  readonly status?: 'in_review' | 'awaiting_second_approval';
  readonly risk?: 'low' | 'medium' | 'high';
  readonly escalated?: boolean;
  readonly assignee?: string;
  readonly claimed?: boolean;
  readonly submittedBefore?: string;
  readonly submittedAfter?: string;
  readonly after?: { readonly slaDueAt: string; readonly id: string };
}

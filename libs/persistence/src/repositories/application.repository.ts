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

  /**
   * The review queue: open reviews ordered by SLA due time, keyset-paginated on (sla_due_at, id) so
   * a page costs the same at any depth; backed by the partial index ix_applications_review_queue.
   */
  /** Applications on an operations hold, longest-held first. */
  async onHold(limit: number): Promise<ApplicationEntity[]> {
    return this.db
      .getRepository(ApplicationEntity)
      .createQueryBuilder('a')
      .where(`a.status = 'on_hold'`)
      .orderBy('a.updated_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  async reviewQueue(filter: ReviewQueueFilter, limit: number): Promise<ApplicationEntity[]> {
    const qb = this.db
      .getRepository(ApplicationEntity)
      .createQueryBuilder('a')
      .where(`a.status IN ('in_review', 'awaiting_second_approval')`);
    if (filter.status) qb.andWhere('a.status = :status', { status: filter.status });
    if (filter.risk) qb.andWhere('a.risk_level = :risk', { risk: filter.risk });
    if (filter.escalated !== undefined) qb.andWhere('a.escalated = :escalated', { escalated: filter.escalated });
    if (filter.assignee) qb.andWhere('a.assignee_id = :assignee', { assignee: filter.assignee });
    if (filter.claimed === true) qb.andWhere('a.assignee_id IS NOT NULL');
    if (filter.claimed === false) qb.andWhere('a.assignee_id IS NULL');
    if (filter.submittedBefore) qb.andWhere('a.submitted_at < :before', { before: filter.submittedBefore });
    if (filter.submittedAfter) qb.andWhere('a.submitted_at > :after', { after: filter.submittedAfter });
    if (filter.after) {
      qb.andWhere('(a.sla_due_at, a.id) > (:dueAt, :id)', { dueAt: filter.after.slaDueAt, id: filter.after.id });
    }
    return qb.orderBy('a.sla_due_at', 'ASC').addOrderBy('a.id', 'ASC').limit(limit).getMany();
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

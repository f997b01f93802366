import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The review queue's common filters, each an ordered index scan in SLA order: by risk level, and
 * unclaimed. Without them a narrow filter walked the whole queue (EXPLAIN in docs/performance.md).
 */
export class ReviewQueueIndexes1764115200000 implements MigrationInterface {
  name = 'ReviewQueueIndexes1764115200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX ix_applications_review_queue_risk ON applications (risk_level, sla_due_at, id)
      WHERE status IN ('in_review', 'awaiting_second_approval')`);
    await q.query(`
      CREATE INDEX ix_applications_review_queue_unclaimed ON applications (sla_due_at, id)
      WHERE status IN ('in_review', 'awaiting_second_approval') AND assignee_id IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_applications_review_queue_unclaimed');
    await q.query('DROP INDEX ix_applications_review_queue_risk');
  }
}

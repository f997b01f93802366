import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The review queue's combined filter (unclaimed, one risk level, in SLA order) as one ordered index
 * scan. With only the risk index it walked past the claimed rows of that level (bench/analysis.md).
 */
export class ReviewQueueUnclaimedRisk1764374400000 implements MigrationInterface {
  name = 'ReviewQueueUnclaimedRisk1764374400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX ix_applications_review_queue_unclaimed_risk ON applications (risk_level, sla_due_at, id)
      WHERE status IN ('in_review', 'awaiting_second_approval') AND assignee_id IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_applications_review_queue_unclaimed_risk');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Indexes for the business metrics the API computes when Prometheus scrapes: the milestone events
 * (submission, decisions, activation, escalation) and the undelivered webhook backlog, so a scrape
 * reads index entries of those rows only, not the whole event log.
 */
export class MetricsIndexes1764288000000 implements MigrationInterface {
  name = 'MetricsIndexes1764288000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX ix_application_events_milestones ON application_events (type, application_id, at)
      WHERE type IN ('application_submitted', 'application_approved', 'application_rejected', 'changes_requested',
                     'application_activated', 'review_escalated')`);
    await q.query(
      `CREATE INDEX ix_webhook_deliveries_pending ON webhook_deliveries (created_at) WHERE status <> 'delivered'`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_webhook_deliveries_pending');
    await q.query('DROP INDEX ix_application_events_milestones');
  }
}

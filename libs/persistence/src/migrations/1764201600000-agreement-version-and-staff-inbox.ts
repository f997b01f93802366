import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The read model keeps the agreement version frozen in each application's policy (the view showed
 * today's configured one), and the outbox gets the index the senior reviewers' inbox reads by.
 */
export class AgreementVersionAndStaffInbox1764201600000 implements MigrationInterface {
  name = 'AgreementVersionAndStaffInbox1764201600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE applications ADD COLUMN agreement_version text NULL');
    await q.query('CREATE INDEX ix_notifications_recipient ON notifications (recipient, created_at DESC)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_notifications_recipient');
    await q.query('ALTER TABLE applications DROP COLUMN agreement_version');
  }
}

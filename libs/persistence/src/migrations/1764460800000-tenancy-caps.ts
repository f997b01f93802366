import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The per-merchant caps read a merchant's documents and first profile revisions (creates not yet in
 * the read model): one index scan each instead of a walk through every merchant's rows.
 */
export class TenancyCaps1764460800000 implements MigrationInterface {
  name = 'TenancyCaps1764460800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX ix_documents_merchant ON documents (merchant_id)`);
    await q.query(
      `CREATE INDEX ix_application_profiles_first ON application_profiles (merchant_id, created_at) WHERE revision = 1`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_application_profiles_first');
    await q.query('DROP INDEX ix_documents_merchant');
  }
}

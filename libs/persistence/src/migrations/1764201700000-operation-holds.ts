import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Operations holds in the read model: which step failed, why, and since when (admins list them). */
export class OperationHolds1764201700000 implements MigrationInterface {
  name = 'OperationHolds1764201700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications ADD COLUMN hold jsonb NULL`);
    await q.query(`CREATE INDEX ix_applications_on_hold ON applications (updated_at, id) WHERE status = 'on_hold'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX ix_applications_on_hold');
    await q.query('ALTER TABLE applications DROP COLUMN hold');
  }
}

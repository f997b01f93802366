import type { MigrationInterface, QueryRunner } from 'typeorm';

/** What the business registry answered at the last prechecks, kept with the application as evidence. */
export class RegistryEvidence1764547230000 implements MigrationInterface {
  name = 'RegistryEvidence1764547230000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications ADD COLUMN registry jsonb NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE applications DROP COLUMN registry');
  }
}

import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The screening list versions loaded, and whether open applications and live merchants were rescreened against each. */
export class ScreeningListVersions1764547400000 implements MigrationInterface {
  name = 'ScreeningListVersions1764547400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE screening_list_versions (
      version text PRIMARY KEY,
      entry_count integer NOT NULL,
      loaded_at timestamptz NOT NULL,
      rescreened_at timestamptz NULL
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE screening_list_versions');
  }
}

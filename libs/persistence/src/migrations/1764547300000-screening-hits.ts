import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Screening's potential matches in the read model: each hit, its list entry and its resolution (staff see them). */
export class ScreeningHits1764547300000 implements MigrationInterface {
  name = 'ScreeningHits1764547300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE applications ADD COLUMN screening_hits jsonb NOT NULL DEFAULT '[]'::jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('ALTER TABLE applications DROP COLUMN screening_hits');
  }
}

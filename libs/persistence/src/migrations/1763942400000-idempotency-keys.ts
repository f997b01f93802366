import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency-Key records: a retried POST replays the first answer, across API restarts. */
export class IdempotencyKeys1763942400000 implements MigrationInterface {
  name = 'IdempotencyKeys1763942400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_keys (
        caller text NOT NULL,
        key text NOT NULL,
        request_hash char(64) NOT NULL,
        status_code integer NULL,
        response jsonb NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        completed_at timestamptz NULL,
        PRIMARY KEY (caller, key)
      )`);
    await q.query(`CREATE INDEX ix_idempotency_keys_created ON idempotency_keys (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE idempotency_keys');
  }
}

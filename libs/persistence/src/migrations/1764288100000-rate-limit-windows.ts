import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Rate-limit counters shared by every API instance (fixed windows, keyed by caller and limit): with
 * two API processes an in-memory counter would let each caller through twice.
 */
export class RateLimitWindows1764288100000 implements MigrationInterface {
  name = 'RateLimitWindows1764288100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE UNLOGGED TABLE rate_limit_windows (
        key text NOT NULL,
        throttler text NOT NULL,
        window_start timestamptz NOT NULL,
        window_end timestamptz NOT NULL,
        hits integer NOT NULL,
        PRIMARY KEY (key, throttler, window_start)
      )`);
    await q.query('CREATE INDEX ix_rate_limit_windows_end ON rate_limit_windows (window_end)');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE rate_limit_windows');
  }
}

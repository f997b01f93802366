import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A circuit per webhook endpoint, in PostgreSQL because every worker (and API instance) must see the
 * same one: consecutive failures, and until when deliveries to it are deferred.
 */
export class WebhookCircuits1764205200000 implements MigrationInterface {
  name = 'WebhookCircuits1764205200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE webhook_endpoints
        ADD COLUMN consecutive_failures integer NOT NULL DEFAULT 0,
        ADD COLUMN circuit_open_until timestamptz NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE webhook_endpoints DROP COLUMN circuit_open_until, DROP COLUMN consecutive_failures`);
  }
}

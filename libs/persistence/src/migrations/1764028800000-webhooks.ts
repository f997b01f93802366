import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Merchant webhook endpoints and the delivery log (one row per endpoint and event). */
export class Webhooks1764028800000 implements MigrationInterface {
  name = 'Webhooks1764028800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE webhook_endpoints (
        id uuid PRIMARY KEY,
        merchant_id text NOT NULL,
        url text NOT NULL,
        secret text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        disabled_at timestamptz NULL
      )`);
    await q.query(
      `CREATE INDEX ix_webhook_endpoints_merchant ON webhook_endpoints (merchant_id) WHERE disabled_at IS NULL`,
    );
    await q.query(`
      CREATE TABLE webhook_deliveries (
        endpoint_id uuid NOT NULL REFERENCES webhook_endpoints (id),
        application_id uuid NOT NULL,
        seq integer NOT NULL,
        event_type text NOT NULL,
        status text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        last_status_code integer NULL,
        last_error text NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        delivered_at timestamptz NULL,
        PRIMARY KEY (endpoint_id, application_id, seq)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE webhook_deliveries');
    await q.query('DROP TABLE webhook_endpoints');
  }
}

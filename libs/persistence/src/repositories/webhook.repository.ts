import { randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

export interface WebhookEndpointRow {
  readonly id: string;
  readonly merchantId: string;
  readonly url: string;
  readonly secret: string;
  readonly createdAt: Date;
}

export interface DeliveryRow {
  readonly endpointId: string;
  readonly applicationId: string;
  readonly seq: number;
  readonly eventType: string;
  readonly status: 'pending' | 'delivered';
  readonly attempts: number;
  readonly lastStatusCode: number | null;
  readonly lastError: string | null;
}

const endpoint = (r: Record<string, unknown>): WebhookEndpointRow => ({
  id: r.id as string,
  merchantId: r.merchant_id as string,
  url: r.url as string,
  secret: r.secret as string,
  createdAt: r.created_at as Date,
});

const delivery = (r: Record<string, unknown>): DeliveryRow => ({
  endpointId: r.endpoint_id as string,
  applicationId: r.application_id as string,
  seq: r.seq as number,
  eventType: r.event_type as string,
  status: r.status as 'pending' | 'delivered',
  attempts: r.attempts as number,
  lastStatusCode: r.last_status_code as number | null,
  lastError: r.last_error as string | null,
});

/** Webhook endpoints (merchant-scoped) and the delivery log. */
@Injectable()
export class WebhookRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async create(merchantId: string, url: string): Promise<WebhookEndpointRow> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `INSERT INTO webhook_endpoints (id, merchant_id, url, secret) VALUES ($1, $2, $3, $4) RETURNING *`,
      [randomUUID(), merchantId, url, `whsec_${randomBytes(24).toString('base64url')}`],
    );
    return endpoint(rows[0]!);
  }

  async listActive(merchantId: string): Promise<WebhookEndpointRow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT * FROM webhook_endpoints WHERE merchant_id = $1 AND disabled_at IS NULL ORDER BY created_at`,
      [merchantId],
    );
    return rows.map(endpoint);
  }

  async hasActive(merchantId: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      'SELECT 1 FROM webhook_endpoints WHERE merchant_id = $1 AND disabled_at IS NULL LIMIT 1',
      [merchantId],
    );
    return rows.length > 0;
  }

  async findActive(endpointId: string): Promise<WebhookEndpointRow | null> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT * FROM webhook_endpoints WHERE id = $1 AND disabled_at IS NULL`,
      [endpointId],
    );
    return rows[0] ? endpoint(rows[0]) : null;
  }

  /** True when the merchant's endpoint existed and is now disabled. */
  async disable(merchantId: string, endpointId: string): Promise<boolean> {
    const [rows] = await this.db.query<[unknown[], number]>(
      `UPDATE webhook_endpoints SET disabled_at = now() WHERE id = $1 AND merchant_id = $2 AND disabled_at IS NULL RETURNING id`,
      [endpointId, merchantId],
    );
    return rows.length > 0;
  }

  async findDelivery(endpointId: string, applicationId: string, seq: number): Promise<DeliveryRow | null> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT * FROM webhook_deliveries WHERE endpoint_id = $1 AND application_id = $2 AND seq = $3`,
      [endpointId, applicationId, seq],
    );
    return rows[0] ? delivery(rows[0]) : null;
  }

  /** Logs one attempt; `delivered` marks it done for good. */
  async recordAttempt(
    key: { endpointId: string; applicationId: string; seq: number; eventType: string },
    outcome: { delivered: boolean; statusCode: number | null; error: string | null },
  ): Promise<void> {
    await this.db.query(
      `INSERT INTO webhook_deliveries (endpoint_id, application_id, seq, event_type, status, attempts, last_status_code, last_error, delivered_at)
       VALUES ($1, $2, $3, $4, $5, 1, $6, $7, CASE WHEN $5 = 'delivered' THEN now() END)
       ON CONFLICT (endpoint_id, application_id, seq) DO UPDATE SET
         attempts = webhook_deliveries.attempts + 1, status = EXCLUDED.status,
         last_status_code = EXCLUDED.last_status_code, last_error = EXCLUDED.last_error,
         delivered_at = COALESCE(webhook_deliveries.delivered_at, EXCLUDED.delivered_at)
       WHERE webhook_deliveries.status <> 'delivered'`,
      [
        key.endpointId,
        key.applicationId,
        key.seq,
        key.eventType,
        outcome.delivered ? 'delivered' : 'pending',
        outcome.statusCode,
        outcome.error,
      ],
    );
  }

  async deliveriesFor(applicationId: string): Promise<DeliveryRow[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT * FROM webhook_deliveries WHERE application_id = $1 ORDER BY seq, endpoint_id`,
      [applicationId],
    );
    return rows.map(delivery);
  }
}

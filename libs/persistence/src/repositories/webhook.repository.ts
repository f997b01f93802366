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

/** Whether a delivery to an endpoint may go now, or when its circuit lets the next one try. */
export type CircuitPass = { readonly open: false } | { readonly open: true; readonly retryInMs: number };

export interface CircuitPolicy {
  /** Consecutive failures that open the circuit. */
  readonly failureThreshold: number;
  /** First cool-down; it doubles with each further failure, up to an hour. */
  readonly cooldownSeconds: number;
}

const MAX_COOLDOWN_SECONDS = 3600;

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

  /**
   * Registers an endpoint unless the merchant already has `max` active ones (null then). Serialised
   * per merchant, so concurrent registrations cannot overshoot the cap.
   */
  async createWithin(merchantId: string, url: string, max: number): Promise<WebhookEndpointRow | null> {
    return this.db.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`webhook-endpoints:${merchantId}`]);
      const counted: { n: number }[] = await tx.query(
        'SELECT count(*)::int AS n FROM webhook_endpoints WHERE merchant_id = $1 AND disabled_at IS NULL',
        [merchantId],
      );
      if ((counted[0]?.n ?? 0) >= max) return null;
      const rows: Record<string, unknown>[] = await tx.query(
        `INSERT INTO webhook_endpoints (id, merchant_id, url, secret) VALUES ($1, $2, $3, $4) RETURNING *`,
        [randomUUID(), merchantId, url, `whsec_${randomBytes(24).toString('base64url')}`],
      );
      return endpoint(rows[0]!);
    });
  }

  /**
   * Asks the endpoint's circuit for a delivery. Closed: go. Open: the time left. Cool-down over
   * (half-open): this caller gets the one probe, and the circuit stays open for the others until the
   * probe's outcome is recorded (or another cool-down passes, should the probe die unrecorded).
   */
  async passCircuit(endpointId: string, policy: CircuitPolicy): Promise<CircuitPass> {
    const rows: { failures: number; wait_ms: number | null; probe: boolean }[] = await this.db.query(
      `WITH current AS (
         SELECT id, consecutive_failures AS failures, circuit_open_until AS until
         FROM webhook_endpoints WHERE id = $1 FOR UPDATE
       ), probe AS (
         UPDATE webhook_endpoints e SET circuit_open_until = now() + make_interval(secs => $3)
         FROM current c
         WHERE e.id = c.id AND c.failures >= $2 AND (c.until IS NULL OR c.until <= now())
         RETURNING e.id
       )
       SELECT c.failures,
              CASE WHEN c.until > now() THEN ceil(extract(epoch FROM c.until - now()) * 1000)::int END AS wait_ms,
              EXISTS (SELECT 1 FROM probe) AS probe
       FROM current c`,
      [endpointId, policy.failureThreshold, policy.cooldownSeconds],
    );
    const row = rows[0];
    if (row === undefined || row.failures < policy.failureThreshold || row.probe) return { open: false };
    return { open: true, retryInMs: Math.max(1, row.wait_ms ?? policy.cooldownSeconds * 1000) };
  }

  /** A success closes the circuit; a failure counts, and opens it (longer each time) at the threshold. */
  async recordCircuit(endpointId: string, delivered: boolean, policy: CircuitPolicy): Promise<void> {
    if (delivered) {
      await this.db.query(
        `UPDATE webhook_endpoints SET consecutive_failures = 0, circuit_open_until = NULL
         WHERE id = $1 AND (consecutive_failures <> 0 OR circuit_open_until IS NOT NULL)`,
        [endpointId],
      );
      return;
    }
    await this.db.query(
      `UPDATE webhook_endpoints SET
         consecutive_failures = consecutive_failures + 1,
         circuit_open_until = CASE WHEN consecutive_failures + 1 >= $2
           THEN now() + make_interval(secs => LEAST($4, $3 * power(2, LEAST(20, consecutive_failures + 1 - $2))))
           ELSE circuit_open_until END
       WHERE id = $1`,
      [endpointId, policy.failureThreshold, policy.cooldownSeconds, MAX_COOLDOWN_SECONDS],
    );
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

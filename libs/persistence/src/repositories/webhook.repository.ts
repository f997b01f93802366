import { randomBytes, randomUUID } from 'node:crypto';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, open, parseCodecKeys, seal, type AppConfig, type CodecKeys } from '@mo/config';

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

/**
 * Signing secrets at rest: `enc:v1:<key id>:<base64 iv|ciphertext|tag>`, AES-256-GCM under the
 * payload codec's key ring (TEMPORAL_CODEC_KEYS) with the endpoint id as associated data. Rows
 * written before (plaintext `whsec_…`) or under a key that is no longer active are re-encrypted under
 * the active key when read (lazy migration; `sealStoredSecrets` does all of them at worker start).
 * Without codec keys (development only; production requires them) secrets are stored as they are.
 */
const SEALED = 'enc:v1:';
const secretAad = (endpointId: string): Uint8Array => new TextEncoder().encode(`webhook-secret\0${endpointId}`);

function sealSecret(ring: CodecKeys, endpointId: string, secret: string): string {
  const { keyId, sealed } = seal(ring, new TextEncoder().encode(secret), secretAad(endpointId));
  return `${SEALED}${keyId}:${sealed.toString('base64')}`;
}

function openSecret(ring: CodecKeys | null, endpointId: string, stored: string): { secret: string; stale: boolean } {
  if (!stored.startsWith(SEALED)) return { secret: stored, stale: ring !== null };
  if (ring === null)
    throw new Error(`webhook endpoint ${endpointId}: its secret is encrypted and no codec keys are configured`);
  const [keyId = '', data = ''] = stored.slice(SEALED.length).split(':');
  const secret = open(ring, keyId, Buffer.from(data, 'base64'), secretAad(endpointId)).toString('utf8');
  return { secret, stale: keyId !== ring.activeKeyId };
}

const newSecret = (): string => `whsec_${randomBytes(24).toString('base64url')}`;

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
  private readonly ring: CodecKeys | null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Optional() @Inject(APP_CONFIG) config?: Pick<AppConfig, 'temporal'>,
  ) {
    const codec = config?.temporal.codec;
    this.ring = codec ? parseCodecKeys(codec.keys.reveal(), codec.activeKeyId) : null;
  }

  /** The row with its secret in clear; re-encrypts it under the active key when it is not yet. */
  private async endpoint(r: Record<string, unknown>): Promise<WebhookEndpointRow> {
    const id = r.id as string;
    const stored = r.secret as string;
    const { secret, stale } = openSecret(this.ring, id, stored);
    if (stale && this.ring !== null) {
      await this.db.query('UPDATE webhook_endpoints SET secret = $2 WHERE id = $1 AND secret = $3', [
        id,
        sealSecret(this.ring, id, secret),
        stored,
      ]);
    }
    return {
      id,
      merchantId: r.merchant_id as string,
      url: r.url as string,
      secret,
      createdAt: r.created_at as Date,
    };
  }

  private stored(id: string, secret: string): string {
    return this.ring === null ? secret : sealSecret(this.ring, id, secret);
  }

  /** Encrypts every secret not yet under the active key (plaintext rows from before, rotated keys). */
  async sealStoredSecrets(): Promise<number> {
    if (this.ring === null) return 0;
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT * FROM webhook_endpoints WHERE secret NOT LIKE $1`,
      [`${SEALED}${this.ring.activeKeyId}:%`],
    );
    for (const row of rows) await this.endpoint(row);
    return rows.length;
  }

  async create(merchantId: string, url: string): Promise<WebhookEndpointRow> {
    const id = randomUUID();
    const secret = newSecret();
    const rows: Record<string, unknown>[] = await this.db.query(
      `INSERT INTO webhook_endpoints (id, merchant_id, url, secret) VALUES ($1, $2, $3, $4) RETURNING *`,
      [id, merchantId, url, this.stored(id, secret)],
    );
    return { ...(await this.endpoint(rows[0]!)), secret };
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
      const id = randomUUID();
      const secret = newSecret();
      const rows: Record<string, unknown>[] = await tx.query(
        `INSERT INTO webhook_endpoints (id, merchant_id, url, secret) VALUES ($1, $2, $3, $4) RETURNING *`,
        [id, merchantId, url, this.stored(id, secret)],
      );
      return {
        id,
        merchantId: rows[0]!.merchant_id as string,
        url: rows[0]!.url as string,
        secret,
        createdAt: rows[0]!.created_at as Date,
      };
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

  /** Without their secrets (listing needs none, so none is decrypted). */
  async listActive(merchantId: string): Promise<Omit<WebhookEndpointRow, 'secret'>[]> {
    const rows: Record<string, unknown>[] = await this.db.query(
      `SELECT id, merchant_id, url, created_at FROM webhook_endpoints WHERE merchant_id = $1 AND disabled_at IS NULL ORDER BY created_at`,
      [merchantId],
    );
    return rows.map((r) => ({
      id: r.id as string,
      merchantId: r.merchant_id as string,
      url: r.url as string,
      createdAt: r.created_at as Date,
    }));
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
    return rows[0] ? this.endpoint(rows[0]) : null;
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

/** Drives the HTTP API as merchants and reviewers do, for the e2e tests. */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { DEFAULT_POLICY, type Role } from '@mo/domain';
import { createApplicationBody, requiredDocumentsOf, uniquePdf } from './factories';
import type { Stack } from './stack';

type Body = Record<string, any>;

export class HttpDriver {
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly stack: Stack,
    readonly db: DataSource,
  ) {}

  async token(role: Role, sub: string): Promise<string> {
    const key = `${role}:${sub}`;
    if (!this.tokens.has(key)) this.tokens.set(key, await this.stack.token(role, sub));
    return this.tokens.get(key)!;
  }

  async as(role: Role, sub: string): Promise<{ Authorization: string }> {
    return { Authorization: `Bearer ${await this.token(role, sub)}` };
  }

  async post(role: Role, sub: string, path: string, body: Body = {}, status?: number): Promise<request.Response> {
    const res = await request(this.stack.http)
      .post(path)
      .set(await this.as(role, sub))
      .send(body);
    if (status !== undefined && res.status !== status) {
      throw new Error(
        `POST ${path} as ${role}:${sub}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`,
      );
    }
    return res;
  }

  /**
   * A well-behaved client: one Idempotency-Key, retried through 503s (a dependency down) and
   * "still running" answers until a final one. Every answer is pushed to `answers`.
   */
  async postRetrying(
    role: Role,
    sub: string,
    path: string,
    body: Body,
    answers: number[],
    timeoutMs = 90_000,
  ): Promise<request.Response> {
    const key = randomUUID();
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const res = await request(this.stack.http)
        .post(path)
        .set(await this.as(role, sub))
        .set('Idempotency-Key', key)
        .send(body);
      answers.push(res.status);
      const retry = res.status === 503 || (res.status === 409 && res.body.code === 'IDEMPOTENCY_KEY_IN_PROGRESS');
      if (!retry || Date.now() > deadline) return res;
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async get(role: Role, sub: string, path: string): Promise<request.Response> {
    return request(this.stack.http)
      .get(path)
      .set(await this.as(role, sub));
  }

  async view(id: string, role: Role = 'reviewer', sub = 'alice'): Promise<Body> {
    return (await this.get(role, sub, `/v1/applications/${id}`)).body as Body;
  }

  async eventually(
    id: string,
    done: (view: Body) => boolean,
    role: Role = 'admin',
    sub = 'root',
    timeoutMs = 15_000,
  ): Promise<Body> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = await this.view(id, role, sub);
      if (done(v)) return v;
      if (Date.now() > deadline)
        throw new Error(`application ${id}: condition not met within ${timeoutMs} ms: ${JSON.stringify(v)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async upload(merchant: string, id: string, type: string, file: Buffer = uniquePdf(), status = 201): Promise<Body> {
    const res = await request(this.stack.http)
      .post(`/v1/applications/${id}/documents`)
      .set(await this.as('merchant', merchant))
      .field('type', type)
      .attach('file', file, { filename: `${type}.pdf`, contentType: 'application/pdf' });
    if (res.status !== status)
      throw new Error(`upload ${type}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as Body;
  }

  /** A complete draft: the full profile, the four required documents and each owner's ID document. */
  async completeDraft(merchant: string, body: Body = createApplicationBody()): Promise<string> {
    const created = await this.post('merchant', merchant, '/v1/applications', body, 201);
    const id = created.body.id as string;
    for (const type of requiredDocumentsOf(body)) await this.upload(merchant, id, type);
    return id;
  }

  /** Submitted, prechecked and claimed by `reviewer`. */
  async inReview(merchant: string, reviewer = 'alice', body?: Body): Promise<string> {
    const id = await this.completeDraft(merchant, body);
    await this.post('merchant', merchant, `/v1/applications/${id}/submit`, {}, 200);
    await this.eventually(id, (v) => v.status === 'in_review');
    await this.post('reviewer', reviewer, `/v1/applications/${id}/claim`, {}, 200);
    return id;
  }

  async inBankVerification(merchant: string): Promise<string> {
    const id = await this.inReview(merchant);
    await this.post('reviewer', 'alice', `/v1/applications/${id}/decisions`, { decision: 'approve' }, 200);
    await this.eventually(id, (v) => v.status === 'bank_verification' && v.deadline?.kind === 'micro_deposit');
    return id;
  }

  /** What the merchant reads on its bank statement: the simulated bank's ledger. */
  async microDepositAmount(id: string): Promise<string> {
    const rows: { amount_cents: number }[] = await this.db.query(
      'SELECT amount_cents FROM payout_transfers WHERE application_id = $1 ORDER BY created_at DESC LIMIT 1',
      [id],
    );
    return `0.${String(rows[0]!.amount_cents).padStart(2, '0')}`;
  }

  async acceptAgreement(merchant: string, id: string, status = 200): Promise<request.Response> {
    return this.post(
      'merchant',
      merchant,
      `/v1/applications/${id}/agreement`,
      { version: DEFAULT_POLICY.agreementVersion, signatory: 'Li Lei' },
      status,
    );
  }
}

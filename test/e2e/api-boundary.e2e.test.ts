/**
 * Trust at the API boundary, end to end: Idempotency-Keys scoped per caller and request all the
 * way down to Temporal's Update ids, and the views agreeing with the domain (the agreement version
 * frozen in the application's policy, the reviewer's diff, the list view, separation of duties,
 * escalations delivered to senior reviewers).
 */
import request from 'supertest';
import type { App } from 'supertest/types';
import type { DataSource } from 'typeorm';
import { createApiApp } from '../../apps/api/src/app.factory';
import { connectDatabase } from '../support/database';
import { createApplicationBody } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

/** Short enough that an application in review is escalated within the test. */
const SLA_SECONDS = 4;
let stack: Stack;
let db: DataSource;
let http: HttpDriver;

beforeAll(async () => {
  stack = await startStack('api-boundary', { REVIEW_SLA_HOURS: String(SLA_SECONDS / 3600) });
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack.stop();
  await db.destroy();
});

const merchantId = (name: string): string => `${name}-${Date.now()}-${Math.floor(Math.random() * 1e6)}`;

async function postWithKey(
  role: 'merchant' | 'reviewer' | 'senior_reviewer' | 'admin',
  sub: string,
  path: string,
  key: string,
  body: Record<string, unknown> = {},
): Promise<request.Response> {
  return request(stack.http)
    .post(path)
    .set(await http.as(role, sub))
    .set('Idempotency-Key', key)
    .send(body);
}

describe('Idempotency-Key and Temporal Update ids', () => {
  it("a reviewer's key that the merchant already used on the same application is still applied", async () => {
    const m = merchantId('key-shared');
    const key = `shared-${Date.now()}`;
    const id = await http.completeDraft(m);
    expect((await postWithKey('merchant', m, `/v1/applications/${id}/submit`, key)).status).toBe(200);
    await http.eventually(id, (v) => v.status === 'in_review');

    const claimed = await postWithKey('reviewer', 'alice', `/v1/applications/${id}/claim`, key);
    expect(claimed.status).toBe(200);
    expect(claimed.body.assignee).toMatchObject({ id: 'alice' });
    const events = (await http.get('admin', 'root', `/v1/applications/${id}/events`)).body.events as {
      type: string;
    }[];
    expect(events.map((e) => e.type)).toContain('application_claimed');
  });

  it('a key reused after its 24-hour TTL for another request is applied, not answered from the old one', async () => {
    const m = merchantId('key-expired');
    const key = `expired-${Date.now()}`;
    const created = await http.post('merchant', m, '/v1/applications', createApplicationBody(), 201);
    const id = created.body.id as string;
    const noted = await request(stack.http)
      .patch(`/v1/applications/${id}`)
      .set(await http.as('merchant', m))
      .set('Idempotency-Key', key)
      .send({ business: { website: 'https://first.example.com' } });
    expect(noted.status).toBe(200);

    // 25 hours later, as far as the key store is concerned.
    await db.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE caller = $1 AND key = $2`,
      [`merchant:${m}`, key],
    );
    const withdrawn = await postWithKey('merchant', m, `/v1/applications/${id}/withdraw`, key, { reason: 'later' });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.status).toBe('withdrawn');
    expect((await http.view(id, 'merchant', m)).status).toBe('withdrawn');
  });

  it('a key reused after its TTL on the same route with another body is applied too', async () => {
    const m = merchantId('key-expired-same-route');
    const key = `expired-same-${Date.now()}`;
    const created = await http.post('merchant', m, '/v1/applications', createApplicationBody(), 201);
    const id = created.body.id as string;
    const patch = (website: string) =>
      http
        .as('merchant', m)
        .then((auth) =>
          request(stack.http)
            .patch(`/v1/applications/${id}`)
            .set(auth)
            .set('Idempotency-Key', key)
            .send({ business: { website } }),
        );
    expect((await patch('https://first.example.com')).status).toBe(200);
    await db.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE caller = $1 AND key = $2`,
      [`merchant:${m}`, key],
    );
    const second = await patch('https://second.example.com');
    expect(second.status).toBe(200);
    expect(second.body.profile.business.website).toBe('https://second.example.com');
  });
});

describe('views agree with the domain', () => {
  it('shows the agreement version frozen in the application, not the one configured today', async () => {
    const m = merchantId('agreement-version');
    const id = await http.inBankVerification(m);
    const amount = await http.microDepositAmount(id);
    await http.post('merchant', m, `/v1/applications/${id}/bank-verification`, { amount }, 200);
    await http.eventually(id, (v) => v.status === 'agreement_pending');

    // An operator publishes a new agreement: new applications get it, this one keeps its own.
    const previous = process.env.AGREEMENT_VERSION;
    process.env.AGREEMENT_VERSION = '2027-07';
    const { app: upgraded } = await createApiApp();
    await upgraded.init();
    try {
      const view = await request(upgraded.getHttpServer() as App)
        .get(`/v1/applications/${id}`)
        .set(await http.as('merchant', m));
      expect(view.body.agreementVersion).toBe('2026-01');
      const accepted = await request(upgraded.getHttpServer() as App)
        .post(`/v1/applications/${id}/agreement`)
        .set(await http.as('merchant', m))
        .send({ version: view.body.agreementVersion, signatory: 'Li Lei' });
      expect(accepted.status).toBe(200);
    } finally {
      await upgraded.close();
      if (previous === undefined) delete process.env.AGREEMENT_VERSION;
      else process.env.AGREEMENT_VERSION = previous;
    }
  });

  it("the reviewer's diff compares with the revision that was reviewed, even after an orphan revision", async () => {
    const m = merchantId('orphan-diff');
    const id = await http.inReview(m);
    const reviewed = await http.view(id);
    const website = reviewed.profile.business.website as string | undefined;
    await http.post(
      'reviewer',
      'alice',
      `/v1/applications/${id}/decisions`,
      {
        decision: 'request_changes',
        reasons: [{ target: 'business.website', code: 'INCOMPLETE_INFORMATION', message: 'Add the shop URL' }],
      },
      200,
    );
    // A request that failed after storing its revision (e.g. the API died) leaves an orphan behind.
    await db.query(
      `INSERT INTO application_profiles (application_id, revision, merchant_id, data)
       SELECT application_id, revision + 1, merchant_id,
              jsonb_set(data, '{business,website}', '"https://orphan.example.com"')
       FROM application_profiles WHERE application_id = $1 AND revision = $2`,
      [id, await latestRevision(id)],
    );
    const resubmitted = await http.post(
      'merchant',
      m,
      `/v1/applications/${id}/resubmit`,
      { changes: { business: { website: 'https://new-shop.example.com' } } },
      200,
    );
    expect(resubmitted.body.status).toBe('prechecking');
    const staff = await http.view(id, 'admin', 'root');
    expect(staff.changes).toEqual([
      { field: 'business.website', before: website, after: 'https://new-shop.example.com' },
    ]);
  });

  it('the list shows what is currently due, as the detail does', async () => {
    const m = merchantId('list-due');
    const created = await http.post('merchant', m, '/v1/applications', { capabilities: ['qr_payments'] }, 201);
    const detail = await http.view(created.body.id as string, 'merchant', m);
    expect(detail.currentlyDue.length).toBeGreaterThan(0);
    const list = await http.get('merchant', m, '/v1/applications');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0].currentlyDue).toEqual(detail.currentlyDue);
  });

  it('a reviewer whose id is the merchant of the application can neither claim nor be given it', async () => {
    const person = merchantId('self-review');
    const id = await http.completeDraft(person);
    await http.post('merchant', person, `/v1/applications/${id}/submit`, {}, 200);
    await http.eventually(id, (v) => v.status === 'in_review');

    const asReviewer = await http.view(id, 'reviewer', person);
    expect(asReviewer.allowedActions).not.toContain('claim');
    const claim = await http.post('reviewer', person, `/v1/applications/${id}/claim`, {}, 403);
    expect(claim.body.code).toBe('NOT_PERMITTED');
    const reassign = await http.post(
      'admin',
      'root',
      `/v1/applications/${id}/reassign`,
      { reviewerId: person, reviewerRole: 'reviewer' },
      403,
    );
    expect(reassign.body.code).toBe('NOT_PERMITTED');
    expect((await http.view(id)).assignee).toBeNull();
  });

  it('an SLA escalation reaches senior reviewers', async () => {
    const m = merchantId('escalation');
    const id = await http.completeDraft(m);
    await http.post('merchant', m, `/v1/applications/${id}/submit`, {}, 200);
    await http.eventually(id, (v) => v.escalated === true, 'admin', 'root', 30_000);

    const inbox = await http.get('senior_reviewer', 'sue', '/v1/review/notifications');
    expect(inbox.status).toBe(200);
    expect(inbox.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ applicationId: id, kind: 'review_escalated', at: expect.any(String) }),
      ]),
    );
    expect((await http.get('reviewer', 'alice', '/v1/review/notifications')).status).toBe(403);
  });
});

async function latestRevision(id: string): Promise<number> {
  const rows: { revision: number }[] = await db.query(
    'SELECT max(revision) AS revision FROM application_profiles WHERE application_id = $1',
    [id],
  );
  return rows[0]!.revision;
}

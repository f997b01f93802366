/**
 * The whole lifecycle over HTTP on the real stack (API, worker, Temporal dev server, PostgreSQL):
 * every path of product.md as merchants and reviewers walk it.
 */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { ActivationRepository } from '@mo/persistence';
import { connectDatabase } from '../support/database';
import { createApplicationBody, uniquePdf } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;

beforeAll(async () => {
  stack = await startStack('lifecycle');
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack.stop();
  await db.destroy();
});

const merchantId = (name: string): string => `${name}-${Math.random().toString(36).slice(2, 8)}`;

describe('lifecycle over HTTP', () => {
  it('happy path: draft → review → bank verification → agreement → active, each effect once', async () => {
    const m = merchantId('happy');
    const created = await http.post('merchant', m, '/v1/applications', createApplicationBody(), 201);
    const id = created.body.id as string;
    expect(created.body.currentlyDue).toEqual([
      'business_license',
      'legal_rep_id_front',
      'legal_rep_id_back',
      'bank_account_proof',
      'beneficial_owner_id[owner-1]',
    ]);
    expect(created.body.profile.legalRepresentative.idNumber).toBe('**************002X');
    expect(created.body.profile.bankAccount.accountNumber).toMatch(/^\*+5679$/);
    const incomplete = await http.post('merchant', m, `/v1/applications/${id}/submit`, {}, 422);
    expect(incomplete.body).toMatchObject({ code: 'APPLICATION_INCOMPLETE' });
    expect(incomplete.body.errors.map((e: { field: string }) => e.field)).toEqual([
      'business_license',
      'legal_rep_id_front',
      'legal_rep_id_back',
      'bank_account_proof',
      'beneficial_owner_id[owner-1]',
    ]);
    for (const type of [
      'business_license',
      'legal_rep_id_front',
      'legal_rep_id_back',
      'bank_account_proof',
      'beneficial_owner_id[owner-1]',
    ]) {
      const doc = await http.upload(m, id, type);
      expect(doc).toMatchObject({ type, mediaType: 'application/pdf', attached: true });
    }
    const draft = await http.view(id, 'merchant', m);
    expect(draft).toMatchObject({ status: 'draft', currentlyDue: [], deadline: { kind: 'draft_inactivity' } });

    await http.post('merchant', m, `/v1/applications/${id}/submit`, {}, 200);
    const review = await http.eventually(id, (v) => v.status === 'in_review', 'reviewer', 'alice');
    expect(review).toMatchObject({
      risk: { level: 'low', findings: [] },
      deadline: { kind: 'review_sla' },
      assignee: null,
    });
    expect(review.profile.legalRepresentative.idNumber).toBe('11010519491231002X');
    expect(review.allowedActions).toEqual(['claim', 'add_note']);

    const queue = await http.get('reviewer', 'alice', '/v1/review/queue?claimed=false');
    expect(queue.body.items.map((i: { id: string }) => i.id)).toContain(id);

    await http.post('reviewer', 'alice', `/v1/applications/${id}/claim`, {}, 200);
    await http.post(
      'reviewer',
      'alice',
      `/v1/applications/${id}/decisions`,
      { decision: 'approve', note: 'all consistent' },
      200,
    );
    const bank = await http.eventually(id, (v) => v.deadline?.kind === 'micro_deposit', 'merchant', m);
    expect(bank).toMatchObject({ status: 'bank_verification', currentlyDue: ['micro_deposit_amount'] });
    // The amount is never in what the merchant is shown.
    expect(JSON.stringify(bank)).not.toMatch(/amount_?cents|"amount"/i);

    const agreement = await http.post(
      'merchant',
      m,
      `/v1/applications/${id}/bank-verification`,
      { amount: await http.microDepositAmount(id) },
      200,
    );
    expect(agreement.body).toMatchObject({
      status: 'agreement_pending',
      agreementVersion: '2026-01',
      deadline: { kind: 'agreement' },
    });
    await http.acceptAgreement(m, id);
    const active = await http.eventually(id, (v) => v.status === 'active', 'merchant', m);
    expect(active.walletAccountId).toEqual(expect.any(String));
    for (const staffOnly of ['risk', 'assignee', 'escalated', 'changes']) expect(active).not.toHaveProperty(staffOnly);

    // Temporal's history holds ids and field paths only (no name, ID number or account number),
    // and even those only encrypted: every payload is AES-GCM under the active key.
    const rawHistory = await stack.temporal.workflow.getHandle(`merchant-application:${id}`).fetchHistory();
    const history = JSON.stringify(rawHistory);
    const input = rawHistory.events![0]!.workflowExecutionStartedEventAttributes!.input!.payloads![0]!;
    expect(Buffer.from(input.metadata!.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(input.data!).toString('latin1')).not.toContain(m);
    const decoded = await request(stack.http)
      .post('/codec/decode')
      .set(await http.as('admin', 'root'))
      .send({
        payloads: [
          {
            metadata: Object.fromEntries(
              Object.entries(input.metadata!).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
            ),
            data: Buffer.from(input.data!).toString('base64'),
          },
        ],
      })
      .expect(200);
    expect(Buffer.from(decoded.body.payloads[0].data, 'base64').toString()).toContain(m);
    await request(stack.http)
      .post('/codec/decode')
      .set(await http.as('merchant', m))
      .send({ payloads: [] })
      .expect(403);
    for (const pii of [
      '11010519491231002X',
      '6222020200112345679',
      'Li Lei',
      'Fuzhou Example Trading',
      'finance@example.com',
    ]) {
      expect(history).not.toContain(pii);
    }

    expect(await new ActivationRepository(db).effectCounts(id)).toEqual({
      wallets: 1,
      capabilities: 2,
      credentials: 1,
      feePlans: 1,
    });
    const secret = await http.post('merchant', m, `/v1/applications/${id}/credentials`, {}, 200);
    expect(secret.body).toEqual({ keyId: expect.stringMatching(/^mk_/), secret: expect.stringMatching(/^sk_/) });
    const again = await http.post('merchant', m, `/v1/applications/${id}/credentials`, {}, 409);
    expect(again.body.code).toBe('CREDENTIAL_ALREADY_REVEALED');
    const [stored] = await db.query('SELECT secret_hash FROM api_credentials WHERE application_id = $1', [id]);
    expect(stored.secret_hash).toMatch(/^scrypt\$/);
    expect(stored.secret_hash).not.toContain(secret.body.secret);

    const timeline = (await http.get('merchant', m, `/v1/applications/${id}/events`)).body.events as {
      seq: number;
      type: string;
      actor: object;
    }[];
    expect(timeline.map((e) => e.type)).toEqual([
      'application_created',
      // One per uploaded document: the four required ones and the owner's ID.
      'draft_updated',
      'draft_updated',
      'draft_updated',
      'draft_updated',
      'draft_updated',
      'application_submitted',
      'prechecks_completed',
      'application_approved',
      'micro_deposit_sent',
      'bank_account_verified',
      'agreement_accepted',
      'activation_step_completed',
      'activation_step_completed',
      'activation_step_completed',
      'activation_step_completed',
      'application_activated',
    ]);
    expect(timeline.find((e) => e.type === 'application_approved')!.actor).toEqual({ role: 'reviewer' });
    const staff = (await http.get('admin', 'root', `/v1/applications/${id}/events`)).body.events as {
      seq: number;
      type: string;
      data: object;
    }[];
    expect(staff.map((e) => e.seq)).toEqual(staff.map((_, i) => i + 1));
    expect(staff.find((e) => e.type === 'application_approved')!.data).toMatchObject({
      internalNote: 'all consistent',
    });
    const notifications = await db.query('SELECT kind FROM notifications WHERE application_id = $1 ORDER BY seq', [id]);
    expect(notifications.map((n: { kind: string }) => n.kind)).toEqual([
      'application_submitted',
      'application_approved',
      'micro_deposit_sent',
      'bank_account_verified',
      'agreement_accepted',
      'application_activated',
    ]);
  });

  it('request changes → resubmit the targeted document → approve; the reviewer sees the diff', async () => {
    const m = merchantId('resubmit');
    const id = await http.inReview(m);
    const original = await http.view(id);
    await http.post(
      'reviewer',
      'alice',
      `/v1/applications/${id}/decisions`,
      {
        decision: 'request_changes',
        reasons: [{ target: 'business_license', code: 'DOCUMENT_EXPIRED', message: 'The licence expired in 2025' }],
        note: 'internal',
      },
      200,
    );
    const feedback = await http.view(id, 'merchant', m);
    expect(feedback).toMatchObject({
      status: 'changes_requested',
      round: 1,
      currentlyDue: ['business_license'],
      feedback: [{ target: 'business_license', code: 'DOCUMENT_EXPIRED', message: 'The licence expired in 2025' }],
      deadline: { kind: 'resubmission' },
    });

    // Only a targeted document type may be uploaded now.
    const refused = await request(stack.http)
      .post(`/v1/applications/${id}/documents`)
      .set(await http.as('merchant', m))
      .field('type', 'bank_account_proof')
      .attach('file', uniquePdf(), 'x.pdf');
    expect(refused.status).toBe(422);
    const licence = await http.upload(m, id, 'business_license');
    expect(licence.attached).toBe(false);

    const resubmitted = await http.post(
      'merchant',
      m,
      `/v1/applications/${id}/resubmit`,
      { changes: {}, documents: { business_license: licence.id } },
      200,
    );
    expect(resubmitted.body).toMatchObject({ round: 2 });
    const review = await http.eventually(id, (v) => v.status === 'in_review');
    expect(review.changes).toEqual([
      {
        field: 'documents.business_license',
        before: original.profile.documents.business_license.documentId,
        after: licence.id,
      },
    ]);
    await http.post('reviewer', 'alice', `/v1/applications/${id}/claim`, {}, 200);
    await http.post('reviewer', 'alice', `/v1/applications/${id}/decisions`, { decision: 'approve' }, 200);
    await http.eventually(id, (v) => v.status === 'bank_verification');
    // The replaced document is kept for the audit.
    const docs = await db.query(
      "SELECT count(*)::int AS n FROM documents WHERE application_id = $1 AND type = 'business_license'",
      [id],
    );
    expect(docs[0].n).toBe(2);
  });

  it('changing a field the feedback did not target → 422 FIELD_NOT_OPEN, nothing written', async () => {
    const m = merchantId('notopen');
    const id = await http.inReview(m);
    await http.post(
      'reviewer',
      'alice',
      `/v1/applications/${id}/decisions`,
      {
        decision: 'request_changes',
        reasons: [
          { target: 'bankAccount.holderName', code: 'BANK_ACCOUNT_NAME_MISMATCH', message: 'Use the registered name' },
        ],
      },
      200,
    );
    const revisions = async (): Promise<number> =>
      (await db.query('SELECT count(*)::int AS n FROM application_profiles WHERE application_id = $1', [id]))[0].n;
    const before = await revisions();
    const res = await http.post(
      'merchant',
      m,
      `/v1/applications/${id}/resubmit`,
      { changes: { business: { legalName: 'Other Name Ltd.' } } },
      422,
    );
    expect(res.body).toMatchObject({ code: 'FIELD_NOT_OPEN', errors: [{ field: 'business.legalName' }] });
    expect(await revisions()).toBe(before);
    const ok = await http.post(
      'merchant',
      m,
      `/v1/applications/${id}/resubmit`,
      { changes: { bankAccount: { holderName: 'Fuzhou Example Trading Co., Ltd' } } },
      200,
    );
    expect(ok.body.round).toBe(2);
  });

  it('the sixth request for changes is a final rejection', async () => {
    const m = merchantId('six');
    const id = await http.inReview(m);
    for (let round = 1; round <= 6; round++) {
      const decided = await http.post(
        'reviewer',
        'alice',
        `/v1/applications/${id}/decisions`,
        {
          decision: 'request_changes',
          reasons: [
            {
              target: 'business.businessScope',
              code: 'INCOMPLETE_INFORMATION',
              message: `Be more specific (${round})`,
            },
          ],
        },
        200,
      );
      if (round === 6) {
        expect(decided.body).toMatchObject({ status: 'rejected', rejection: { code: 'RESUBMISSION_LIMIT_REACHED' } });
        break;
      }
      expect(decided.body.status).toBe('changes_requested');
      await http.post(
        'merchant',
        m,
        `/v1/applications/${id}/resubmit`,
        { changes: { business: { businessScope: `Groceries, round ${round}` } } },
        200,
      );
      await http.eventually(id, (v) => v.status === 'in_review');
      await http.post('reviewer', 'alice', `/v1/applications/${id}/claim`, {}, 200);
    }
    const final = await http.view(id, 'merchant', m);
    expect(final).toMatchObject({ status: 'rejected', round: 6, allowedActions: [] });
  });

  it('three wrong micro-deposit amounts → changes_requested on the bank account', async () => {
    const m = merchantId('bank');
    const id = await http.inBankVerification(m);
    const right = await http.microDepositAmount(id);
    const wrong = right === '0.01' ? '0.02' : '0.01';
    for (const attempts of [1, 2]) {
      const res = await http.post('merchant', m, `/v1/applications/${id}/bank-verification`, { amount: wrong }, 200);
      expect(res.body).toMatchObject({ status: 'bank_verification', microDepositAttempts: attempts });
    }
    const third = await http.post('merchant', m, `/v1/applications/${id}/bank-verification`, { amount: wrong }, 200);
    expect(third.body).toMatchObject({
      status: 'changes_requested',
      currentlyDue: ['bankAccount', 'bank_account_proof'],
    });
    await http.post('merchant', m, `/v1/applications/${id}/bank-verification`, { amount: right }, 409);
  });

  it('four eyes: the first approver cannot give the second approval', async () => {
    const m = merchantId('fourEyes');
    const expiredId = createApplicationBody({
      legalRepresentative: {
        name: 'Li Lei',
        idType: 'resident_id',
        idNumber: '11010519491231002X',
        idExpiry: '2020-01-01',
      },
    });
    const id = await http.inReview(m, 'bob', expiredId);
    expect((await http.view(id, 'senior_reviewer', 'bob')).risk.level).toBe('high');
    await http.post('senior_reviewer', 'bob', `/v1/applications/${id}/decisions`, { decision: 'approve' }, 200);
    const again = await http.post('senior_reviewer', 'bob', `/v1/applications/${id}/claim`, {}, 403);
    expect(again.body.code).toBe('FOUR_EYES_REQUIRED');
    const junior = await http.post('reviewer', 'alice', `/v1/applications/${id}/claim`, {}, 403);
    expect(junior.body.code).toBe('SENIOR_REVIEWER_REQUIRED');
    await http.post('senior_reviewer', 'carol', `/v1/applications/${id}/claim`, {}, 200);
    const second = await http.post(
      'senior_reviewer',
      'carol',
      `/v1/applications/${id}/decisions`,
      { decision: 'approve' },
      200,
    );
    expect(second.body.status).toBe('bank_verification');
  });

  it('two reviewers at once: one claim wins, the other gets 409; a non-claimant decision gets 409', async () => {
    const m = merchantId('race');
    const id = await http.completeDraft(m);
    await http.post('merchant', m, `/v1/applications/${id}/submit`, {}, 200);
    await http.eventually(id, (v) => v.status === 'in_review');
    const claims = await Promise.all([
      http.post('reviewer', 'alice', `/v1/applications/${id}/claim`),
      http.post('reviewer', 'dave', `/v1/applications/${id}/claim`),
    ]);
    expect(claims.map((r) => r.status).sort()).toEqual([200, 409]);
    const winner = claims[0].status === 200 ? 'alice' : 'dave';
    const loser = winner === 'alice' ? 'dave' : 'alice';
    const [a, b] = await Promise.all([
      http.post('reviewer', winner, `/v1/applications/${id}/decisions`, { decision: 'approve' }),
      http.post('reviewer', loser, `/v1/applications/${id}/decisions`, {
        decision: 'reject',
        code: 'SUSPECTED_FRAUD',
        message: 'x',
      }),
    ]);
    expect([a.status, b.status]).toEqual([200, 409]);
    // Still claimed by the winner, or already decided by them: either way a conflict, never applied.
    expect(['CLAIMED_BY_ANOTHER_REVIEWER', 'CLAIM_REQUIRED', 'ILLEGAL_TRANSITION']).toContain(b.body.code);
    const decisions = await db.query(
      "SELECT count(*)::int AS n FROM application_events WHERE application_id = $1 AND type IN ('application_approved', 'application_rejected')",
      [id],
    );
    expect(decisions[0].n).toBe(1);
  });

  it('withdraw by the merchant; cancel and reassign by an admin', async () => {
    const m = merchantId('exit');
    const withdrawn = await http.completeDraft(m);
    const w = await http.post('merchant', m, `/v1/applications/${withdrawn}/withdraw`, { reason: 'not now' }, 200);
    expect(w.body).toMatchObject({ status: 'withdrawn', allowedActions: [] });
    await http.post('merchant', m, `/v1/applications/${withdrawn}/submit`, {}, 409);

    const canceled = await http.inReview(m);
    const r = await http.post(
      'admin',
      'root',
      `/v1/applications/${canceled}/reassign`,
      { reviewerId: 'dave', reviewerRole: 'reviewer' },
      200,
    );
    expect(r.body.assignee).toMatchObject({ id: 'dave' });
    await http.post('reviewer', 'alice', `/v1/applications/${canceled}/decisions`, { decision: 'approve' }, 409);
    const c = await http.post(
      'admin',
      'root',
      `/v1/applications/${canceled}/cancel`,
      { reason: 'duplicate of another application' },
      200,
    );
    expect(c.body.status).toBe('canceled');
    await http.post('merchant', m, `/v1/applications/${canceled}/withdraw`, {}, 409);
  });

  it('prohibited category is rejected by the prechecks; restricted without licence asks for it', async () => {
    const m = merchantId('mcc');
    const prohibited = await http.completeDraft(
      m,
      createApplicationBody({ business: { ...(createApplicationBody().business as object), mcc: '7995' } }),
    );
    await http.post('merchant', m, `/v1/applications/${prohibited}/submit`, {}, 200);
    const rejected = await http.eventually(prohibited, (v) => v.status === 'rejected', 'merchant', m);
    expect(rejected.rejection).toMatchObject({ code: 'PROHIBITED_CATEGORY' });

    const restricted = await http.completeDraft(
      m,
      createApplicationBody({ business: { ...(createApplicationBody().business as object), mcc: '5912' } }),
    );
    await http.post('merchant', m, `/v1/applications/${restricted}/submit`, {}, 200);
    const due = await http.eventually(restricted, (v) => v.status === 'changes_requested', 'merchant', m);
    expect(due.feedback).toEqual([
      expect.objectContaining({ target: 'industry_license', code: 'RESTRICTED_CATEGORY_LICENSE_REQUIRED' }),
    ]);
    const licence = await http.upload(m, restricted, 'industry_license');
    await http.post(
      'merchant',
      m,
      `/v1/applications/${restricted}/resubmit`,
      { changes: {}, documents: { industry_license: licence.id } },
      200,
    );
    const review = await http.eventually(restricted, (v) => v.status === 'in_review');
    expect(review.risk.level).toBe('medium');
  });

  it('documents are judged by content and streamed back with their type to whoever may see them', async () => {
    const m = merchantId('docs');
    const created = await http.post('merchant', m, '/v1/applications', createApplicationBody(), 201);
    const id = created.body.id as string;
    const disguised = await request(stack.http)
      .post(`/v1/applications/${id}/documents`)
      .set(await http.as('merchant', m))
      .field('type', 'business_license')
      .attach('file', Buffer.from('<html>not a pdf</html>'), {
        filename: 'licence.pdf',
        contentType: 'application/pdf',
      });
    expect(disguised.status).toBe(415);
    const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from(id)]);
    const doc = await http.upload(m, id, 'storefront_photo', png);
    expect(doc.mediaType).toBe('image/png');
    const download = await request(stack.http)
      .get(`/v1/applications/${id}/documents/${doc.id}`)
      .set(await http.as('merchant', m))
      .buffer(true);
    expect(download.status).toBe(200);
    expect(download.headers['content-type']).toBe('image/png');
    expect(Buffer.compare(download.body as Buffer, png)).toBe(0);
    const other = await request(stack.http)
      .get(`/v1/applications/${id}/documents/${doc.id}`)
      .set(await http.as('merchant', 'someone-else'));
    expect(other.status).toBe(404);
  });
});

/**
 * Nothing lost, nothing twice: 50 concurrent decisions on one application apply exactly one, so
 * do 10 concurrent resubmissions of one round, and
 * the consistency checker finds the workflows, the read model and the event log in agreement (and
 * reports drift when there is some).
 */
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { checkConsistency } from '@mo/temporal';
import { connectDatabase, isolatedDatabase } from '../support/database';
import { createApplicationBody, requiredDocumentsOf } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';
import { recordFigures } from '../support/figures';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;

beforeAll(async () => {
  stack = await startStack('consistency');
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
});

describe('consistency', () => {
  it('50 concurrent decisions on one application: exactly one applied, the other 49 answer 409', async () => {
    const id = await http.inReview('race-50');
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        http.post(
          'reviewer',
          'alice',
          `/v1/applications/${id}/decisions`,
          i % 2 === 0
            ? { decision: 'approve' }
            : { decision: 'reject', code: 'SUSPECTED_FRAUD', message: `attempt ${i}` },
        ),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    const odd = responses.filter((r) => r.status !== 200 && r.status !== 409);
    expect(odd.map((r) => [r.status, r.body])).toEqual([]);
    expect(statuses.filter((s) => s === 409)).toHaveLength(49);
    const decided = await db.query(
      "SELECT count(*)::int AS n FROM application_events WHERE application_id = $1 AND type IN ('application_approved', 'application_rejected')",
      [id],
    );
    expect(decided[0].n).toBe(1);
    recordFigures('50-concurrent-decisions', { requests: 50, applied: decided[0].n, answered409: 49 });
  });

  it('a draft changed by several requests at once keeps every change: four uploads, two edits', async () => {
    const m = 'race-draft';
    const created = await http.post('merchant', m, '/v1/applications', createApplicationBody(), 201);
    const id = created.body.id as string;
    const [edits] = await Promise.all([
      Promise.all([
        request(stack.http)
          .patch(`/v1/applications/${id}`)
          .set(await http.as('merchant', m))
          .send({ business: { website: 'https://one.example.com' } }),
        request(stack.http)
          .patch(`/v1/applications/${id}`)
          .set(await http.as('merchant', m))
          .send({ business: { businessScope: 'Retail of tea' } }),
      ]),
      ...requiredDocumentsOf().map((type) => http.upload(m, id, type)),
    ]);
    expect(edits.map((r) => r.status)).toEqual([200, 200]);
    const view = await http.view(id, 'merchant', m);
    expect(view.currentlyDue).toEqual([]);
    expect(Object.keys(view.profile.documents).sort()).toEqual(requiredDocumentsOf().sort());
    expect(view.profile.business).toMatchObject({ website: 'https://one.example.com', businessScope: 'Retail of tea' });
    await http.post('merchant', m, `/v1/applications/${id}/submit`, {}, 200);
    recordFigures('concurrent-draft-changes', {
      requests: 6,
      documentsAttached: requiredDocumentsOf().length,
      editsKept: 2,
    });
  });

  it('10 concurrent resubmissions of one round: exactly one applied (round 2), the other 9 answer 409', async () => {
    const m = 'race-resubmit';
    const id = await http.inReview(m);
    await http.post(
      'reviewer',
      'alice',
      `/v1/applications/${id}/decisions`,
      {
        decision: 'request_changes',
        reasons: [{ target: 'business_license', code: 'DOCUMENT_EXPIRED', message: 'The licence expired' }],
      },
      200,
    );
    const licence = await http.upload(m, id, 'business_license');
    const countRevisions = async (): Promise<number> =>
      (await db.query('SELECT count(*)::int AS n FROM application_profiles WHERE application_id = $1', [id]))[0].n;
    const before = await countRevisions();
    const responses = await Promise.all(
      Array.from({ length: 10 }, () =>
        http.post('merchant', m, `/v1/applications/${id}/resubmit`, {
          changes: {},
          documents: { business_license: licence.id },
        }),
      ),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 409)).toHaveLength(9);
    expect(responses.find((r) => r.status === 200)!.body).toMatchObject({ round: 2 });
    const resubmitted = await db.query(
      "SELECT count(*)::int AS n FROM application_events WHERE application_id = $1 AND type = 'application_resubmitted'",
      [id],
    );
    expect(resubmitted[0].n).toBe(1);
    // One new profile revision: the refused attempts leave nothing behind.
    expect(await countRevisions()).toBe(before + 1);
    recordFigures('10-concurrent-resubmissions', { requests: 10, applied: resubmitted[0].n, answered409: 9 });
  });

  it('the checker finds no drift after real lifecycles, and reports drift it is shown', async () => {
    const m = 'verify-merchant';
    const active = await http.inBankVerification(m);
    await http.post(
      'merchant',
      m,
      `/v1/applications/${active}/bank-verification`,
      { amount: await http.microDepositAmount(active) },
      200,
    );
    await http.acceptAgreement(m, active);
    await http.eventually(active, (v) => v.status === 'active');
    const withdrawn = await http.completeDraft(m);
    await http.post('merchant', m, `/v1/applications/${withdrawn}/withdraw`, {}, 200);
    const reviewing = await http.inReview(m);

    const clean = await checkConsistency(db, stack.temporal, { applicationIds: [active, withdrawn, reviewing] });
    expect(clean).toMatchObject({ applications: 3, drift: [] });
    expect(clean.events).toBeGreaterThan(20);

    // A lost event, and a wallet for an application that never activated, are what it exists to catch.
    await db.query(
      'DELETE FROM application_events WHERE application_id = $1 AND seq = (SELECT max(seq) FROM application_events WHERE application_id = $1)',
      [reviewing],
    );
    await db.query(
      `INSERT INTO wallet_accounts (id, application_id, merchant_id, currency, status)
       VALUES (gen_random_uuid(), $1, $2, 'CNY', 'active')`,
      [withdrawn, m],
    );
    const dirty = await checkConsistency(db, stack.temporal, {
      applicationIds: [active, withdrawn, reviewing],
      settleMs: 0,
    });
    expect([...new Set(dirty.drift.map((d) => d.applicationId))].sort()).toEqual([reviewing, withdrawn].sort());
  });

  it('compares contents, not counts: a changed event type or status in the log is drift', async () => {
    const m = 'verify-contents';
    // A fresh application: its one transition is in the current run's history (no continue-as-new yet).
    const created = await http.post('merchant', m, '/v1/applications', createApplicationBody(), 201);
    const id = created.body.id as string;
    expect((await checkConsistency(db, stack.temporal, { applicationIds: [id], settleMs: 0 })).drift).toEqual([]);
    // Same number of events, same seq, version and status: only the type is wrong.
    await db.query("UPDATE application_events SET type = 'draft_updated' WHERE application_id = $1 AND seq = 1", [id]);
    const dirty = await checkConsistency(db, stack.temporal, { applicationIds: [id], settleMs: 0 });
    expect(dirty.drift).toEqual([
      {
        applicationId: id,
        problem: 'event 1 is application_created → draft in the workflow, draft_updated → draft in the log',
      },
    ]);
    // The log's last status disagreeing with the read model is drift too.
    const other = await http.completeDraft(m);
    await db.query(
      "UPDATE application_events SET status = 'in_review' WHERE application_id = $1 AND seq = (SELECT max(seq) FROM application_events WHERE application_id = $1)",
      [other],
    );
    const lastStatus = await checkConsistency(db, stack.temporal, { applicationIds: [other], settleMs: 0 });
    expect(lastStatus.drift.map((d) => d.problem)).toContain(
      "the event log's last event leaves it in_review, read model says draft",
    );
  });

  it('finds a workflow with no read-model row, asked by id or over the task queue', async () => {
    const m = 'verify-no-row';
    const id = await http.completeDraft(m);
    await db.query('DELETE FROM applications WHERE id = $1', [id]);
    const byId = await checkConsistency(db, stack.temporal, { applicationIds: [id], settleMs: 0 });
    expect(byId.drift).toEqual([{ applicationId: id, problem: 'workflow exists, read model has no row' }]);
    // Over the task queue, against a database that lost every row: each of this stack's workflows is reported.
    const empty = await isolatedDatabase('verify_no_rows');
    const emptyDb = await connectDatabase('merchant-onboarding-test-verify', empty.url);
    try {
      const all = await checkConsistency(emptyDb, stack.temporal, { taskQueue: stack.taskQueue, settleMs: 0 });
      expect(all.applications).toBe(0);
      expect(all.drift.map((d) => d.applicationId)).toContain(id);
      expect(new Set(all.drift.map((d) => d.problem))).toEqual(new Set(['workflow exists, read model has no row']));
    } finally {
      await emptyDb.destroy();
      await empty.drop();
    }
  });

  it('a final application whose workflow is gone (past retention) is no drift; an open one without its workflow is', async () => {
    const m = 'verify-retention';
    const withdrawn = await http.completeDraft(m);
    await http.post('merchant', m, `/v1/applications/${withdrawn}/withdraw`, {}, 200);
    const open = await http.inReview(m);
    // Copies of their rows and events under ids no workflow ever had: what retention leaves of a
    // closed workflow (and what must never happen to an open one). Temporal answers NotFound for both.
    const copies: string[] = [];
    for (const id of [withdrawn, open]) {
      const copy = randomUUID();
      copies.push(copy);
      await db.query(
        `INSERT INTO applications
         SELECT (jsonb_populate_record(NULL::applications, to_jsonb(a) || jsonb_build_object('id', $2::text))).*
         FROM applications a WHERE a.id = $1`,
        [id, copy],
      );
      await db.query(
        `INSERT INTO application_events
         SELECT (jsonb_populate_record(NULL::application_events, to_jsonb(e) || jsonb_build_object('application_id', $2::text))).*
         FROM application_events e WHERE e.application_id = $1`,
        [id, copy],
      );
    }
    const [gone, lost] = copies as [string, string];
    const report = await checkConsistency(db, stack.temporal, { applicationIds: [gone, lost], settleMs: 0 });
    expect(report.applications).toBe(2);
    expect(report.drift.map((d) => d.applicationId)).toEqual([lost]);
    expect(report.drift[0]!.problem).toMatch(/^workflow could not be queried/);
  });
});

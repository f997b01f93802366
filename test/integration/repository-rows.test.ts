/**
 * Repositories read and write with SQL only; the rows they return must keep the entity's shape
 * (property names, Dates, parsed JSON) that callers relied on when reads went through TypeORM's
 * entity API. Each read is checked against the entity API's answer for the same row.
 */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  ActivationRepository,
  ApiCredentialEntity,
  ApplicationEntity,
  ApplicationEventEntity,
  ApplicationProfileEntity,
  ApplicationRepository,
  DocumentEntity,
  DocumentRepository,
  EventRepository,
  PayoutRepository,
  PayoutTransferEntity,
  ProfileRepository,
  TransitionRepository,
} from '@mo/persistence';
import type { ApplicationState } from '@mo/domain';
import { applicationState, eventFor } from '../support/factories';
import { connectDatabase } from '../support/database';

let db: DataSource;
beforeAll(async () => {
  db = await connectDatabase();
});
afterAll(() => db.destroy());

async function inReview(assignee: string, overrides: Partial<ApplicationState>): Promise<ApplicationState> {
  const s = applicationState({
    status: 'in_review',
    riskLevel: 'low',
    claim: { by: { role: 'reviewer', id: assignee }, at: '2026-11-22T11:00:00.000Z' },
    ...overrides,
    // Submitted a minute before its review started, as decide has it.
    submittedAt: new Date(Date.parse(overrides.reviewStartedAt ?? '2026-11-22T10:31:00.000Z') - 60_000).toISOString(),
  });
  await new TransitionRepository(db).record(s, [eventFor(s)]);
  return s;
}

describe('ApplicationRepository', () => {
  it('returns the row exactly as the entity API does', async () => {
    const s = await inReview(`r-${randomUUID()}`, {
      reviewStartedAt: '2026-11-22T11:00:00.000Z',
      findings: [{ code: 'uscc_mismatch', severity: 'warning', message: 'x' }],
    });
    const expected = await db.getRepository(ApplicationEntity).findOneByOrFail({ id: s.applicationId });
    const row = await new ApplicationRepository(db).findForStaff(s.applicationId);
    expect(row).toEqual(expected);
    expect(row?.createdAt).toBeInstanceOf(Date);
    expect(row?.slaDueAt).toBeInstanceOf(Date);
    expect(row?.findings).toEqual(s.findings);
    expect(await new ApplicationRepository(db).findForMerchant(s.merchantId, s.applicationId)).toEqual(expected);
    expect(await new ApplicationRepository(db).listForMerchant(s.merchantId, 5)).toEqual([expected]);
  });

  it('filters, orders and pages the review queue', async () => {
    const reviewer = `r-${randomUUID()}`;
    const [late, early, high] = [
      await inReview(reviewer, { reviewStartedAt: '2026-11-23T09:00:00.000Z' }),
      await inReview(reviewer, { reviewStartedAt: '2026-11-21T09:00:00.000Z' }),
      await inReview(reviewer, { reviewStartedAt: '2026-11-22T09:00:00.000Z', riskLevel: 'high', escalated: true }),
    ];
    const repo = new ApplicationRepository(db);
    const ids = (rows: ApplicationEntity[]): string[] => rows.map((r) => r.id);
    expect(ids(await repo.reviewQueue({ assignee: reviewer }, 10))).toEqual([
      early.applicationId,
      high.applicationId,
      late.applicationId,
    ]);
    expect(ids(await repo.reviewQueue({ assignee: reviewer }, 2))).toEqual([early.applicationId, high.applicationId]);
    expect(ids(await repo.reviewQueue({ assignee: reviewer, risk: 'high', escalated: true }, 10))).toEqual([
      high.applicationId,
    ]);
    expect(ids(await repo.reviewQueue({ assignee: reviewer, escalated: false, claimed: true }, 10))).toEqual([
      early.applicationId,
      late.applicationId,
    ]);
    expect(await repo.reviewQueue({ assignee: reviewer, claimed: false }, 10)).toEqual([]);
    expect(await repo.reviewQueue({ assignee: reviewer, status: 'awaiting_second_approval' }, 10)).toEqual([]);
    const first = (await repo.reviewQueue({ assignee: reviewer }, 1))[0]!;
    const after = { slaDueAt: first.slaDueAt!.toISOString(), id: first.id };
    expect(ids(await repo.reviewQueue({ assignee: reviewer, after }, 10))).toEqual([
      high.applicationId,
      late.applicationId,
    ]);
    // `early` falls due after this instant but was submitted before it: the submission decides.
    const midway = '2026-11-22T00:00:00.000Z';
    expect(ids(await repo.reviewQueue({ assignee: reviewer, submittedAfter: midway }, 10))).toEqual([
      high.applicationId,
      late.applicationId,
    ]);
    expect(ids(await repo.reviewQueue({ assignee: reviewer, submittedBefore: midway }, 10))).toEqual([
      early.applicationId,
    ]);
    expect(
      ids(await repo.reviewQueue({ assignee: reviewer, submittedAfter: '2026-11-20T00:00:00.000Z' }, 10)),
    ).toHaveLength(3);
  });
});

describe('the other repositories', () => {
  it('events: the timeline and one event, as the entity API reads them', async () => {
    const s = applicationState();
    await new TransitionRepository(db).record(s, [eventFor(s, { data: { profileRevision: 1 } })]);
    const events = new EventRepository(db);
    const expected = await db.getRepository(ApplicationEventEntity).findOneByOrFail({ applicationId: s.applicationId });
    expect(await events.listForApplication(s.applicationId)).toEqual([expected]);
    expect(await events.find(s.applicationId, 1)).toEqual(expected);
    expect(await events.find(s.applicationId, 2)).toBeNull();
  });

  it('documents: added, found (merchant-scoped) and listed in upload order', async () => {
    const documents = new DocumentRepository(db);
    const applicationId = randomUUID();
    const base = { applicationId, merchantId: 'm-doc', type: 'business_license' as const, size: 10 };
    const first = await documents.add({
      ...base,
      id: randomUUID(),
      sha256: 'a'.repeat(64),
      mediaType: 'application/pdf',
      originalName: null,
    });
    const second = await documents.add({
      ...base,
      id: randomUUID(),
      sha256: 'b'.repeat(64),
      mediaType: 'image/png',
      originalName: 'licence.png',
    });
    const expected = await db.getRepository(DocumentEntity).findOneByOrFail({ id: first.id });
    expect(first).toEqual(expected);
    expect(first.createdAt).toBeInstanceOf(Date);
    expect(await documents.findForMerchant('m-doc', applicationId, first.id)).toEqual(expected);
    expect(await documents.findForMerchant('someone-else', applicationId, first.id)).toBeNull();
    expect(await documents.findForStaff(applicationId, second.id)).toEqual(second);
    expect((await documents.listForApplication(applicationId)).map((d) => d.id)).toEqual([first.id, second.id]);
  });

  it('payouts: one transfer per key, read back as the entity API reads it', async () => {
    const payouts = new PayoutRepository(db);
    const applicationId = randomUUID();
    const t = {
      idempotencyKey: `k-${randomUUID()}`,
      applicationId,
      merchantId: 'm-pay',
      accountFingerprint: 'c'.repeat(64),
      amountCents: 17,
    };
    const first = await payouts.recordOnce(t);
    expect(await payouts.recordOnce({ ...t, amountCents: 99 })).toEqual(first);
    const expected = await db.getRepository(PayoutTransferEntity).findOneByOrFail({ id: first.id });
    expect(first).toEqual(expected);
    expect(await payouts.find(applicationId, first.id)).toEqual(expected);
    expect(await payouts.find(randomUUID(), first.id)).toBeNull();
    expect(await payouts.listForApplication(applicationId)).toEqual([expected]);
  });

  it('profiles: the latest revision, merchant-scoped', async () => {
    const profiles = new ProfileRepository(db);
    const applicationId = randomUUID();
    await profiles.saveRevision('m-prof', applicationId, 1, { v: 1 });
    await profiles.saveRevision('m-prof', applicationId, 2, { v: 2 });
    const expected = await db.getRepository(ApplicationProfileEntity).findOneByOrFail({ applicationId, revision: 2 });
    expect(await profiles.latest('m-prof', applicationId)).toEqual(expected);
    expect(await profiles.latest('someone-else', applicationId)).toBeNull();
  });

  it('credentials: found by merchant and application only', async () => {
    const activation = new ActivationRepository(db);
    const applicationId = randomUUID();
    await activation.createCredential('m-cred', applicationId);
    const expected = await db.getRepository(ApiCredentialEntity).findOneByOrFail({ applicationId });
    expect(await activation.findCredential('m-cred', applicationId)).toEqual(expected);
    expect(await activation.findCredential('someone-else', applicationId)).toBeNull();
  });
});

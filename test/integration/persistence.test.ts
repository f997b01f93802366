/** Repositories on a real PostgreSQL: idempotent event append, forward-only projection, one wallet. */
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  ActivationRepository,
  ApplicationRepository,
  EventRepository,
  IdempotencyRepository,
  ProfileRepository,
  TransitionRepository,
  WalletAccountRepository,
} from '@mo/persistence';
import { IdempotencyAnswersScrubbed1764205000000 } from '../../libs/persistence/src/migrations/1764205000000-idempotency-answers-scrubbed';
import { applicationState, eventFor } from '../support/factories';
import { connectDatabase } from '../support/database';

let db: DataSource;
let transitions: TransitionRepository;
let applications: ApplicationRepository;
let events: EventRepository;

beforeAll(async () => {
  db = await connectDatabase();
  transitions = new TransitionRepository(db);
  applications = new ApplicationRepository(db);
  events = new EventRepository(db);
});
afterAll(() => db.destroy());

describe('TransitionRepository', () => {
  it('appends events and projects the read model in one go', async () => {
    const s1 = applicationState();
    await transitions.record(s1, [eventFor(s1)]);
    const row = await applications.findForMerchant(s1.merchantId, s1.applicationId);
    expect(row).toMatchObject({ id: s1.applicationId, status: 'draft', version: 1 });
    expect((await events.listForApplication(s1.applicationId)).map((e) => e.seq)).toEqual([1]);
  });

  it('is idempotent: replaying the same transition changes nothing', async () => {
    const s1 = applicationState();
    const s2 = { ...s1, status: 'prechecking' as const, seq: 2, submittedAt: '2026-11-22T10:01:00.000Z' };
    await transitions.record(s1, [eventFor(s1)]);
    await transitions.record(s2, [eventFor(s2, { type: 'application_submitted' })]);
    await transitions.record(s2, [eventFor(s2, { type: 'application_submitted' })]);
    await transitions.record(s1, [eventFor(s1)]);
    const stored = await events.listForApplication(s1.applicationId);
    expect(stored.map((e) => [e.seq, e.type])).toEqual([
      [1, 'application_created'],
      [2, 'application_submitted'],
    ]);
    // A late, older write never moves the read model backwards.
    expect(await applications.findForStaff(s1.applicationId)).toMatchObject({ status: 'prechecking', version: 2 });
  });

  it('merchant-scoped reads never return another merchant’s application', async () => {
    const s = applicationState();
    await transitions.record(s, [eventFor(s)]);
    expect(await applications.findForMerchant('someone-else', s.applicationId)).toBeNull();
    expect(await applications.listForMerchant('someone-else', 10)).toEqual([]);
  });

  it('refuses a second event with the same (application, seq) at the database level', async () => {
    const s = applicationState();
    await transitions.record(s, [eventFor(s)]);
    await expect(
      db.query(
        `INSERT INTO application_events (application_id, seq, type, actor_role, actor_id, at, status, data)
         VALUES ($1, 1, 'application_created', 'merchant', 'x', now(), 'draft', '{}')`,
        [s.applicationId],
      ),
    ).rejects.toThrow(/duplicate key/);
  });
});

describe('WalletAccountRepository', () => {
  it('creates exactly one wallet per application, even under concurrent attempts', async () => {
    const wallets = new WalletAccountRepository(db);
    const applicationId = randomUUID();
    const results = await Promise.all(Array.from({ length: 10 }, () => wallets.createOnce('m-w', applicationId)));
    expect(new Set(results.map((r) => r.walletAccountId)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await wallets.countForApplication(applicationId)).toBe(1);
  });
});

describe('ProfileRepository', () => {
  it('keeps the first write of a revision and scopes reads by merchant', async () => {
    const profiles = new ProfileRepository(db);
    const applicationId = randomUUID();
    await profiles.saveRevision('m-p', applicationId, 1, { business: { legalName: 'First' } });
    await profiles.saveRevision('m-p', applicationId, 1, { business: { legalName: 'Second' } });
    expect((await profiles.find('m-p', applicationId, 1))?.data).toEqual({ business: { legalName: 'First' } });
    expect(await profiles.find('other', applicationId, 1)).toBeNull();
  });
});

describe('IdempotencyRepository', () => {
  it('holds an unfinished key for its lease, then lets the same request take it over (a crashed API)', async () => {
    const keys = new IdempotencyRepository(db);
    const caller = `merchant:${randomUUID()}`;
    const hash = 'a'.repeat(64);
    expect(await keys.claim(caller, 'k1', hash, 24, 1)).toEqual({ kind: 'new' });
    // The process that claimed it is gone; a retry within the lease waits, a different request never gets it.
    expect(await keys.claim(caller, 'k1', hash, 24, 1)).toEqual({ kind: 'in_progress' });
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await keys.claim(caller, 'k1', 'b'.repeat(64), 24, 1)).toEqual({ kind: 'mismatch' });
    expect(await keys.claim(caller, 'k1', hash, 24, 1)).toEqual({ kind: 'new' });
    // Only one of two concurrent retries takes it over.
    const applicationId = randomUUID();
    await keys.complete(caller, 'k1', 200, { replay: 'application', applicationId });
    expect(await keys.claim(caller, 'k1', hash, 24, 1)).toEqual({
      kind: 'replay',
      statusCode: 200,
      marker: { replay: 'application', applicationId },
    });
    expect(await keys.claim(caller, 'k2', hash, 24, 1)).toEqual({ kind: 'new' });
    await new Promise((r) => setTimeout(r, 1_100));
    const racing = await Promise.all([keys.claim(caller, 'k2', hash, 24, 1), keys.claim(caller, 'k2', hash, 24, 1)]);
    expect(racing.map((c) => c.kind).sort()).toEqual(['in_progress', 'new']);
  });

  it('the scrub migration leaves no stored answer: application answers become markers, others refusals', async () => {
    const caller = `reviewer:${randomUUID()}`;
    const applicationId = randomUUID();
    const insert = (key: string, response: unknown): Promise<unknown> =>
      db.query(
        `INSERT INTO idempotency_keys (caller, key, request_hash, status_code, response) VALUES ($1, $2, $3, 200, $4)`,
        [caller, key, 'd'.repeat(64), JSON.stringify(response)],
      );
    await insert('view', {
      id: applicationId,
      merchantId: 'm',
      status: 'in_review',
      profile: { legalRepresentative: { idNumber: '11010519491231002X' } },
    });
    await insert('secret', { keyId: 'mk_1', secret: 'sk_very-secret' });
    await new IdempotencyAnswersScrubbed1764205000000().up(db.createQueryRunner());
    const rows: { key: string; response: unknown }[] = await db.query(
      'SELECT key, response FROM idempotency_keys WHERE caller = $1 ORDER BY key',
      [caller],
    );
    expect(rows).toEqual([
      { key: 'secret', response: { replay: 'refused', code: 'IDEMPOTENT_REPLAY_REFUSED' } },
      { key: 'view', response: { replay: 'application', applicationId } },
    ]);
  });

  it('purges keys older than the TTL in bounded batches, keeping fresh ones', async () => {
    const keys = new IdempotencyRepository(db);
    const caller = `merchant:${randomUUID()}`;
    const hash = 'c'.repeat(64);
    for (let i = 0; i < 7; i++) await keys.claim(caller, `old-${i}`, hash, 24, 30);
    await keys.claim(caller, 'fresh', hash, 24, 30);
    await keys.claim(caller, 'almost', hash, 24, 30);
    await db.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '25 hours' WHERE caller = $1 AND key LIKE 'old-%'`,
      [caller],
    );
    await db.query(
      `UPDATE idempotency_keys SET created_at = now() - interval '23 hours' WHERE caller = $1 AND key = 'almost'`,
      [caller],
    );
    const batches: number[] = [];
    for (;;) {
      const deleted = await keys.purgeExpired(24, 3);
      batches.push(deleted);
      if (deleted < 3) break;
    }
    // Other tests' rows may be purged too; this caller's seven old ones went in batches of at most 3.
    expect(batches.every((n) => n <= 3)).toBe(true);
    expect(batches.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(7);
    const left: { key: string }[] = await db.query('SELECT key FROM idempotency_keys WHERE caller = $1 ORDER BY key', [
      caller,
    ]);
    expect(left.map((r) => r.key)).toEqual(['almost', 'fresh']);
  });
});

describe('ActivationRepository', () => {
  it('reveals an API secret exactly once, even to concurrent callers, and keeps only its hash', async () => {
    const activation = new ActivationRepository(db);
    const applicationId = randomUUID();
    const first = await activation.createCredential('m-c', applicationId);
    expect(await activation.createCredential('m-c', applicationId)).toBe(first);
    expect(await activation.revealSecret('someone-else', applicationId)).toBeNull();
    const reveals = await Promise.all(Array.from({ length: 5 }, () => activation.revealSecret('m-c', applicationId)));
    const winners = reveals.filter((r) => r !== null);
    expect(winners).toHaveLength(1);
    const stored = await activation.findCredential('m-c', applicationId);
    expect(stored?.secretHash).toMatch(/^scrypt\$/);
    expect(stored?.secretHash).not.toContain(winners[0]!.secret);
  });

  it('enables each capability and assigns the fee plan once', async () => {
    const activation = new ActivationRepository(db);
    const applicationId = randomUUID();
    await activation.enableCapabilities(applicationId, ['qr_payments', 'e_invoices']);
    expect(await activation.enableCapabilities(applicationId, ['qr_payments', 'e_invoices'])).toEqual([
      'e_invoices',
      'qr_payments',
    ]);
    expect(await activation.assignFeePlan('m-f', applicationId, 'standard')).toBe('standard');
    expect(await activation.assignFeePlan('m-f', applicationId, 'other')).toBe('standard');
  });
});

describe('notification outbox', () => {
  it('writes one notification per event that matters, in the same transaction, never twice', async () => {
    const s = applicationState({ status: 'in_review', seq: 4, escalated: true });
    const escalated = eventFor(s, { type: 'review_escalated', data: { notify: 'senior_reviewers' } });
    const noted = eventFor({ ...s, seq: 5 }, { type: 'internal_note_added', data: { internalNote: 'x' } });
    await transitions.record(s, [escalated]);
    await transitions.record({ ...s, seq: 5 }, [noted]);
    await transitions.record(s, [escalated]);
    const rows = await db.query('SELECT seq, recipient, kind FROM notifications WHERE application_id = $1', [
      s.applicationId,
    ]);
    expect(rows).toEqual([{ seq: 4, recipient: 'senior_reviewers', kind: 'review_escalated' }]);
  });
});

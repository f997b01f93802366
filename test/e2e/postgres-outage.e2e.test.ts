/**
 * PostgreSQL stopped while workflows are running, then started again: the API answers 503 with
 * Retry-After meanwhile (never a 500), activities retry, and once the database is back every
 * application reaches the state its actions lead to, each event exactly once, with no drift.
 * The database runs in a process of its own, so stopping it touches no other test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@mo/persistence';
import { decisionUpdate, submitUpdate, workflowIdFor } from '@mo/contracts';
import { checkConsistency } from '@mo/temporal';
import { createApplicationBody } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { freePort, requireCompiled, startPostgresProcess, type PostgresProcess } from '../support/processes';
import { startStack, type Stack } from '../support/stack';
import { recordFigures } from '../support/figures';

const DATABASE = 'onboarding_outage';
const OUTAGE_MS = 5_000;
const dataDir = mkdtempSync(join(tmpdir(), 'mo-pg-outage-'));
let port: number;
let pg: PostgresProcess;
let stack: Stack | undefined;
let db: DataSource | undefined;
let http: HttpDriver;

beforeAll(async () => {
  requireCompiled();
  port = await freePort();
  pg = await startPostgresProcess(dataDir, port, DATABASE);
  const url = `postgres://onboarding:onboarding@127.0.0.1:${port}/${DATABASE}`;
  await runMigrations(url);
  stack = await startStack('pg-outage', { DATABASE_URL: url });
  db = await new DataSource(dataSourceOptions(url, 'pg-outage-test')).initialize();
  http = new HttpDriver(stack, db);
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
  await pg?.stop();
});

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

describe('PostgreSQL stopped while workflows run', () => {
  it('503 while it is down; afterwards every action applied once, every event once, no drift', async () => {
    const m = (i: number): string => `outage-merchant-${i}`;
    // Applications at different stages, each about to be moved on when the database goes away.
    const approved = await http.inReview(m(1));
    const changes = await http.inReview(m(2));
    const drafts = [await http.completeDraft(m(3)), await http.completeDraft(m(4))];
    const verifying = await http.inBankVerification(m(5));
    const amount = await http.microDepositAmount(verifying);
    const ids = [approved, changes, ...drafts, verifying];

    const answers: number[] = [];
    const actions = Promise.all([
      http.postRetrying(
        'reviewer',
        'alice',
        `/v1/applications/${changes}/decisions`,
        {
          decision: 'request_changes',
          reasons: [{ target: 'business_license', code: 'DOCUMENT_UNREADABLE', message: 'The scan is unreadable' }],
        },
        answers,
      ),
      http.postRetrying('merchant', m(5), `/v1/applications/${verifying}/bank-verification`, { amount }, answers),
    ]).then((answered) => ({ answered, at: Date.now() }));
    await pg.stop();
    // Actions the workflows accepted just as the database went away (the API had done its reads):
    // their events cannot be written, so the workflows keep retrying the write until it is back.
    const handle = (id: string) => stack!.temporal.workflow.getHandle(workflowIdFor(id));
    const accepted = Promise.all([
      handle(approved).executeUpdate(decisionUpdate, {
        args: [{ actor: { role: 'reviewer', id: 'alice' }, decision: 'approve' }],
      }),
      ...drafts.map((id, i) =>
        handle(id).executeUpdate(submitUpdate, { args: [{ actor: { role: 'merchant', id: m(3 + i) } }] }),
      ),
    ]);

    // Meanwhile: a clear, retryable answer, and a health check that says what is wrong.
    const during = await http.post('merchant', m(6), '/v1/applications', createApplicationBody());
    expect(during.status).toBe(503);
    expect(during.headers['retry-after']).toBe('1');
    expect(during.body).toMatchObject({ code: 'SERVICE_UNAVAILABLE' });
    const health = await request(stack!.http).get('/health');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'down', postgres: { status: 'down' }, temporal: { status: 'up' } });
    await sleep(OUTAGE_MS);
    const restartedAt = Date.now();
    pg = await startPostgresProcess(dataDir, port, DATABASE);

    const { answered, at } = await actions;
    // Through the API an action is answered once the read model holds it: only after the restart.
    expect(at).toBeGreaterThanOrEqual(restartedAt);
    expect(answered.map((r) => r.status)).toEqual([200, 200]);
    expect(answers.filter((s) => s === 503).length).toBeGreaterThan(0);
    expect(answers.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    // The workflows committed these (an Update answers at the commit); their events are written
    // after it, retried until the database is back, and checked below: each exactly once.
    const writes = await accepted;
    expect(writes.map((w) => w.status)).toEqual(['bank_verification', 'prechecking', 'prechecking']);
    // The state every action leads to (the deposit and the prechecks run after the outage too).
    const within = 60_000;
    await http.eventually(approved, (v) => v.deadline?.kind === 'micro_deposit', 'admin', 'root', within);
    await http.eventually(changes, (v) => v.status === 'changes_requested', 'admin', 'root', within);
    for (const id of drafts) await http.eventually(id, (v) => v.status === 'in_review', 'admin', 'root', within);
    await http.eventually(verifying, (v) => v.status === 'agreement_pending', 'admin', 'root', within);

    // Each event exactly once, in a gapless sequence; read model, event log and workflows agree.
    const events: { application_id: string; seq: number; type: string }[] = await db!.query(
      'SELECT application_id, seq, type FROM application_events WHERE application_id = ANY($1) ORDER BY application_id, seq',
      [ids],
    );
    const once = (id: string, type: string): number =>
      events.filter((e) => e.application_id === id && e.type === type).length;
    expect(once(approved, 'application_approved')).toBe(1);
    expect(once(approved, 'micro_deposit_sent')).toBe(1);
    expect(once(changes, 'changes_requested')).toBe(1);
    for (const id of drafts) {
      expect(once(id, 'application_submitted')).toBe(1);
      expect(once(id, 'prechecks_completed')).toBe(1);
    }
    expect(once(verifying, 'bank_account_verified')).toBe(1);
    const [transfers] = await db!.query('SELECT count(*)::int AS n FROM payout_transfers WHERE application_id = $1', [
      approved,
    ]);
    expect(transfers.n).toBe(1);
    const report = await checkConsistency(db!, stack!.temporal, { applicationIds: ids });
    expect(report).toMatchObject({ applications: ids.length, drift: [] });
    recordFigures('postgres-outage', {
      applications: ids.length,
      outageMs: OUTAGE_MS,
      answers: answers.length,
      answered503: answers.filter((s) => s === 503).length,
      answered5xxOther: answers.filter((s) => s >= 500 && s !== 503).length,
      updatesCommittedDuringOutage: writes.length,
      events: report.events,
      drift: report.drift.length,
    });
  }, 180_000);
});

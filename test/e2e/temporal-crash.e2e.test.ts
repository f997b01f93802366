/**
 * Temporal itself killed with SIGKILL mid-review (the dev server persisting to its database file)
 * and started again: the application continues, and the action that had answered 2xx before the
 * crash is still there. Runs a Temporal server of its own, so it can kill it.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { APPLICATION_SEARCH_ATTRIBUTES } from '@mo/contracts';
import { connectDatabase } from '../support/database';
import { HttpDriver } from '../support/http-driver';
import { freePort } from '../support/processes';
import { startStack, type Stack } from '../support/stack';
import { recordFigures } from '../support/figures';
import { checkConsistency } from '@mo/temporal';

let stack: Stack | undefined;
let db: DataSource;
let http: HttpDriver;
let server: ChildProcess | undefined;
let port: number;
const dbFile = join(mkdtempSync(join(tmpdir(), 'mo-temporal-crash-')), 'temporal.db');

async function startTemporal(): Promise<ChildProcess> {
  const cli = process.env.TEST_TEMPORAL_CLI_PATH;
  if (!cli) throw new Error('TEST_TEMPORAL_CLI_PATH is not set (the global setup provides it)');
  const child = spawn(
    cli,
    [
      'server',
      'start-dev',
      '--headless',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--db-filename',
      dbFile,
      '--log-level',
      'error',
      ...APPLICATION_SEARCH_ATTRIBUTES.flatMap((a) => [
        '--search-attribute',
        `${a.name}=${a.type === 'BOOL' ? 'Bool' : 'Keyword'}`,
      ]),
    ],
    { stdio: 'ignore' },
  );
  for (let i = 0; i < 100; i++) {
    try {
      const connection = await Connection.connect({ address: `127.0.0.1:${port}`, connectTimeout: 500 });
      await connection.workflowService.getSystemInfo({});
      await connection.close();
      return child;
    } catch {
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  throw new Error('the Temporal dev server did not come up');
}

beforeAll(async () => {
  port = await freePort();
  server = await startTemporal();
  stack = await startStack('temporal-crash', { TEMPORAL_ADDRESS: `127.0.0.1:${port}` });
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack?.stop();
  server?.kill('SIGKILL');
  await db?.destroy();
});

describe('Temporal crash', () => {
  it('kill -9 of the Temporal server mid-review: every application continues, nothing acknowledged is lost', async () => {
    const m = (i: number): string => `temporal-crash-${i}`;
    // Acknowledged (2xx) just before the crash: a claim, a submission, an approval.
    const claimed = await http.inReview(m(1)); // ends with alice's claim, answered 200
    const submitted = await http.completeDraft(m(2));
    await http.post('merchant', m(2), `/v1/applications/${submitted}/submit`, {}, 200);
    const approved = await http.inReview(m(3));
    await http.post('reviewer', 'alice', `/v1/applications/${approved}/decisions`, { decision: 'approve' }, 200);
    const during = await http.inReview(m(4));
    expect((await http.view(claimed)).assignee).toMatchObject({ id: 'alice' });

    server!.kill('SIGKILL');
    await new Promise((resolve) => server!.once('exit', resolve));
    // A decision sent while Temporal is down: the client retries it with its key until it is answered.
    const answers: number[] = [];
    const retried = http.postRetrying(
      'reviewer',
      'alice',
      `/v1/applications/${during}/decisions`,
      { decision: 'reject', code: 'SUSPECTED_FRAUD', message: 'Documents do not match the registry' },
      answers,
    );
    await new Promise((r) => setTimeout(r, 2_000));
    server = await startTemporal();

    expect((await retried).status).toBe(200);
    expect(answers.filter((s) => s >= 500 && s !== 503)).toEqual([]);
    // Every acknowledged action survived, and each application goes on from where it was.
    const approvedClaim = await http.post('reviewer', 'alice', `/v1/applications/${claimed}/decisions`, {
      decision: 'approve',
    });
    expect(approvedClaim.status).toBe(200);
    const within = 60_000;
    await http.eventually(claimed, (v) => v.deadline?.kind === 'micro_deposit', 'admin', 'root', within);
    await http.eventually(submitted, (v) => v.status === 'in_review', 'admin', 'root', within);
    await http.eventually(approved, (v) => v.deadline?.kind === 'micro_deposit', 'admin', 'root', within);
    expect((await http.view(during)).status).toBe('rejected');

    const ids = [claimed, submitted, approved, during];
    const events: { application_id: string; seq: number; type: string }[] = await db.query(
      'SELECT application_id, seq, type FROM application_events WHERE application_id = ANY($1) ORDER BY seq',
      [ids],
    );
    for (const id of ids) {
      const own = events.filter((e) => e.application_id === id);
      expect(own.map((e) => e.seq)).toEqual(own.map((_, i) => i + 1));
    }
    const count = (id: string, type: string): number =>
      events.filter((e) => e.application_id === id && e.type === type).length;
    expect(count(claimed, 'application_claimed')).toBe(1);
    expect(count(submitted, 'application_submitted')).toBe(1);
    expect(count(approved, 'application_approved')).toBe(1);
    expect(count(during, 'application_rejected')).toBe(1);
    const report = await checkConsistency(db, stack!.temporal, { applicationIds: ids });
    expect(report.drift).toEqual([]);
    recordFigures('temporal-crash', {
      applications: ids.length,
      faultsInjected: 1,
      answersWhileDown: answers,
      events: report.events,
      drift: report.drift.length,
    });
  }, 150_000);
});

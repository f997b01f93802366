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
  it('kill -9 of the Temporal server mid-review loses nothing that was acknowledged', async () => {
    const m = 'temporal-crash';
    const id = await http.inReview(m); // ends with alice's claim, answered 200
    const before = await http.view(id);
    expect(before.assignee).toMatchObject({ id: 'alice' });

    server!.kill('SIGKILL');
    await new Promise((resolve) => server!.once('exit', resolve));
    server = await startTemporal();

    // The acknowledged claim survived; the application goes on from where it was.
    const approved = await http.post('reviewer', 'alice', `/v1/applications/${id}/decisions`, { decision: 'approve' });
    expect(approved.status).toBe(200);
    const after = await http.eventually(id, (v) => v.deadline?.kind === 'micro_deposit', 'admin', 'root', 60_000);
    expect(after.status).toBe('bank_verification');
    const events = await db.query('SELECT seq, type FROM application_events WHERE application_id = $1 ORDER BY seq', [
      id,
    ]);
    expect(events.map((e: { seq: number }) => e.seq)).toEqual(events.map((_: unknown, i: number) => i + 1));
    expect(events.filter((e: { type: string }) => e.type === 'application_claimed')).toHaveLength(1);
  }, 150_000);
});

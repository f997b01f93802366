/**
 * No PII in logs: a write that carries a known name fails in PostgreSQL. A trigger refuses it with a
 * SQLSTATE the writer does not take for a data error (so the raw driver error reaches the SDK and is
 * retried) and, like PostgreSQL's own messages do, quotes the row in its message and detail. Through
 * the compiled API and worker, whose every output line (stdout and stderr) is captured, the failure
 * is logged, but neither the name nor anything of the row appears in any line: driver errors and
 * activity failures are redacted (SQLSTATE and schema names only).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import type { LoadedDataConverter } from '@temporalio/common';
import { decodeOptionalFailureToOptionalError } from '@temporalio/common/lib/internal-non-workflow';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../support/database';
import { HttpDriver } from '../support/http-driver';
import { COMPILED, exited, freePort, requireCompiled } from '../support/processes';
import { startStack, type Stack } from '../support/stack';

const NAME = `Zebulon Quartermaine-${Math.random().toString(36).slice(2, 8)}`;

let stack: Stack;
let db: DataSource;
let http: HttpDriver;
let apiUrl: string;
const children: ChildProcess[] = [];
const lines: { service: string; line: string }[] = [];

function run(service: string, file: string, env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, [file], {
    env: { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'log', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  for (const stream of [child.stdout, child.stderr]) {
    let partial = '';
    stream.on('data', (chunk: Buffer) => {
      const parts = (partial + chunk.toString('utf8')).split('\n');
      partial = parts.pop()!;
      lines.push(...parts.filter(Boolean).map((line) => ({ service, line })));
    });
  }
  children.push(child);
  return child;
}

async function until<T>(what: string, find: () => Promise<T | undefined> | T | undefined, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await find();
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}:\n${lines.map((l) => l.line).join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

beforeAll(async () => {
  requireCompiled();
  // The in-process API only sets up applications; the worker and the API under test are compiled processes.
  stack = await startStack('pii-logs', {}, { inProcessWorker: false });
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
  await db.query(`
    CREATE OR REPLACE FUNCTION pii_logs_refuse_write() RETURNS trigger AS $$
    BEGIN
      IF NEW.data::text LIKE '%Zebulon Quartermaine%' THEN
        RAISE EXCEPTION USING ERRCODE = 'raise_exception', MESSAGE = 'refused row ' || NEW.data::text,
          DETAIL = 'Failing row contains ' || NEW.data::text;
      END IF;
      RETURN NEW;
    END $$ LANGUAGE plpgsql`);
  await db.query(`
    CREATE OR REPLACE TRIGGER pii_logs_refuse_write BEFORE INSERT ON application_events
    FOR EACH ROW EXECUTE FUNCTION pii_logs_refuse_write()`);
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  run('worker', COMPILED.worker, {});
  run('api', COMPILED.api, { API_HOST: '127.0.0.1', API_PORT: String(port) });
  await until('the compiled API', async () =>
    (await fetch(`${apiUrl}/health`).then(
      (r) => r.ok,
      () => false,
    ))
      ? true
      : undefined,
  );
});
afterAll(async () => {
  await db?.query('DROP TRIGGER IF EXISTS pii_logs_refuse_write ON application_events');
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await exited(child);
    }
  }
  await stack?.stop();
  await db?.destroy();
});

it('a failed write carrying a name: the failure is logged, the name in no line of the worker or the API', async () => {
  const id = await http.inReview(`pii-logs-${Math.random().toString(36).slice(2, 8)}`, 'alice');
  // Through the compiled API: the approval's internal note names a person; its event's write fails.
  const answer = await fetch(`${apiUrl}/v1/applications/${id}/decisions`, {
    method: 'POST',
    headers: { ...(await http.as('reviewer', 'alice')), 'content-type': 'application/json' },
    body: JSON.stringify({ decision: 'approve', note: `Confirmed by phone with ${NAME}` }),
    signal: AbortSignal.timeout(10_000),
  }).then(
    async (r) => ({ status: r.status, body: await r.text() }),
    (err: unknown) => ({ status: 0, body: String(err) }),
  );
  expect(answer.body).not.toContain(NAME);

  // The write was attempted and refused (more than once: the activity retries), and the worker said so.
  const failed = await until('a logged activity failure', () =>
    lines.find((l) => l.service === 'worker' && l.line.includes('Activity failed') && l.line.includes('P0001')),
  );
  const leaking = lines.filter((l) => l.line.includes('Zebulon') || l.line.includes('Quartermaine'));
  expect(leaking).toEqual([]);
  expect(failed.line).toContain('QueryFailedError');
  expect(lines.some((l) => l.service === 'api')).toBe(true);

  // Nor in the failure Temporal keeps for the retrying activity (decrypted with the stack's key).
  const handle = stack.temporal.workflow.getHandle(`merchant-application:${id}`);
  const pending = (await handle.describe()).raw.pendingActivities ?? [];
  const lastFailure = pending.find((a) => a.activityType?.name === 'recordTransition')?.lastFailure;
  const converter = (stack.temporal as unknown as { options: { loadedDataConverter: LoadedDataConverter } }).options
    .loadedDataConverter;
  const failure = await decodeOptionalFailureToOptionalError(converter, lastFailure, {
    type: 'workflow',
    namespace: 'default',
    workflowId: `merchant-application:${id}`,
  });
  expect(failure?.message).toContain('SQLSTATE P0001');
  expect(JSON.stringify({ message: failure?.message, stack: failure?.stack })).not.toMatch(/Zebulon|Quartermaine/);

  await handle.terminate('test cleanup');
});

/**
 * The crash test on the production topology (npm run test:cluster, run here as the compiled
 * script): the Temporal server itself on PostgreSQL, two workers and two APIs; one worker and one
 * API SIGKILLed and the Temporal server SIGKILLed and restarted while lifecycles run through both
 * APIs. Nothing lost, nothing duplicated, `npm run verify` finds no drift.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { requireCompiled } from '../support/processes';
import { recordFigures } from '../support/figures';

const SCRIPT = join(__dirname, '..', '..', 'dist', 'scripts', 'cluster-crash.js');

it('lifecycles through two APIs survive a worker, an API and the Temporal server being killed', async () => {
  requireCompiled();
  // Its own PostgreSQL and Temporal server: not the test servers of the global setup.
  const env: NodeJS.ProcessEnv = { ...process.env, CLUSTER_LIFECYCLES: '8' };
  delete env.DATABASE_URL;
  delete env.TEMPORAL_ADDRESS;
  const child = spawn(process.execPath, [SCRIPT], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`cluster crash test exited ${code}:\n${stdout}\n${stderr.slice(-4000)}`);
  const summary = JSON.parse(stdout);
  expect(summary.lifecycles).toBe(8);
  expect(summary.statuses).toEqual({ active: 8 });
  expect(summary.eventsPerType).toEqual({
    agreement_accepted: 8,
    application_activated: 8,
    application_approved: 8,
    application_created: 8,
    application_submitted: 8,
    bank_account_verified: 8,
  });
  expect(summary.faults).toEqual([
    expect.stringMatching(/^worker 1 SIGKILL/),
    expect.stringMatching(/^api 2 SIGKILL/),
    expect.stringMatching(/^Temporal server SIGKILL/),
    'Temporal server restarted',
    'api 2 restarted',
  ]);
  expect(summary.serverErrors).toBe(0);
  expect(summary.verify.exitCode).toBe(0);
  expect(summary.verify.output.join('\n')).toMatch(/drift found: 0/);
  recordFigures('cluster-crash', summary);
}, 600_000);

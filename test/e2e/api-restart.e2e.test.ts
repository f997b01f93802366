/**
 * The API process killed (SIGKILL) again and again while merchants and reviewers keep working,
 * each retrying its request with the same Idempotency-Key until it gets an answer: every key has
 * exactly one effect (one application per create, one document per upload, one event per action).
 */
import type { ChildProcess } from 'node:child_process';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { checkConsistency } from '@mo/temporal';
import { OnboardingClient, Recorder, sleep, waitForHealth } from '../../scripts/lib/onboarding-client';
import { connectDatabase, databaseUrl } from '../support/database';
import { COMPILED, exited, freePort, requireCompiled, startService } from '../support/processes';
import { startStack, type Stack } from '../support/stack';
import { recordFigures } from '../support/figures';
import { requiredDocumentsOf } from '../support/factories';

const MERCHANTS = 8;
const KILLS = 3;
let stack: Stack;
let db: DataSource;
let bank: Pool;
let api: ChildProcess;
let apiEnv: Record<string, string>;

beforeAll(async () => {
  requireCompiled();
  // The worker runs in this process; the API is a process of its own, to be killed.
  stack = await startStack('api-restart');
  db = await connectDatabase();
  bank = new Pool({ connectionString: databaseUrl() });
  // A short lease, so a key whose request died with the process is taken over quickly.
  apiEnv = { API_PORT: String(await freePort()), API_HOST: '127.0.0.1', IDEMPOTENCY_LEASE_SECONDS: '2' };
  api = startService(COMPILED.api, apiEnv);
  await waitForHealth(`http://127.0.0.1:${apiEnv.API_PORT}`);
});
afterAll(async () => {
  api?.kill('SIGTERM');
  if (api) await exited(api);
  await stack?.stop();
  await bank?.end();
  await db?.destroy();
});

describe('API killed while clients retry with the same Idempotency-Key', () => {
  it('one effect per key: one application, one document per upload, one event per action; no drift', async () => {
    const recorder = new Recorder();
    const client = new OnboardingClient({
      apiUrl: `http://127.0.0.1:${apiEnv.API_PORT}`,
      token: (role, sub) => stack.token(role, sub),
      bank,
      recorder,
      retryForMs: 60_000,
    });
    const merchants = Array.from({ length: MERCHANTS }, (_, i) => `restart-merchant-${i}-${Date.now()}`);
    let working = true;
    const work = Promise.all(
      merchants.map(async (m, i) => {
        const id = await client.submitted(m);
        await client.claimed(`reviewer-${i}`, id);
        await client.approve(`reviewer-${i}`, id);
        return id;
      }),
    ).finally(() => (working = false));
    let kills = 0;
    while (working && kills < KILLS) {
      await sleep(700);
      api.kill('SIGKILL');
      await exited(api);
      kills++;
      api = startService(COMPILED.api, apiEnv);
    }
    const ids = await work;

    expect(kills).toBe(KILLS);
    expect(recorder.connectionFailures).toBeGreaterThan(0);
    expect(recorder.count((s) => s >= 500 && s !== 503)).toBe(0);
    const perMerchant: { n: number }[] = await db.query(
      'SELECT count(*)::int AS n FROM applications WHERE merchant_id = ANY($1) GROUP BY merchant_id',
      [merchants],
    );
    expect(perMerchant.map((r) => r.n)).toEqual(merchants.map(() => 1));
    const documents: { n: number }[] = await db.query(
      'SELECT count(*)::int AS n FROM documents WHERE application_id = ANY($1) GROUP BY application_id',
      [ids],
    );
    // One row per document the profile needs: the four required ones and the owner's ID.
    expect(documents.map((r) => r.n)).toEqual(ids.map(() => requiredDocumentsOf().length));
    const events: { type: string; n: number }[] = await db.query(
      `SELECT type, count(*)::int AS n FROM application_events WHERE application_id = ANY($1)
       AND type IN ('application_created', 'application_submitted', 'application_claimed', 'application_approved')
       GROUP BY type ORDER BY type`,
      [ids],
    );
    expect(events).toEqual(
      ['application_approved', 'application_claimed', 'application_created', 'application_submitted'].map((type) => ({
        type,
        n: MERCHANTS,
      })),
    );
    const report = await checkConsistency(db, stack.temporal, { applicationIds: ids });
    expect(report.drift).toEqual([]);
    recordFigures('api-restart', {
      applications: ids.length,
      faultsInjected: kills,
      requests: recorder.requests,
      connectionFailures: recorder.connectionFailures,
      statuses: Object.fromEntries(recorder.statuses),
      events: report.events,
      drift: report.drift.length,
    });
  }, 150_000);
});

/**
 * A worker killed with SIGKILL in the middle of activation (after the wallet is created, before the
 * capabilities): a new worker finishes the job, and every effect exists exactly once.
 * Runs the compiled worker (npm test builds first) as real processes.
 */
import type { ChildProcess } from 'node:child_process';
import type { DataSource } from 'typeorm';
import { ActivationRepository } from '@mo/persistence';
import { checkConsistency } from '@mo/temporal';
import { connectDatabase } from '../support/database';
import { HttpDriver } from '../support/http-driver';
import { COMPILED, exited, requireCompiled, startService } from '../support/processes';
import { startStack, type Stack } from '../support/stack';
import { recordFigures } from '../support/figures';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;
const workers: ChildProcess[] = [];

function startWorker(env: Record<string, string> = {}): ChildProcess {
  const child = startService(COMPILED.worker, env);
  workers.push(child);
  return child;
}

beforeAll(async () => {
  requireCompiled();
  stack = await startStack('worker-crash', {}, { inProcessWorker: false });
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
  await Promise.all(workers.filter((w) => w.exitCode === null && w.signalCode === null).map(exited));
  await stack?.stop();
  await db?.destroy();
});

describe('worker crash during activation', () => {
  it('kill -9 after the wallet, a new worker completes: one wallet, one of each effect and event', async () => {
    const doomed = startWorker({ WORKER_FAULT_KILL_AFTER: 'createWalletAccount' });
    const m = 'crash-merchant';
    const id = await http.inBankVerification(m);
    await http.post(
      'merchant',
      m,
      `/v1/applications/${id}/bank-verification`,
      { amount: await http.microDepositAmount(id) },
      200,
    );
    // The answer to this action waits for its event to be recorded, which the crash interrupts:
    // it arrives once the next worker has taken over (a client would simply wait or retry).
    const accepted = http.acceptAgreement(m, id);

    expect(await exited(doomed)).toBe('SIGKILL');
    const activation = new ActivationRepository(db);
    expect(await activation.effectCounts(id)).toEqual({ wallets: 1, capabilities: 0, credentials: 0, feePlans: 0 });

    startWorker();
    expect((await accepted).status).toBe(200);
    const active = await http.eventually(id, (v) => v.status === 'active', 'merchant', m, 60_000);
    expect(await activation.effectCounts(id)).toEqual({ wallets: 1, capabilities: 2, credentials: 1, feePlans: 1 });
    const [wallet] = await db.query('SELECT id FROM wallet_accounts WHERE application_id = $1', [id]);
    expect(active.walletAccountId).toBe(wallet.id);
    const events: { type: string; data: { step?: string } }[] = await db.query(
      'SELECT type, data FROM application_events WHERE application_id = $1 ORDER BY seq',
      [id],
    );
    expect(events.filter((e) => e.type === 'activation_step_completed').map((e) => e.data.step)).toEqual([
      'wallet',
      'capabilities',
      'credentials',
      'fee_plan',
    ]);
    expect(events.filter((e) => e.type === 'application_activated')).toHaveLength(1);
    const report = await checkConsistency(db, stack.temporal, { applicationIds: [id] });
    expect(report.drift).toEqual([]);
    recordFigures('worker-crash', {
      faultsInjected: 1,
      effects: await activation.effectCounts(id),
      activationEvents: events.filter((e) => e.type === 'activation_step_completed').length,
      events: report.events,
      drift: report.drift.length,
    });
  }, 150_000); // Temporal hands a dead worker's tasks on only after their timeouts (15-30 s).
});

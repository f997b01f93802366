/**
 * An activity that fails for good, through the real API, worker, Temporal and PostgreSQL: the wallet
 * provider refuses the first attempt (fault injection), the application goes on an operations hold
 * that everyone can see (the merchant without the failure's details), an admin finds it in the holds
 * list and retries it, and activation completes with every effect once.
 */
import type { DataSource } from 'typeorm';
import { ActivationRepository } from '@mo/persistence';
import { checkConsistency } from '@mo/temporal';
import { connectDatabase } from '../support/database';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;

beforeAll(async () => {
  stack = await startStack('operation-holds', { WORKER_FAULT_FAIL: 'createWalletAccount:WalletProviderRefused' });
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  delete process.env.WORKER_FAULT_FAIL;
  await stack?.stop();
  await db?.destroy();
});

describe('operations hold', () => {
  it('a failed activation step holds the application; an admin retries it and it goes live once', async () => {
    const m = 'hold-merchant';
    const id = await http.inBankVerification(m);
    await http.post(
      'merchant',
      m,
      `/v1/applications/${id}/bank-verification`,
      { amount: await http.microDepositAmount(id) },
      200,
    );
    await http.acceptAgreement(m, id);

    const held = await http.eventually(id, (v) => v.status === 'on_hold', 'admin', 'root');
    expect(held.hold).toMatchObject({
      step: 'activation',
      resume: 'activating',
      failure: { type: 'WalletProviderRefused' },
    });
    expect(held.allowedActions).toEqual(expect.arrayContaining(['retry_operation']));
    expect(held.allowedActions).not.toContain('cancel');
    // The wallet made before the failure is expected while activation is on hold: no drift.
    expect((await checkConsistency(db, stack.temporal, { applicationIds: [id] })).drift).toEqual([]);

    // The merchant sees the hold, not the operator's details, and cannot abandon a started activation.
    const mine = (await http.get('merchant', m, `/v1/applications/${id}`)).body;
    expect(mine.status).toBe('on_hold');
    expect(mine.hold).toEqual({ step: 'activation', resume: 'activating', since: held.hold.since });
    expect(mine.allowedActions).toEqual([]);
    await http.post('merchant', m, `/v1/applications/${id}/withdraw`, {}, 409);
    const timeline = (await http.get('merchant', m, `/v1/applications/${id}/events`)).body.events;
    const heldEvent = timeline.find((e: { type: string }) => e.type === 'operation_held');
    expect(heldEvent.data).toEqual({ step: 'activation', resume: 'activating' });

    // Admins find it in the holds list; cancel is refused (the wallet exists), a reviewer cannot retry.
    const holds = (await http.get('admin', 'root', '/v1/operations/holds')).body.items;
    expect(holds.map((h: { id: string }) => h.id)).toContain(id);
    expect((await http.get('reviewer', 'alice', '/v1/operations/holds')).status).toBe(403);
    const cancel = await http.post('admin', 'root', `/v1/applications/${id}/cancel`, { reason: 'give up' }, 409);
    expect(cancel.body.code).toBe('ILLEGAL_TRANSITION');
    await http.post('reviewer', 'alice', `/v1/applications/${id}/retry`, {}, 403);

    const retried = await http.post('admin', 'root', `/v1/applications/${id}/retry`, {}, 200);
    expect(retried.body.hold).toBeNull();
    const active = await http.eventually(id, (v) => v.status === 'active', 'merchant', m);
    expect(active.hold).toBeNull();
    expect(await new ActivationRepository(db).effectCounts(id)).toEqual({
      wallets: 1,
      capabilities: 2,
      credentials: 1,
      feePlans: 1,
    });
    const types: { type: string }[] = await db.query(
      'SELECT type FROM application_events WHERE application_id = $1 ORDER BY seq',
      [id],
    );
    expect(types.map((t) => t.type).slice(-7)).toEqual([
      'operation_held',
      'operation_resumed',
      'activation_step_completed',
      'activation_step_completed',
      'activation_step_completed',
      'activation_step_completed',
      'application_activated',
    ]);
    expect((await checkConsistency(db, stack.temporal, { applicationIds: [id] })).drift).toEqual([]);
  });
});

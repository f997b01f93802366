/**
 * No activity failure ends an application: each activity is made to fail non-retryably (on the real
 * Temporal dev server, with in-memory activities) and the application must stay alive and
 * actionable — back to the merchant when the merchant can fix it, otherwise on an operations hold
 * that an admin retries (or cancels).
 */
import type { Client } from '@temporalio/client';
import { type NativeConnection, Worker } from '@temporalio/worker';
import {
  agreementUpdate,
  cancelUpdate,
  decisionUpdate,
  microDepositUpdate,
  noteUpdate,
  retryOperationUpdate,
  submitUpdate,
  withdrawUpdate,
} from '@mo/contracts';
import { DEFAULT_POLICY, type ApplicationState } from '@mo/domain';
import { FakeActivities } from '../support/fake-activities';
import { connectClient, connectWorker, sourceWorkflowBundle, uniqueTaskQueue } from '../support/temporal';
import { admin, alice, merchant, updateFailure, WorkflowDriver } from '../support/workflow-driver';
import { workflowTracingSinks } from '@mo/observability';

let client: Client;
let connection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let wf: WorkflowDriver;
const fakes = new FakeActivities();

beforeAll(async () => {
  client = await connectClient();
  connection = await connectWorker();
  const taskQueue = uniqueTaskQueue('activity-failures');
  worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: await sourceWorkflowBundle(),
    activities: fakes.impl,
    sinks: workflowTracingSinks(),
  });
  running = worker.run();
  wf = new WorkflowDriver(client, taskQueue);
});

afterAll(async () => {
  worker.shutdown();
  await running;
  await connection.close();
  await client.connection.close();
});

/** The recorded event types, once everything the workflow has committed is written. */
const types = async (id: string): Promise<string[]> =>
  (await fakes.recorded(id, (await wf.state(id)).seq, 30_000)).map((e) => e.type);
const retry = (id: string): Promise<ApplicationState> =>
  wf.handle(id).executeUpdate(retryOperationUpdate, { args: [{ actor: admin }] });
const held = (id: string): Promise<ApplicationState> => wf.waitForStatus(id, 'on_hold');

async function expectRunning(id: string): Promise<void> {
  expect((await wf.handle(id).describe()).status.name).toBe('RUNNING');
}

describe('an activity that fails for good never ends the application', () => {
  it('runPrechecks: on hold, the hold recorded and visible; a retry runs the prechecks again', async () => {
    const id = await wf.start();
    fakes.failFor(id, 'runPrechecks', 'PrecheckCrashed', 1);
    await wf.handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }] });
    const s = await held(id);
    expect(s.hold).toMatchObject({ step: 'prechecks', resume: 'prechecking', failure: { type: 'PrecheckCrashed' } });
    await expectRunning(id);
    expect(await types(id)).toEqual(['application_created', 'application_submitted', 'operation_held']);
    // Refused for everyone but an admin; the admin's retry resumes and the prechecks now pass.
    expect(
      (await updateFailure(wf.handle(id).executeUpdate(retryOperationUpdate, { args: [{ actor: alice }] }))).type,
    ).toBe('NOT_PERMITTED');
    await retry(id);
    await wf.waitForStatus(id, 'in_review');
    expect((await types(id)).slice(-2)).toEqual(['operation_resumed', 'prechecks_completed']);
    await wf.handle(id).executeUpdate(cancelUpdate, { args: [{ actor: admin, reason: 'test done' }] });
    await wf.recordHistory('operation-hold-prechecks-retry', id);
  });

  it('runPrechecks still failing: the merchant can withdraw from the hold', async () => {
    const id = await wf.start();
    fakes.failFor(id, 'runPrechecks', 'PrecheckCrashed');
    await wf.handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }] });
    await held(id);
    await retry(id);
    await wf.waitFor(id, (s) => s.status === 'on_hold' && s.seq === 5, 'held again');
    await wf.handle(id).executeUpdate(withdrawUpdate, { args: [{ actor: merchant }] });
    expect((await wf.handle(id).result()).status).toBe('withdrawn');
  });

  it('sendMicroDeposit refused for an incomplete account: back to the merchant with a coded reason', async () => {
    const id = await wf.start();
    fakes.failFor(id, 'sendMicroDeposit', 'BANK_ACCOUNT_INCOMPLETE', 1);
    await wf.toReview(id);
    await wf.handle(id).executeUpdate(decisionUpdate, { args: [{ actor: alice, decision: 'approve' }] });
    const s = await wf.waitForStatus(id, 'changes_requested');
    expect(s.openReasons).toEqual([expect.objectContaining({ target: 'bankAccount', code: 'INCOMPLETE_INFORMATION' })]);
    await expectRunning(id);
    await wf.cleanup(id);
  });

  it('sendMicroDeposit failing otherwise: on hold; a retry sends it and verification goes on', async () => {
    const id = await wf.start();
    fakes.failFor(id, 'sendMicroDeposit', 'BankUnavailable', 1);
    await wf.toReview(id);
    await wf.handle(id).executeUpdate(decisionUpdate, { args: [{ actor: alice, decision: 'approve' }] });
    expect((await held(id)).hold).toMatchObject({ step: 'send_micro_deposit', resume: 'bank_verification' });
    await retry(id);
    await wf.waitFor(id, (s) => s.status === 'bank_verification' && s.microDeposit !== null, 'micro-deposit sent');
    const after = await wf
      .handle(id)
      .executeUpdate(microDepositUpdate, { args: [{ actor: merchant, amount: fakes.microDepositAmount }] });
    expect(after.status).toBe('agreement_pending');
    await wf.cleanup(id);
  });

  it('verifyMicroDeposit failing: the attempt is not counted, the application is on hold, then goes on', async () => {
    const id = await wf.start();
    await wf.toBankVerification(id);
    fakes.failFor(id, 'verifyMicroDeposit', 'LedgerUnavailable', 1);
    const answer = await wf
      .handle(id)
      .executeUpdate(microDepositUpdate, { args: [{ actor: merchant, amount: fakes.microDepositAmount }] });
    expect(answer.status).toBe('on_hold');
    expect(answer.microDeposit?.attempts).toBe(0);
    await retry(id);
    const verified = await wf
      .handle(id)
      .executeUpdate(microDepositUpdate, { args: [{ actor: merchant, amount: fakes.microDepositAmount }] });
    expect(verified.status).toBe('agreement_pending');
    await wf.cleanup(id);
  });

  it.each(['createWalletAccount', 'enableCapabilities', 'issueApiCredentials', 'assignFeePlan'] as const)(
    '%s failing: on hold keeping the steps already done; cannot be abandoned; a retry completes activation',
    async (activity) => {
      const id = await wf.start();
      fakes.failFor(id, activity, 'ProviderRefused', 1);
      await wf.toAgreement(id, fakes.microDepositAmount);
      await wf.handle(id).executeUpdate(agreementUpdate, {
        args: [{ actor: merchant, version: DEFAULT_POLICY.agreementVersion, signatory: 'Li Lei' }],
      });
      const s = await held(id);
      expect(s.hold).toMatchObject({ step: 'activation', resume: 'activating', failure: { type: 'ProviderRefused' } });
      await expectRunning(id);
      const refused = await updateFailure(
        wf.handle(id).executeUpdate(cancelUpdate, { args: [{ actor: admin, reason: 'give up' }] }),
      );
      expect(refused.details?.[0]).toMatchObject({ rule: 'activation_started' });
      await retry(id);
      const final = await wf.handle(id).result();
      expect(final.status).toBe('active');
      // Each effect exactly once, across the failure and the retry.
      expect((await types(id)).filter((t) => t === 'activation_step_completed')).toHaveLength(4);
      expect(fakes.effects.get(id)?.get('wallet')).toBe(final.walletAccountId);
      if (activity === 'createWalletAccount') await wf.recordHistory('operation-hold-activation-retry', id);
    },
  );

  it('recordTransition failing for good: the workflow keeps retrying it and no event is lost', async () => {
    const id = await wf.start();
    fakes.failFor(id, 'recordTransition', 'DatabaseRefused', 2);
    const submitted = await wf.handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }] });
    expect(submitted.status).toBe('prechecking');
    await wf.waitForStatus(id, 'in_review');
    await expectRunning(id);
    expect(await types(id)).toEqual(['application_created', 'application_submitted', 'prechecks_completed']);
    await wf.cleanup(id);
  });

  it('recordTransition refused for its data: stored with a marker, on hold, still actionable, and it closes', async () => {
    const id = await wf.start();
    const poisoned = (e: { data: Readonly<Record<string, unknown>> }): boolean =>
      JSON.stringify(e.data).includes('poison');
    fakes.refuseData(id, poisoned);
    await wf.handle(id).executeUpdate(noteUpdate, { args: [{ actor: admin, note: 'poison' }] });
    // Not retried for ever: written with a marker, and an admin sees the hold.
    const hold = await held(id);
    expect(hold.hold).toMatchObject({
      step: 'record_transition',
      resume: 'draft',
      failure: { type: 'TransitionUnrecordable' },
    });
    const recorded = await fakes.recorded(id, hold.seq, 30_000);
    expect(recorded.map((e) => [e.type, e.data])).toEqual([
      ['application_created', expect.any(Object)],
      ['internal_note_added', { unrecordable: true, reason: '22P05' }],
      ['operation_held', expect.objectContaining({ step: 'record_transition' })],
    ]);
    // Later writes land: retried by an admin, then the merchant goes on.
    await retry(id);
    await wf.handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }] });
    await wf.waitForStatus(id, 'in_review');
    // A terminal transition refused too: stored with a marker, nothing left to hold, the workflow closes.
    await wf.handle(id).executeUpdate(withdrawUpdate, { args: [{ actor: merchant, reason: 'poison' }] });
    expect((await wf.handle(id).result()).status).toBe('withdrawn');
    const all = fakes.eventsOf(id);
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(all[all.length - 1]).toMatchObject({ type: 'application_withdrawn', data: { unrecordable: true } });
    expect(all.filter((e) => e.type === 'operation_held')).toHaveLength(1);
    await wf.recordHistory('unrecordable-transition-hold', id);
  });
});

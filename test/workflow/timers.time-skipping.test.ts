/**
 * Timer paths with time skipping on Temporal's Java test server: days pass in milliseconds, with the
 * production default timers (no shortened policy), and the events carry the simulated times.
 */
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { agreementUpdate, cancelUpdate, microDepositUpdate, submitUpdate } from '@mo/contracts';
import { ensureSearchAttributes } from '@mo/temporal';
import { DEFAULT_POLICY } from '@mo/domain';
import { FakeActivities, RESTRICTED_WITHOUT_LICENCE } from '../support/fake-activities';
import { sourceWorkflowBundle, uniqueTaskQueue } from '../support/temporal';
import { admin, merchant, WorkflowDriver } from '../support/workflow-driver';
import { workflowTracingSinks } from '@mo/observability';

let env: TestWorkflowEnvironment | undefined;
let worker: Worker | undefined;
let running: Promise<void> | undefined;
let wf: WorkflowDriver;
const fakes = new FakeActivities();

beforeAll(async () => {
  const path = process.env.TEMPORAL_TEST_SERVER_PATH;
  if (!path) throw new Error('TEMPORAL_TEST_SERVER_PATH is not set: run through jest (global setup)');
  env = await TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } });
  await ensureSearchAttributes(env.address, 'default');
  const taskQueue = uniqueTaskQueue('timers');
  worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await sourceWorkflowBundle(),
    activities: fakes.impl,
    sinks: workflowTracingSinks(),
  });
  running = worker.run();
  wf = new WorkflowDriver(env.client, taskQueue);
});

afterAll(async () => {
  // Tear the server down even when set-up failed half-way, so no JVM outlives the run.
  worker?.shutdown();
  await running;
  await env?.teardown();
});

beforeEach(() => {
  fakes.precheck = { riskLevel: 'low', findings: [], outcome: { kind: 'review' } };
});

const eventsOf = (id: string) => fakes.eventsOf(id);
const at = (id: string, type: string): number => Date.parse(eventsOf(id).find((e) => e.type === type)!.at);
/** Timers fire at their deadline plus the few milliseconds a workflow task takes. */
const hoursBetween = (from: number, to: number): number => Math.round(((to - from) / 3_600_000) * 100) / 100;

describe('timers (time-skipping)', () => {
  it('a draft left alone for 60 days expires', async () => {
    const id = await wf.start();
    const final = await wf.handle(id).result();
    expect(final.status).toBe('expired');
    expect(hoursBetween(at(id, 'application_created'), at(id, 'application_expired'))).toBe(
      DEFAULT_POLICY.draftInactivityDays * 24,
    );
    await wf.recordHistory('draft-expired', id);
  });

  it('resubmission window: reminders 7 and 1 days before, then expired at 30 days', async () => {
    fakes.precheck = RESTRICTED_WITHOUT_LICENCE;
    const id = await wf.start();
    await wf.handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }] });
    const final = await wf.handle(id).result();
    expect(final.status).toBe('expired');
    const requested = at(id, 'changes_requested');
    const reminders = eventsOf(id).filter((e) => e.type === 'resubmission_reminder_sent');
    expect(reminders.map((e) => [e.data.daysBefore, hoursBetween(requested, Date.parse(e.at)) / 24])).toEqual([
      [7, 23],
      [1, 29],
    ]);
    expect(hoursBetween(requested, at(id, 'application_expired'))).toBe(30 * 24);
    await wf.recordHistory('resubmission-window-expired', id);
  });

  it('review SLA: after 48 hours in review the application is escalated, not decided', async () => {
    const id = await wf.start();
    await wf.handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }] });
    await wf.waitForStatus(id, 'in_review');
    await env!.sleep('49 hours');
    const s = await wf.waitFor(id, (x) => x.escalated, 'escalated');
    expect(s.status).toBe('in_review');
    expect(hoursBetween(at(id, 'prechecks_completed'), at(id, 'review_escalated'))).toBe(48);
    const escalation = eventsOf(id).find((e) => e.type === 'review_escalated')!;
    expect(escalation.data).toMatchObject({ notify: 'senior_reviewers' });
    await wf.handle(id).executeUpdate(cancelUpdate, { args: [{ actor: admin, reason: 'test done' }] });
    await wf.recordHistory('review-escalated-then-canceled', id);
  });

  it('micro-deposit: not confirmed within 3 days → changes_requested on the bank account', async () => {
    const id = await wf.start();
    await wf.toBankVerification(id);
    await env!.sleep('73 hours');
    const s = await wf.waitForStatus(id, 'changes_requested');
    expect(s.openReasons.map((r) => r.target)).toEqual(['bankAccount', 'bank_account_proof']);
    expect(hoursBetween(at(id, 'micro_deposit_sent'), at(id, 'changes_requested'))).toBe(72);
    await wf.handle(id).executeUpdate(cancelUpdate, { args: [{ actor: admin, reason: 'test done' }] });
    await wf.recordHistory('micro-deposit-window-closed', id);
  });

  it('agreement not accepted within 14 days → expired; accepted in time → active', async () => {
    const late = await wf.start();
    await wf.toAgreement(late, fakes.microDepositAmount);
    expect((await wf.handle(late).result()).status).toBe('expired');
    expect(hoursBetween(at(late, 'bank_account_verified'), at(late, 'application_expired'))).toBe(14 * 24);
    await wf.recordHistory('agreement-expired', late);

    const onTime = await wf.start();
    await wf.toAgreement(onTime, fakes.microDepositAmount);
    await env!.sleep('13 days');
    await wf.handle(onTime).executeUpdate(agreementUpdate, {
      args: [{ actor: merchant, version: DEFAULT_POLICY.agreementVersion, signatory: 'Li Lei' }],
    });
    expect((await wf.handle(onTime).result()).status).toBe('active');
  });

  it('a wrong amount inside the window does not reset it', async () => {
    const id = await wf.start();
    await wf.toBankVerification(id);
    await env!.sleep('2 days');
    const s = await wf.handle(id).executeUpdate(microDepositUpdate, { args: [{ actor: merchant, amount: '0.99' }] });
    expect(s.status).toBe('bank_verification');
    await env!.sleep('25 hours');
    await wf.waitForStatus(id, 'changes_requested');
    expect(hoursBetween(at(id, 'micro_deposit_sent'), at(id, 'changes_requested'))).toBe(72);
    await wf.handle(id).executeUpdate(cancelUpdate, { args: [{ actor: admin, reason: 'test done' }] });
  });
});

/**
 * The application workflow on the real Temporal dev server, with in-memory activities standing in
 * for PostgreSQL: each path through the lifecycle, update validation, concurrency, idempotency.
 */
import { randomUUID } from 'node:crypto';
import type { Client } from '@temporalio/client';
import { WithStartWorkflowOperation, type WorkflowUpdateFailedError } from '@temporalio/client';
import { WorkflowIdConflictPolicy } from '@temporalio/common';
import { type NativeConnection, Worker } from '@temporalio/worker';
import {
  APPLICATION_WORKFLOW_TYPE,
  cancelUpdate,
  claimUpdate,
  createdUpdate,
  decisionUpdate,
  microDepositUpdate,
  noteUpdate,
  resubmitUpdate,
  submitUpdate,
  withdrawUpdate,
  workflowIdFor,
} from '@mo/contracts';
import { DEFAULT_POLICY } from '@mo/domain';
import { FakeActivities, RESTRICTED_WITHOUT_LICENCE } from '../support/fake-activities';
import { connectClient, connectWorker, sourceWorkflowBundle, uniqueTaskQueue } from '../support/temporal';
import { admin, alice, bob, carol, dave, merchant, updateFailure, WorkflowDriver } from '../support/workflow-driver';
import { workflowTracingSinks } from '@mo/observability';
import { withUpdateRetries } from '@mo/temporal';

let client: Client;
let connection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let wf: WorkflowDriver;
const fakes = new FakeActivities();

beforeAll(async () => {
  client = await connectClient();
  connection = await connectWorker();
  const taskQueue = uniqueTaskQueue('workflow');
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

beforeEach(() => {
  fakes.precheck = { riskLevel: 'low', findings: [], outcome: { kind: 'review' } };
});

/** The recorded event types, once everything the workflow has committed is written. */
const types = async (id: string): Promise<string[]> =>
  (await fakes.recorded(id, (await wf.state(id)).seq, 30_000)).map((e) => e.type);

describe('merchant application workflow', () => {
  it('happy path to active: every step once, gapless events, search attributes', async () => {
    const id = await wf.start();
    const final = await wf.toActive(id, fakes.microDepositAmount);
    expect(final.status).toBe('active');
    expect(final.walletAccountId).toBe(fakes.effects.get(id)?.get('wallet'));
    expect(Object.keys(final.activation).sort()).toEqual(['capabilities', 'credentials', 'fee_plan', 'wallet']);
    expect(await types(id)).toEqual([
      'application_created',
      'application_submitted',
      'prechecks_completed',
      'application_claimed',
      'application_approved',
      'micro_deposit_sent',
      'bank_account_verified',
      'agreement_accepted',
      'activation_step_completed',
      'activation_step_completed',
      'activation_step_completed',
      'activation_step_completed',
      'application_activated',
    ]);
    expect(fakes.eventsOf(id).map((e) => e.seq)).toEqual(fakes.eventsOf(id).map((_, i) => i + 1));
    // Writes overlap under this load; none ever left a gap for a reader.
    expect(fakes.gaps).toEqual([]);
    const description = await wf.handle(id).describe();
    expect(description.searchAttributes).toMatchObject({ ApplicationStatus: ['active'], MerchantId: [merchant.id] });
    await wf.recordHistory('happy-path-full-after-commit', id);
  });

  it('closes only once every write it scheduled has settled, even one a later write overtook', async () => {
    const id = await wf.start();
    // The last activation step and the activation commit in one workflow task, which schedules
    // two writes; the first is held back, so the second (holding both) lands first.
    fakes.slowWrites(
      id,
      ({ state }) => state.status === 'activating' && state.activation.fee_plan !== undefined,
      1_500,
    );
    await wf.toActive(id, fakes.microDepositAmount);
    const events = (await wf.handle(id).fetchHistory()).events ?? [];
    const recordTransitions = new Set(
      events
        .filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'recordTransition')
        .map((e) => String(e.eventId)),
    );
    const settled = events.filter(
      (e) =>
        recordTransitions.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId)) ||
        recordTransitions.has(String(e.activityTaskFailedEventAttributes?.scheduledEventId)),
    );
    expect(settled).toHaveLength(recordTransitions.size);
    expect(events.some((e) => e.workflowTaskFailedEventAttributes)).toBe(false);
    await wf.recordHistory('close-after-overtaken-write', id);
  });

  it('update-with-start creates once, even when retried', async () => {
    const id = randomUUID();
    const create = () =>
      client.workflow.executeUpdateWithStart(createdUpdate, {
        args: [{ actor: merchant }],
        updateId: `create:${id}`,
        startWorkflowOperation: new WithStartWorkflowOperation(APPLICATION_WORKFLOW_TYPE, {
          workflowId: workflowIdFor(id),
          taskQueue: wf.taskQueue,
          args: [
            {
              applicationId: id,
              merchantId: merchant.id,
              profileRevision: 1,
              capabilities: [],
              policy: DEFAULT_POLICY,
              actor: merchant,
            },
          ],
          workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
        }),
      });
    const [a, b] = await Promise.all([create(), create()]);
    expect(a.seq).toBe(1);
    expect(b.seq).toBe(1);
    // Created once, however many times the creation was asked for.
    expect(await types(id)).toEqual(['application_created']);
    await wf.handle(id).executeUpdate(withdrawUpdate, { args: [{ actor: merchant, reason: 'changed my mind' }] });
    expect((await wf.handle(id).result()).status).toBe('withdrawn');
    await wf.recordHistory('withdrawn-draft', id);
  });

  it('an action in the wrong state is refused by the validator, without an event', async () => {
    const id = await wf.start();
    const failure = await updateFailure(
      wf.handle(id).executeUpdate(decisionUpdate, { args: [{ actor: alice, decision: 'approve' }] }),
    );
    expect(failure.type).toBe('ILLEGAL_TRANSITION');
    expect(await types(id)).toEqual(['application_created']);
    await wf.cleanup(id);
  });

  it('separation of duties: staff with the merchant id is refused by the validator, without an event', async () => {
    const id = await wf.start();
    await wf.handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }] });
    await wf.waitForStatus(id, 'in_review');
    const before = await wf.state(id);
    const self = { role: 'reviewer' as const, id: merchant.id };
    const failure = await updateFailure(wf.handle(id).executeUpdate(claimUpdate, { args: [{ actor: self }] }));
    expect(failure.type).toBe('NOT_PERMITTED');
    expect(failure.details?.[0]).toMatchObject({ rule: 'own_application' });
    expect(await wf.state(id)).toMatchObject({ seq: before.seq, claim: null });
    expect(await types(id)).not.toContain('application_claimed');
    await wf.cleanup(id);
  });

  it('the same update id is applied once', async () => {
    const id = await wf.start();
    const updateId = `submit-${randomUUID()}`;
    const [a, b] = await Promise.all([
      wf.handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }], updateId }),
      wf.handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }], updateId }),
    ]);
    expect([a.seq, b.seq]).toEqual([2, 2]);
    await wf.waitForStatus(id, 'in_review');
    expect((await types(id)).filter((t) => t === 'application_submitted')).toHaveLength(1);
    await wf.cleanup(id);
  });

  it('two reviewers claiming at once: exactly one gets the claim', async () => {
    const id = await wf.start();
    await wf.handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }] });
    await wf.waitForStatus(id, 'in_review');
    const results = await Promise.allSettled([
      wf.handle(id).executeUpdate(claimUpdate, { args: [{ actor: alice }] }),
      wf.handle(id).executeUpdate(claimUpdate, { args: [{ actor: dave }] }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect((loser.reason as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'ILLEGAL_TRANSITION' });
    await wf.cleanup(id);
  });

  it('two decisions at once by the claimant: exactly one is applied', async () => {
    const id = await wf.start();
    await wf.toReview(id);
    const results = await Promise.allSettled([
      wf.handle(id).executeUpdate(decisionUpdate, { args: [{ actor: alice, decision: 'approve' }] }),
      wf.handle(id).executeUpdate(decisionUpdate, {
        args: [{ actor: alice, decision: 'reject', code: 'SUSPECTED_FRAUD', message: 'forged licence' }],
      }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect((await types(id)).filter((t) => t === 'application_approved' || t === 'application_rejected')).toHaveLength(
      1,
    );
    await wf.cleanup(id);
  });

  it('high risk: four-eyes refuses the same senior and completes with a second one', async () => {
    fakes.precheck = {
      riskLevel: 'high',
      findings: [
        { code: 'INVALID_IDENTIFIER', severity: 'blocking', message: 'USCC check digit', target: 'business.uscc' },
      ],
      outcome: { kind: 'review' },
    };
    const id = await wf.start();
    await wf.toReview(id, bob);
    const first = await wf.handle(id).executeUpdate(decisionUpdate, { args: [{ actor: bob, decision: 'approve' }] });
    expect(first.status).toBe('awaiting_second_approval');
    expect((await updateFailure(wf.handle(id).executeUpdate(claimUpdate, { args: [{ actor: bob }] }))).type).toBe(
      'NOT_PERMITTED',
    );
    await wf.handle(id).executeUpdate(claimUpdate, { args: [{ actor: carol }] });
    const second = await wf
      .handle(id)
      .executeUpdate(decisionUpdate, { args: [{ actor: carol, decision: 'approve', note: 'checked' }] });
    expect(second.status).toBe('bank_verification');
    expect(second.approvals.map((a) => a.by.id)).toEqual(['bob', 'carol']);
    await wf.recordHistory('four-eyes', id);
    await wf.handle(id).executeUpdate(cancelUpdate, { args: [{ actor: admin, reason: 'test done' }] });
  });

  it('reject → resubmit → approve: only targeted fields, numbered rounds, the diff recorded', async () => {
    const id = await wf.start();
    await wf.toReview(id);
    await wf.handle(id).executeUpdate(noteUpdate, { args: [{ actor: alice, note: 'licence photo blurry' }] });
    const changes = await wf.handle(id).executeUpdate(decisionUpdate, {
      args: [
        {
          actor: alice,
          decision: 'request_changes',
          reasons: [{ target: 'business_license', code: 'DOCUMENT_UNREADABLE', message: 'Blurry' }],
        },
      ],
    });
    expect(changes).toMatchObject({ status: 'changes_requested', round: 1 });
    const outside = await updateFailure(
      wf.handle(id).executeUpdate(resubmitUpdate, {
        args: [{ actor: merchant, profileRevision: 2, capabilities: [], changedFields: ['business.legalName'] }],
      }),
    );
    expect(outside).toMatchObject({ type: 'VALIDATION_FAILED' });
    const resubmitted = await wf.handle(id).executeUpdate(resubmitUpdate, {
      args: [
        {
          actor: merchant,
          profileRevision: 2,
          capabilities: ['qr_payments'],
          changedFields: ['documents.business_license'],
        },
      ],
    });
    expect(resubmitted).toMatchObject({
      status: 'prechecking',
      round: 2,
      resubmissions: 1,
      lastChangedFields: ['documents.business_license'],
    });
    await wf.waitForStatus(id, 'in_review');
    await wf.handle(id).executeUpdate(claimUpdate, { args: [{ actor: alice }] });
    const approved = await wf
      .handle(id)
      .executeUpdate(decisionUpdate, { args: [{ actor: alice, decision: 'approve' }] });
    expect(approved.status).toBe('bank_verification');
    await wf.recordHistory('resubmit-then-approve-after-commit', id);
    await wf.handle(id).executeUpdate(withdrawUpdate, { args: [{ actor: merchant }] });
  });

  it('the sixth request for changes is a final rejection', async () => {
    const id = await wf.start();
    await wf.handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }] });
    for (let round = 1; round <= 6; round++) {
      await wf.waitForStatus(id, 'in_review');
      await wf.handle(id).executeUpdate(claimUpdate, { args: [{ actor: alice }] });
      const after = await wf.handle(id).executeUpdate(decisionUpdate, {
        args: [
          {
            actor: alice,
            decision: 'request_changes',
            reasons: [{ target: 'business', code: 'INCOMPLETE_INFORMATION', message: `round ${round}` }],
          },
        ],
      });
      if (round === 6) {
        expect(after).toMatchObject({
          status: 'rejected',
          rejection: { code: 'RESUBMISSION_LIMIT_REACHED' },
          resubmissions: 5,
        });
        break;
      }
      expect(after.status).toBe('changes_requested');
      await wf.handle(id).executeUpdate(resubmitUpdate, {
        args: [
          { actor: merchant, profileRevision: round + 1, capabilities: [], changedFields: ['business.legalName'] },
        ],
      });
    }
    expect((await wf.handle(id).result()).status).toBe('rejected');
    await wf.recordHistory('sixth-round-rejected', id);
  });

  it('prohibited category: rejected by the prechecks, no human involved', async () => {
    fakes.precheck = {
      riskLevel: 'high',
      findings: [{ code: 'PROHIBITED_CATEGORY', severity: 'blocking', message: 'MCC 7995', target: 'business.mcc' }],
      outcome: { kind: 'reject', code: 'PROHIBITED_CATEGORY', message: 'Merchant category 7995 is not accepted' },
    };
    const id = await wf.start();
    await wf.handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }] });
    const final = await wf.handle(id).result();
    expect(final).toMatchObject({ status: 'rejected', rejection: { code: 'PROHIBITED_CATEGORY' } });
    expect(fakes.eventsOf(id).slice(-1)[0]!.actor.role).toBe('system');
    await wf.recordHistory('prohibited-mcc', id);
  });

  it('restricted category without licence: changes requested on industry_license', async () => {
    fakes.precheck = RESTRICTED_WITHOUT_LICENCE;
    const id = await wf.start();
    await wf.handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }] });
    const s = await wf.waitForStatus(id, 'changes_requested');
    expect(s.openReasons.map((r) => r.target)).toEqual(['industry_license']);
    await wf.handle(id).executeUpdate(withdrawUpdate, { args: [{ actor: merchant }] });
  });

  it('three wrong micro-deposit amounts: back to changes_requested on the bank account', async () => {
    const id = await wf.start();
    await wf.toBankVerification(id);
    for (const attempt of [1, 2]) {
      const s = await wf.handle(id).executeUpdate(microDepositUpdate, { args: [{ actor: merchant, amount: '0.01' }] });
      expect(s).toMatchObject({ status: 'bank_verification', microDeposit: { attempts: attempt } });
    }
    const third = await wf
      .handle(id)
      .executeUpdate(microDepositUpdate, { args: [{ actor: merchant, amount: '0.02' }] });
    expect(third.status).toBe('changes_requested');
    expect(third.openReasons.map((r) => r.target)).toEqual(['bankAccount', 'bank_account_proof']);
    await wf.recordHistory('micro-deposit-failed', id);
    await wf.handle(id).executeUpdate(withdrawUpdate, { args: [{ actor: merchant }] });
  });
});

describe('bounded histories', () => {
  it('continues as new when Temporal suggests it, keeping state, events and pending work', async () => {
    const id = await wf.start();
    await wf.toReview(id);
    const firstRun = (await wf.handle(id).describe()).runId;
    // The test server suggests continue-as-new after 400 history events (a server with the default
    // 4096 takes longer); each note adds about 5.
    let notes = 0;
    while (notes < 1000 && (notes % 50 !== 0 || (await wf.handle(id).describe()).runId === firstRun)) {
      // As the API sends it: with a fixed Update id, again if the server lost the task carrying it.
      const updateId = `note-${notes}`;
      await withUpdateRetries(() =>
        wf.handle(id).executeUpdate(noteUpdate, { args: [{ actor: alice, note: `note ${notes}` }], updateId }),
      );
      notes++;
    }
    const after = await wf.waitFor(id, (s) => s.seq >= 4 + notes, 'all notes committed');
    await fakes.recorded(id, after.seq);
    expect((await wf.handle(id).describe()).runId).not.toBe(firstRun);
    expect(after).toMatchObject({ status: 'in_review', claim: { by: alice } });
    expect(fakes.eventsOf(id).map((e) => e.seq)).toEqual(fakes.eventsOf(id).map((_, i) => i + 1));
    // Writes overlap under this load; none ever left a gap for a reader.
    expect(fakes.gaps).toEqual([]);
    // The application carries on in the new run.
    const approved = await wf
      .handle(id)
      .executeUpdate(decisionUpdate, { args: [{ actor: alice, decision: 'approve' }] });
    expect(approved.status).toBe('bank_verification');
    await wf.handle(id).executeUpdate(cancelUpdate, { args: [{ actor: admin, reason: 'test done' }] });
  });
});

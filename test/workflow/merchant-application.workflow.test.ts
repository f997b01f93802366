/**
 * The application workflow on the real Temporal dev server, with in-memory activities standing in
 * for PostgreSQL: the paths through it, update validation, concurrency and read-your-writes.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Client, WithStartWorkflowOperation, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowIdConflictPolicy } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { type NativeConnection, Worker } from '@temporalio/worker';
import {
  APPLICATION_WORKFLOW_TYPE,
  createdUpdate,
  decisionUpdate,
  stateQuery,
  submitUpdate,
  withdrawUpdate,
  workflowIdFor,
  type ApplicationActivities,
  type PrecheckResult,
  type RecordTransitionInput,
} from '@mo/contracts';
import type { Actor, ApplicationState, DomainEvent } from '@mo/domain';
import type { merchantApplicationWorkflow } from '../../workflows';
import { connectClient, connectWorker, sourceWorkflowBundle, uniqueTaskQueue } from '../support/temporal';

const merchant: Actor = { role: 'merchant', id: 'merchant-wf' };
const alice: Actor = { role: 'reviewer', id: 'alice' };
const bob: Actor = { role: 'senior_reviewer', id: 'bob' };
const carol: Actor = { role: 'senior_reviewer', id: 'carol' };

/** In-memory stand-ins that keep the same idempotency contract as the real activities. */
class FakeActivities {
  readonly events = new Map<string, DomainEvent[]>();
  readonly wallets = new Map<string, string>();
  walletCalls = 0;
  precheck: PrecheckResult = { riskLevel: 'low', findings: [] };

  readonly impl: ApplicationActivities = {
    recordTransition: async ({ events }: RecordTransitionInput) => {
      for (const e of events) {
        const list = this.events.get(e.applicationId) ?? [];
        if (!list.some((x) => x.seq === e.seq)) list.push(e);
        this.events.set(e.applicationId, list);
      }
    },
    runPrechecks: async () => this.precheck,
    createWalletAccount: async ({ applicationId }) => {
      this.walletCalls++;
      const existing = this.wallets.get(applicationId);
      if (existing) return { walletAccountId: existing, created: false };
      const id = randomUUID();
      this.wallets.set(applicationId, id);
      return { walletAccountId: id, created: true };
    },
  };
}

let client: Client;
let connection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
const fakes = new FakeActivities();
const taskQueue = uniqueTaskQueue('workflow');

beforeAll(async () => {
  client = await connectClient();
  connection = await connectWorker();
  worker = await Worker.create({
    connection,
    taskQueue,
    workflowBundle: await sourceWorkflowBundle(),
    activities: fakes.impl,
  });
  running = worker.run();
});

afterAll(async () => {
  worker.shutdown();
  await running;
  await connection.close();
  await client.connection.close();
});

async function create(): Promise<{ id: string; state: ApplicationState }> {
  const id = randomUUID();
  const state = await client.workflow.executeUpdateWithStart(createdUpdate, {
    args: [{ actor: merchant }],
    startWorkflowOperation: new WithStartWorkflowOperation(APPLICATION_WORKFLOW_TYPE, {
      workflowId: workflowIdFor(id),
      taskQueue,
      args: [{ applicationId: id, merchantId: merchant.id, profileRevision: 1, actor: merchant }],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    }),
  });
  return { id, state };
}

const handle = (id: string) => client.workflow.getHandle<typeof merchantApplicationWorkflow>(workflowIdFor(id));

async function waitForStatus(id: string, status: string): Promise<ApplicationState> {
  for (let i = 0; i < 100; i++) {
    const s = await handle(id).query(stateQuery);
    if (s.status === status) return s;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`application ${id} never reached ${status}`);
}

async function updateFailure(p: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause;
    throw err;
  }
  throw new Error('expected the update to fail');
}

/** RECORD_HISTORIES=1 adds histories for scenarios not yet recorded; existing ones are never rewritten. */
async function recordHistory(name: string, id: string): Promise<void> {
  if (process.env.RECORD_HISTORIES !== '1') return;
  const dir = join(__dirname, '..', 'histories');
  const file = join(dir, `${name}.json`);
  if (existsSync(file)) return;
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, historyToJSON(await handle(id).fetchHistory()));
}

describe('merchant application workflow', () => {
  beforeEach(() => {
    fakes.precheck = { riskLevel: 'low', findings: [] };
  });

  it('happy path: created → submitted → prechecked → approved → active, one wallet, gapless events', async () => {
    const { id, state } = await create();
    expect(state).toMatchObject({ status: 'draft', seq: 1 });
    // The update answers only after the event was recorded (read-your-writes).
    expect(fakes.events.get(id)?.map((e) => e.seq)).toEqual([1]);

    const submitted = await handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }] });
    expect(submitted.status).toBe('prechecking');
    await waitForStatus(id, 'in_review');

    const approved = await handle(id).executeUpdate(decisionUpdate, { args: [{ actor: alice, decision: 'approve' }] });
    expect(approved.status).toBe('activating');
    const final = await handle(id).result();
    expect(final.status).toBe('active');
    expect(final.walletAccountId).toBe(fakes.wallets.get(id));
    expect(fakes.events.get(id)?.map((e) => [e.seq, e.type])).toEqual([
      [1, 'application_created'],
      [2, 'application_submitted'],
      [3, 'prechecks_completed'],
      [4, 'application_approved'],
      [5, 'application_activated'],
    ]);
    const description = await handle(id).describe();
    expect(description.searchAttributes).toMatchObject({ ApplicationStatus: ['active'], MerchantId: [merchant.id] });
    await recordHistory('happy-path', id);
  });

  it('an action in the wrong state is refused by the validator, synchronously and without an event', async () => {
    const { id } = await create();
    const failure = await updateFailure(
      handle(id).executeUpdate(decisionUpdate, { args: [{ actor: alice, decision: 'approve' }] }),
    );
    expect(failure.type).toBe('ILLEGAL_TRANSITION');
    expect(fakes.events.get(id)).toHaveLength(1);
    await handle(id).executeUpdate(withdrawUpdate, { args: [{ actor: merchant, reason: 'changed my mind' }] });
    expect((await handle(id).result()).status).toBe('withdrawn');
    await recordHistory('withdrawn-draft', id);
  });

  it('the same update id is applied once', async () => {
    const { id } = await create();
    const updateId = `submit-${randomUUID()}`;
    const [a, b] = await Promise.all([
      handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }], updateId }),
      handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }], updateId }),
    ]);
    expect(a.seq).toBe(2);
    expect(b.seq).toBe(2);
    await waitForStatus(id, 'in_review');
    expect(fakes.events.get(id)?.filter((e) => e.type === 'application_submitted')).toHaveLength(1);
    await handle(id).terminate('test cleanup');
  });

  it('two reviewers deciding at once: exactly one wins, the other is refused', async () => {
    const { id } = await create();
    await handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }] });
    await waitForStatus(id, 'in_review');
    const results = await Promise.allSettled([
      handle(id).executeUpdate(decisionUpdate, { args: [{ actor: alice, decision: 'approve' }] }),
      handle(id).executeUpdate(decisionUpdate, {
        args: [{ actor: bob, decision: 'reject', code: 'SUSPECTED_FRAUD', message: 'forged licence' }],
      }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toBeInstanceOf(WorkflowUpdateFailedError);
    expect((rejected.reason as WorkflowUpdateFailedError).cause).toMatchObject({ type: 'ILLEGAL_TRANSITION' });
    const final = await handle(id).result();
    expect(['active', 'rejected']).toContain(final.status);
    expect(
      fakes.events.get(id)?.filter((e) => e.type === 'application_approved' || e.type === 'application_rejected'),
    ).toHaveLength(1);
  });

  it('high risk: four-eyes refuses the same person and completes with a second senior reviewer', async () => {
    fakes.precheck = {
      riskLevel: 'high',
      findings: [
        { code: 'INVALID_IDENTIFIER', severity: 'blocking', message: 'USCC check digit', target: 'business.uscc' },
      ],
    };
    const { id } = await create();
    await handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }] });
    const inReview = await waitForStatus(id, 'in_review');
    expect(inReview.riskLevel).toBe('high');
    const first = await handle(id).executeUpdate(decisionUpdate, { args: [{ actor: bob, decision: 'approve' }] });
    expect(first.status).toBe('awaiting_second_approval');
    const same = await updateFailure(
      handle(id).executeUpdate(decisionUpdate, { args: [{ actor: bob, decision: 'approve' }] }),
    );
    expect(same.type).toBe('NOT_PERMITTED');
    await handle(id).executeUpdate(decisionUpdate, { args: [{ actor: carol, decision: 'approve' }] });
    const final = await handle(id).result();
    expect(final.status).toBe('active');
    expect(final.approvals.map((a) => a.by.id)).toEqual(['bob', 'carol']);
    await recordHistory('four-eyes', id);
  });
});

/** Drives application workflows directly through a Temporal client, as the API does. */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure, WorkflowIdConflictPolicy } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import {
  agreementUpdate,
  APPLICATION_WORKFLOW_TYPE,
  claimUpdate,
  createdUpdate,
  decisionUpdate,
  microDepositUpdate,
  stateQuery,
  submitUpdate,
  workflowIdFor,
  type StartApplicationInput,
} from '@mo/contracts';
import {
  DEFAULT_POLICY,
  type Actor,
  type ApplicationState,
  type ApplicationStatus,
  type LifecyclePolicy,
} from '@mo/domain';
import type { merchantApplicationWorkflow } from '../../workflows';

export const merchant: Actor = { role: 'merchant', id: 'merchant-wf' };
export const alice: Actor = { role: 'reviewer', id: 'alice' };
export const dave: Actor = { role: 'reviewer', id: 'dave' };
export const bob: Actor = { role: 'senior_reviewer', id: 'bob' };
export const carol: Actor = { role: 'senior_reviewer', id: 'carol' };
export const admin: Actor = { role: 'admin', id: 'root' };

export class WorkflowDriver {
  constructor(
    readonly client: Client,
    readonly taskQueue: string,
  ) {}

  handle(id: string) {
    return this.client.workflow.getHandle<typeof merchantApplicationWorkflow>(workflowIdFor(id));
  }

  /** Starts an application workflow (plain start: works on the time-skipping server too). */
  async start(policy: LifecyclePolicy = DEFAULT_POLICY): Promise<string> {
    const id = randomUUID();
    const input: StartApplicationInput = {
      applicationId: id,
      merchantId: merchant.id,
      profileRevision: 1,
      capabilities: ['qr_payments', 'e_invoices'],
      policy,
      actor: merchant,
    };
    await this.client.workflow.start(APPLICATION_WORKFLOW_TYPE, {
      workflowId: workflowIdFor(id),
      taskQueue: this.taskQueue,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.FAIL,
    });
    // Returns once the creation is committed, as the API's update-with-start does.
    await this.handle(id).executeUpdate(createdUpdate, { args: [{ actor: merchant }] });
    return id;
  }

  /** Ends a test's application if it is still running. */
  async cleanup(id: string): Promise<void> {
    const { status } = await this.handle(id).describe();
    if (status.name === 'RUNNING') await this.handle(id).terminate('test cleanup');
  }

  state(id: string): Promise<ApplicationState> {
    return this.handle(id).query(stateQuery);
  }

  async waitFor(id: string, done: (s: ApplicationState) => boolean, what = 'condition'): Promise<ApplicationState> {
    for (let i = 0; i < 200; i++) {
      const s = await this.state(id).catch(() => undefined);
      if (s !== undefined && done(s)) return s;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(
      `application ${id}: ${what} never held (last: ${JSON.stringify(await this.state(id).catch(() => null))})`,
    );
  }

  waitForStatus(id: string, status: ApplicationStatus): Promise<ApplicationState> {
    return this.waitFor(id, (s) => s.status === status, `status ${status}`);
  }

  /** draft → submitted → prechecked → in_review, claimed by `reviewer`. */
  async toReview(id: string, reviewer: Actor = alice): Promise<ApplicationState> {
    await this.handle(id).executeUpdate(submitUpdate, { args: [{ actor: merchant }] });
    await this.waitForStatus(id, 'in_review');
    return this.handle(id).executeUpdate(claimUpdate, { args: [{ actor: reviewer }] });
  }

  /** … → approved → micro-deposit sent (bank_verification). */
  async toBankVerification(id: string): Promise<ApplicationState> {
    await this.toReview(id);
    await this.handle(id).executeUpdate(decisionUpdate, { args: [{ actor: alice, decision: 'approve' }] });
    return this.waitFor(id, (s) => s.status === 'bank_verification' && s.microDeposit !== null, 'micro-deposit sent');
  }

  async toAgreement(id: string, amount: string): Promise<ApplicationState> {
    await this.toBankVerification(id);
    return this.handle(id).executeUpdate(microDepositUpdate, { args: [{ actor: merchant, amount }] });
  }

  async toActive(id: string, amount: string): Promise<ApplicationState> {
    await this.toAgreement(id, amount);
    await this.handle(id).executeUpdate(agreementUpdate, {
      args: [{ actor: merchant, version: DEFAULT_POLICY.agreementVersion, signatory: 'Li Lei' }],
    });
    return this.handle(id).result();
  }

  /** RECORD_HISTORIES=1 adds histories for scenarios not yet recorded; existing ones are never rewritten. */
  async recordHistory(name: string, id: string): Promise<void> {
    if (process.env.RECORD_HISTORIES !== '1') return;
    const dir = join(__dirname, '..', 'histories');
    const file = join(dir, `${name}.json`);
    if (existsSync(file)) return;
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, historyToJSON(await this.handle(id).fetchHistory()));
  }
}

export async function updateFailure(p: Promise<unknown>): Promise<ApplicationFailure> {
  try {
    await p;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) return err.cause;
    throw err;
  }
  throw new Error('expected the update to fail');
}

/**
 * Screening through the application workflow on the real Temporal dev server (in-memory
 * activities): a hit found by the prechecks, another added by rescreening, each resolved by a
 * reviewer; a true match recorded by a senior ends the application. Their histories are the replay
 * tests' record of these paths.
 */
import type { Client } from '@temporalio/client';
import { type NativeConnection, Worker } from '@temporalio/worker';
import { addScreeningHitsUpdate, decisionUpdate, screeningResolutionUpdate } from '@mo/contracts';
import { screeningFindingOf, SYSTEM_ACTOR, type ScreeningHitRecord } from '@mo/domain';
import { workflowTracingSinks } from '@mo/observability';
import { FakeActivities } from '../support/fake-activities';
import { connectClient, connectWorker, sourceWorkflowBundle, uniqueTaskQueue } from '../support/temporal';
import { alice, bob, updateFailure, WorkflowDriver } from '../support/workflow-driver';

let client: Client;
let connection: NativeConnection;
let worker: Worker;
let running: Promise<void>;
let wf: WorkflowDriver;
const fakes = new FakeActivities();

beforeAll(async () => {
  client = await connectClient();
  connection = await connectWorker();
  const taskQueue = uniqueTaskQueue('screening');
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

const hit = (hitId: string, subject: string, name: string): ScreeningHitRecord => ({
  hitId,
  subject: { path: subject, name, dateOfBirth: '1971-03-14' },
  entry: {
    id: 'syn-p-001',
    name: 'Zorvath Quillan',
    aliases: ['Quillan Zorvath'],
    birthDates: ['1971-03-14'],
    countries: ['ru'],
    identifiers: [],
    dataset: 'synthetic_sanctions',
    sanctions: ['Synthetic Sanctions Programme 1'],
  },
  matchedName: 'Zorvath Quillan',
  score: 0.97,
  listVersion: 'sha256:test-v1',
  resolution: null,
});

beforeEach(() => {
  const found = hit('hit-rep-0000000000001', 'legalRepresentative', 'Zorvath Quillan');
  fakes.precheck = {
    riskLevel: 'high',
    findings: [screeningFindingOf(found)],
    outcome: { kind: 'review' },
    screeningHits: [found],
  };
});

describe('screening hits in the workflow', () => {
  it('a hit from the prechecks and one from rescreening: approve waits until both are false positives', async () => {
    const id = await wf.start();
    await wf.toReview(id);
    const added = hit('hit-own-0000000000002', 'beneficialOwners[owner-1]', 'Quillan Zorvath');
    await wf.handle(id).executeUpdate(addScreeningHitsUpdate, { args: [{ actor: SYSTEM_ACTOR, hits: [added] }] });
    const approve = (): Promise<unknown> =>
      wf.handle(id).executeUpdate(decisionUpdate, { args: [{ actor: alice, decision: 'approve' }] });
    const refused = await updateFailure(approve());
    expect([refused.type, (refused.details?.[0] as { rule?: string } | undefined)?.rule]).toEqual([
      'ILLEGAL_TRANSITION',
      'screening_hits_unresolved',
    ]);
    for (const hitId of ['hit-rep-0000000000001', 'hit-own-0000000000002']) {
      await wf.handle(id).executeUpdate(screeningResolutionUpdate, {
        args: [{ actor: alice, hitId, resolution: 'false_positive', note: 'Another person: born 1985' }],
      });
    }
    // High risk: the first approval waits for a senior's.
    expect(((await approve()) as { status: string }).status).toBe('awaiting_second_approval');
    const state = await wf.state(id);
    expect(state.screeningHits?.map((h) => [h.hitId, h.resolution?.resolution, h.resolution?.by.id])).toEqual([
      ['hit-rep-0000000000001', 'false_positive', 'alice'],
      ['hit-own-0000000000002', 'false_positive', 'alice'],
    ]);
    await wf.recordHistory('screening-false-positives-then-approved', id);
    await wf.cleanup(id);
  });

  it('a true match, recorded by a senior reviewer, is a final rejection SANCTIONS_MATCH', async () => {
    const id = await wf.start();
    await wf.toReview(id, bob);
    const final = await wf.handle(id).executeUpdate(screeningResolutionUpdate, {
      args: [{ actor: bob, hitId: 'hit-rep-0000000000001', resolution: 'true_match', note: 'Same passport' }],
    });
    expect(final).toMatchObject({ status: 'rejected', rejection: { code: 'SANCTIONS_MATCH' } });
    await wf.handle(id).result();
    await wf.recordHistory('screening-true-match-rejected', id);
  });

  it('a reviewer who is not senior cannot record a true match', async () => {
    const id = await wf.start();
    await wf.toReview(id);
    const refused = await updateFailure(
      wf.handle(id).executeUpdate(screeningResolutionUpdate, {
        args: [{ actor: alice, hitId: 'hit-rep-0000000000001', resolution: 'true_match', note: 'looks like them' }],
      }),
    );
    expect(refused.type).toBe('NOT_PERMITTED');
    expect((await wf.state(id)).screeningHits?.[0]?.resolution).toBeNull();
    await wf.cleanup(id);
  });
});

/**
 * Screening over HTTP on the real stack: a party on the synthetic list is a finding and makes the
 * application high risk; reviewers resolve each hit (false positive with a note; true match, senior
 * only, a final rejection SANCTIONS_MATCH), and approval waits until none is open.
 */
import { appendFileSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { RESCREENING_WORKFLOW_TYPE, rescreeningScheduleId } from '@mo/contracts';
import { connectDatabase } from '../support/database';
import { createApplicationBody } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;
// A copy of the synthetic list, so a test can change it the way a list update would.
const listDir = mkdtempSync(join(tmpdir(), 'mo-screening-'));
const list = join(listDir, 'list.simple.csv');
copyFileSync(join(__dirname, '../../data/screening/synthetic.simple.csv'), list);

beforeAll(async () => {
  stack = await startStack('screening', { SCREENING_LISTS: list });
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack.stop();
  await db.destroy();
  rmSync(listDir, { recursive: true, force: true });
});

const merchantId = (name: string): string => `${name}-${Math.random().toString(36).slice(2, 8)}`;
/** The legal representative is a person on the synthetic list (syn-p-001). */
const listedRepresentative = createApplicationBody({
  legalRepresentative: { name: 'Zorvath Quillan', idType: 'passport', idNumber: 'E12345678', idExpiry: '2035-12-31' },
});
const resolution = (id: string, hitId: string): string => `/v1/applications/${id}/screening-hits/${hitId}/resolution`;

describe('screening', () => {
  it('a listed legal representative: a finding, high risk; a false positive needs a note, then approve works', async () => {
    const m = merchantId('screened');
    const id = await http.inReview(m, 'alice', listedRepresentative);
    const view = await http.view(id);
    expect(view.risk.level).toBe('high');
    expect(view.risk.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'SCREENING_POTENTIAL_MATCH',
          target: 'legalRepresentative',
          screening: expect.objectContaining({ entryId: 'syn-p-001', dataset: 'synthetic_sanctions' }),
        }),
      ]),
    );
    expect(view.screeningHits).toEqual([
      expect.objectContaining({
        subject: { path: 'legalRepresentative', name: 'Zorvath Quillan' },
        entry: expect.objectContaining({ id: 'syn-p-001', birthDates: ['1971-03-14'], countries: ['ru'] }),
        listVersion: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
        resolution: null,
      }),
    ]);
    const hitId = view.screeningHits[0].hitId as string;
    expect(view.allowedActions).toContain('resolve_screening_hit');
    expect(view.allowedActions).not.toContain('approve');
    expect(view.allowedActions).not.toContain('confirm_screening_match');
    // The merchant never sees the hits, the findings or the screening events.
    const own = await http.view(id, 'merchant', m);
    expect(own.screeningHits).toBeUndefined();
    expect(own.risk).toBeUndefined();

    const refused = await http.post(
      'reviewer',
      'alice',
      `/v1/applications/${id}/decisions`,
      { decision: 'approve' },
      409,
    );
    expect(refused.body).toMatchObject({ code: 'SCREENING_HITS_UNRESOLVED' });

    const noNote = await http.post('reviewer', 'alice', resolution(id, hitId), { resolution: 'false_positive' }, 400);
    expect(noNote.body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect(noNote.body.errors.map((e: { field: string }) => e.field)).toContain('note');
    const unknown = await http.post('reviewer', 'alice', resolution(id, 'no-such-hit'), {
      resolution: 'false_positive',
      note: 'x',
    });
    expect([404, 409]).toContain(unknown.status);
    expect(unknown.body).toMatchObject({ code: 'SCREENING_HIT_NOT_FOUND' });

    const cleared = await http.post(
      'reviewer',
      'alice',
      resolution(id, hitId),
      { resolution: 'false_positive', note: 'Different person: born 1985, Chinese passport' },
      200,
    );
    expect(cleared.body.screeningHits[0].resolution).toMatchObject({
      resolution: 'false_positive',
      by: { role: 'reviewer', id: 'alice' },
      listVersion: view.screeningHits[0].listVersion,
    });
    expect(cleared.body.allowedActions).toContain('approve');
    const again = await http.post('reviewer', 'alice', resolution(id, hitId), {
      resolution: 'false_positive',
      note: 'again',
    });
    expect(again.status).toBe(409);

    const events = (await http.get('admin', 'root', `/v1/applications/${id}/events`)).body.events as {
      type: string;
      actor: { id: string };
      data: Record<string, unknown>;
    }[];
    expect(events.find((e) => e.type === 'screening_hit_resolved')).toMatchObject({
      actor: { id: 'alice' },
      data: { hitId, resolution: 'false_positive', listVersion: view.screeningHits[0].listVersion },
    });
    const merchantEvents = (await http.get('merchant', m, `/v1/applications/${id}/events`)).body.events as {
      type: string;
    }[];
    expect(merchantEvents.map((e) => e.type)).not.toContain('screening_hit_resolved');

    // High risk: the first approval waits for a senior reviewer's second.
    const approved = await http.post(
      'reviewer',
      'alice',
      `/v1/applications/${id}/decisions`,
      { decision: 'approve' },
      200,
    );
    expect(approved.body.status).toBe('awaiting_second_approval');
  });

  it('a true match: refused to a reviewer (403), recorded by a senior reviewer as a final rejection SANCTIONS_MATCH', async () => {
    const m = merchantId('sanctioned');
    const id = await http.inReview(m, 'alice', listedRepresentative);
    const hitId = (await http.view(id)).screeningHits[0].hitId as string;
    const byReviewer = await http.post('reviewer', 'alice', resolution(id, hitId), { resolution: 'true_match' }, 403);
    expect(byReviewer.body).toMatchObject({ code: 'NOT_PERMITTED' });

    await http.post('reviewer', 'alice', `/v1/applications/${id}/release`, {}, 200);
    await http.post('senior_reviewer', 'carol', `/v1/applications/${id}/claim`, {}, 200);
    const senior = await http.view(id, 'senior_reviewer', 'carol');
    expect(senior.allowedActions).toEqual(expect.arrayContaining(['resolve_screening_hit', 'confirm_screening_match']));
    const rejected = await http.post(
      'senior_reviewer',
      'carol',
      resolution(id, hitId),
      { resolution: 'true_match', note: 'Same passport and birth date' },
      200,
    );
    expect(rejected.body).toMatchObject({
      status: 'rejected',
      rejection: { code: 'SANCTIONS_MATCH' },
      screeningHits: [expect.objectContaining({ resolution: expect.objectContaining({ resolution: 'true_match' }) })],
    });
    const own = await http.view(id, 'merchant', m);
    expect(own).toMatchObject({ status: 'rejected', rejection: { code: 'SANCTIONS_MATCH' } });
  });

  it('a listed business name is a hit too; a clean application has none', async () => {
    const m = merchantId('listed-company');
    const body = createApplicationBody();
    const business = { ...(body.business as object), legalName: 'Quillan Shell Trading Co., Ltd.' };
    const bankAccount = { ...(body.bankAccount as object), holderName: 'Quillan Shell Trading Co., Ltd.' };
    const id = await http.inReview(m, 'alice', { ...body, business, bankAccount });
    const view = await http.view(id);
    expect(
      view.screeningHits.map((h: { subject: { path: string }; entry: { id: string } }) => [h.subject.path, h.entry.id]),
    ).toEqual([['business', 'syn-c-001']]);
    expect(view.risk.level).toBe('high');

    const clean = await http.inReview(merchantId('clean'));
    expect(await http.view(clean)).toMatchObject({ screeningHits: [], risk: { level: 'low' } });
  });

  it('rescreening: a list update adds the new hit to an open application once, by the schedule the worker created', async () => {
    const name = `Oskar Vendelbo ${Math.random().toString(36).slice(2, 7)}`;
    const body = createApplicationBody({
      legalRepresentative: { name, idType: 'passport', idNumber: 'E7654321', idExpiry: '2035-12-31' },
    });
    const id = await http.inReview(merchantId('rescreened'), 'alice', body);
    expect((await http.view(id)).screeningHits).toEqual([]);

    const handle = stack.temporal.schedule.getHandle(rescreeningScheduleId(stack.taskQueue));
    const description = await handle.describe();
    expect(description.spec.intervals).toMatchObject([{ every: 24 * 3_600_000 }]);
    expect(description.action).toMatchObject({ type: 'startWorkflow', workflowType: RESCREENING_WORKFLOW_TYPE });

    appendFileSync(list, `syn-p-900,Person,${name},,,dk,,,Synthetic Sanctions Programme 9,,,synthetic_sanctions,,,\n`);
    const rescreen = () =>
      stack.temporal.workflow.execute(RESCREENING_WORKFLOW_TYPE, {
        taskQueue: stack.taskQueue,
        workflowId: `rescreen-test-${Math.random().toString(36).slice(2)}`,
      }) as Promise<{ listVersion: string; added: number }>;
    const first = await rescreen();
    expect(first.added).toBeGreaterThanOrEqual(1);
    const view = await http.eventually(id, (v) => v.screeningHits?.length === 1, 'reviewer', 'alice');
    expect(view.screeningHits[0]).toMatchObject({
      subject: { path: 'legalRepresentative', name },
      entry: { id: 'syn-p-900' },
      listVersion: first.listVersion,
      resolution: null,
    });
    expect(view.risk.level).toBe('high');
    expect(view.allowedActions).not.toContain('approve');

    // The same version again: nothing to do; the schedule's own run adds nothing twice either.
    expect(await rescreen()).toMatchObject({ listVersion: first.listVersion, added: 0 });
    await handle.trigger();
    await new Promise((r) => setTimeout(r, 1000));
    expect((await http.view(id)).screeningHits).toHaveLength(1);
  });
});

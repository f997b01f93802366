/**
 * The admins' review dashboard (GET /v1/admin/metrics), on a database of its own so every figure is
 * exact: applications driven through the API to each outcome (activated, changes requested then
 * resubmitted, rejected, left in review past its SLA, a draft), then the queue, the daily counts and
 * the durations compared with what the applications' own timelines say. Prometheus reads the same
 * queries, so its gauges must agree.
 */
import request from 'supertest';
import type { DataSource } from 'typeorm';
import type { Role } from '@mo/domain';
import { connectDatabase, isolatedDatabase } from '../support/database';
import { createApplicationBody } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

/** The first stack's SLA: its application is escalated within the test. */
const SLA_SECONDS = 2;
type Counts = Record<'submitted' | 'approved' | 'changesRequested' | 'rejected' | 'activated', number>;
const zeros = (): Counts => ({ submitted: 0, approved: 0, changesRequested: 0, rejected: 0, activated: 0 });
const COUNTED: Record<string, keyof Counts> = {
  application_submitted: 'submitted',
  application_approved: 'approved',
  changes_requested: 'changesRequested',
  application_rejected: 'rejected',
  application_activated: 'activated',
};
const DECISIONS = ['application_approved', 'changes_requested', 'application_rejected'];

let database: { url: string; drop(): Promise<void> };
let db: DataSource;
let stack: Stack | undefined;
let http: HttpDriver;
/** Every application the test made, each with its staff timeline once the story is over. */
const ids: string[] = [];

beforeAll(async () => {
  database = await isolatedDatabase('admin_metrics');
  db = await connectDatabase('merchant-onboarding-test-metrics', database.url);
  stack = await startStack('admin-metrics-sla', {
    DATABASE_URL: database.url,
    REVIEW_SLA_HOURS: String(SLA_SECONDS / 3600),
  });
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
  await database?.drop();
});

async function metrics(query = '', role: Role = 'admin'): Promise<request.Response> {
  return http.get(role, `${role}-1`, `/v1/admin/metrics${query}`);
}

/** percentile_cont: linear interpolation between the closest ranks. */
function percentile(values: number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const at = p * (sorted.length - 1);
  const lo = Math.floor(at);
  const hi = Math.ceil(at);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (at - lo);
}

describe('GET /v1/admin/metrics', () => {
  it('answers zeros, and null durations, before anything happened', async () => {
    const res = await metrics('?days=7');
    expect(res.status).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatchObject({
      queue: { depth: 0, slaBreached: 0, escalated: 0 },
      durations: {
        submissionToFirstDecision: { count: 0, p50Seconds: null, p90Seconds: null },
        submissionToActivation: { count: 0, p50Seconds: null, p90Seconds: null },
      },
      totals: zeros(),
    });
    expect(res.body.daily).toHaveLength(7);
    for (const day of res.body.daily as Counts[]) expect(day).toMatchObject(zeros());
  });

  it('counts the queue, the outcomes per day and the durations of every application exactly', async () => {
    // 1. An application left in review past a short SLA: breached and escalated.
    const late = await http.completeDraft('dash-late');
    await http.post('merchant', 'dash-late', `/v1/applications/${late}/submit`, {}, 200);
    await http.eventually(late, (v) => v.status === 'in_review' && v.escalated === true, 'admin', 'root', 30_000);
    ids.push(late);
    // The policy is fixed per application at creation: the others get the default 48-hour SLA.
    await stack!.stop();
    stack = undefined;
    stack = await startStack('admin-metrics', { DATABASE_URL: database.url });
    http = new HttpDriver(stack, db);

    // 2. Approved, verified, activated.
    const activated = await http.inBankVerification('dash-activated');
    await http.post(
      'merchant',
      'dash-activated',
      `/v1/applications/${activated}/bank-verification`,
      { amount: await http.microDepositAmount(activated) },
      200,
    );
    await http.acceptAgreement('dash-activated', activated);
    await http.eventually(activated, (v) => v.status === 'active', 'admin', 'root', 30_000);
    ids.push(activated);

    // 3. Changes requested, then resubmitted: back in the queue, within its SLA.
    const changed = await http.inReview('dash-changes');
    await http.post(
      'reviewer',
      'alice',
      `/v1/applications/${changed}/decisions`,
      {
        decision: 'request_changes',
        reasons: [{ target: 'business_license', code: 'DOCUMENT_UNREADABLE', message: 'The scan is blurry' }],
      },
      200,
    );
    const sharper = await http.upload('dash-changes', changed, 'business_license');
    await http.post(
      'merchant',
      'dash-changes',
      `/v1/applications/${changed}/resubmit`,
      { changes: {}, documents: { business_license: sharper.id as string } },
      200,
    );
    await http.eventually(changed, (v) => v.status === 'in_review');
    ids.push(changed);

    // 4. Rejected for good.
    const rejected = await http.inReview('dash-rejected');
    await http.post(
      'reviewer',
      'alice',
      `/v1/applications/${rejected}/decisions`,
      { decision: 'reject', code: 'SUSPECTED_FRAUD', message: 'Documents do not belong to the business' },
      200,
    );
    ids.push(rejected);

    // 5. A draft, never submitted: counted nowhere.
    ids.push((await http.post('merchant', 'dash-draft', '/v1/applications', createApplicationBody(), 201)).body.id);

    // What the timelines say: milestone events per UTC day, and each application's durations.
    const perDay = new Map<string, Counts>();
    const toFirstDecision: number[] = [];
    const toActivation: number[] = [];
    for (const id of ids) {
      const events = (await http.get('admin', 'root', `/v1/applications/${id}/events`)).body.events as {
        type: string;
        at: string;
      }[];
      for (const e of events) {
        const counted = COUNTED[e.type];
        if (counted === undefined) continue;
        const day = e.at.slice(0, 10);
        const counts = perDay.get(day) ?? zeros();
        counts[counted]++;
        perDay.set(day, counts);
      }
      const first = (types: string[]): number | undefined => {
        const e = events.find((x) => types.includes(x.type));
        return e === undefined ? undefined : Date.parse(e.at) / 1000;
      };
      const submitted = first(['application_submitted']);
      const decided = first(DECISIONS);
      const active = first(['application_activated']);
      if (submitted !== undefined && decided !== undefined) toFirstDecision.push(decided - submitted);
      if (submitted !== undefined && active !== undefined) toActivation.push(active - submitted);
    }
    expect(toFirstDecision).toHaveLength(3);
    expect(toActivation).toHaveLength(1);

    const res = await metrics();
    expect(res.status).toBe(200);
    const body = res.body as {
      generatedAt: string;
      queue: { depth: number; slaBreached: number; escalated: number };
      window: { days: number; from: string; to: string };
      durations: Record<string, { count: number; p50Seconds: number | null; p90Seconds: number | null }>;
      totals: Counts;
      daily: (Counts & { date: string })[];
    };
    expect(body.queue).toEqual({ depth: 2, slaBreached: 1, escalated: 1 });
    expect(body.totals).toEqual({ submitted: 4, approved: 1, changesRequested: 1, rejected: 1, activated: 1 });

    // Thirty UTC days, today last, one after the other; each as the timelines say, the rest zeros.
    const today = body.generatedAt.slice(0, 10);
    expect(body.window).toEqual({ days: 30, from: body.daily[0]!.date, to: today });
    expect(body.daily).toHaveLength(30);
    body.daily.forEach((day, i) => {
      expect(Date.parse(day.date) - Date.parse(body.daily[0]!.date)).toBe(i * 86_400_000);
      expect(day).toEqual({ date: day.date, ...(perDay.get(day.date) ?? zeros()) });
    });
    expect(body.daily.at(-1)!.date).toBe(today);

    const { submissionToFirstDecision: decision, submissionToActivation: activation } = body.durations;
    expect(decision!.count).toBe(3);
    expect(decision!.p50Seconds).toBeCloseTo(percentile(toFirstDecision, 0.5)!, 3);
    expect(decision!.p90Seconds).toBeCloseTo(percentile(toFirstDecision, 0.9)!, 3);
    expect(decision!.p50Seconds!).toBeLessThanOrEqual(decision!.p90Seconds!);
    expect(activation!.count).toBe(1);
    expect(activation!.p50Seconds).toBeCloseTo(toActivation[0]!, 3);
    expect(activation!.p90Seconds).toBeCloseTo(toActivation[0]!, 3);

    // One day: today only, with everything above (the applications are all from today, or yesterday
    // if the test ran over midnight UTC).
    const one = (await metrics('?days=1')).body as typeof body;
    expect(one.window).toEqual({ days: 1, from: today, to: today });
    expect(one.daily).toEqual([{ date: today, ...(perDay.get(today) ?? zeros()) }]);
    expect(one.totals).toEqual(perDay.get(today) ?? zeros());
    expect((await metrics('?days=90')).body.daily).toHaveLength(90);

    // Prometheus reads the same queries.
    const scrape = (await request(stack.http).get('/metrics').expect(200)).text;
    const gauge = (line: string): number => Number(new RegExp(`^${line} (\\S+)$`, 'm').exec(scrape)?.[1]);
    expect(gauge('merchant_onboarding_review_queue_depth')).toBe(2);
    expect(gauge('merchant_onboarding_review_sla_breached')).toBe(1);
    expect(gauge('merchant_onboarding_review_sla_escalations_total')).toBe(1);
    expect(gauge('merchant_onboarding_decisions_total\\{decision="approved"\\}')).toBe(1);
    expect(gauge('merchant_onboarding_decisions_total\\{decision="changes_requested"\\}')).toBe(1);
    expect(gauge('merchant_onboarding_decisions_total\\{decision="rejected"\\}')).toBe(1);
    expect(gauge('merchant_onboarding_submission_to_first_decision_seconds_count')).toBe(3);
    expect(gauge('merchant_onboarding_submission_to_activation_seconds_count')).toBe(1);
  }, 180_000);

  it.each(['0', '91', '-1', 'abc', '1.5', '', '30&days=31'])('answers 400 for days=%s', async (days) => {
    const res = await metrics(`?days=${days}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'days' }] });
  });

  it.each(['merchant', 'reviewer', 'senior_reviewer'] as const)('refuses a %s', async (role) => {
    const res = await metrics('', role);
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it('refuses a caller without a token', async () => {
    const res = await request(stack!.http).get('/v1/admin/metrics');
    expect({ status: res.status, code: res.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
  });
});

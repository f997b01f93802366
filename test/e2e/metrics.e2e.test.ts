/**
 * Prometheus metrics, scraped for real: the API's /metrics (requests, replays, Updates, business
 * metrics from the read model) and the compiled worker's Temporal SDK exporter (WORKER_METRICS_PORT),
 * after driving an application through an operations hold to activation. Then every metric the alert
 * rules (deploy/prometheus/alerts.yml) use must exist in those scrapes.
 */
import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { loadConfig } from '@mo/config';
import { decisionUpdate, workflowIdFor } from '@mo/contracts';
import { clientInterceptors } from '@mo/observability';
import { dataConverterFor } from '@mo/temporal';
import { parseScrape, type Scrape } from '../../scripts/lib/prometheus';
import { connectDatabase } from '../support/database';
import { createApplicationBody } from '../support/factories';
import { HttpDriver } from '../support/http-driver';
import { COMPILED, exited, freePort, requireCompiled, startService } from '../support/processes';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let db: DataSource;
let http: HttpDriver;
let worker: ChildProcess;
let workerMetricsUrl: string;

beforeAll(async () => {
  requireCompiled();
  stack = await startStack('metrics', {}, { inProcessWorker: false });
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
  const port = await freePort();
  workerMetricsUrl = `http://127.0.0.1:${port}/metrics`;
  // Each application's first prechecks fail for good: an operations hold, an admin retry.
  worker = startService(COMPILED.worker, {
    WORKER_METRICS_PORT: String(port),
    WORKER_METRICS_HOST: '127.0.0.1',
    WORKER_FAULT_FAIL: 'runPrechecks:PrecheckProviderDown',
  });
});
afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) {
    worker.kill('SIGTERM');
    await exited(worker);
  }
  await stack?.stop();
  await db?.destroy();
});

async function scrapeApi(): Promise<Scrape> {
  const res = await request(stack.http).get('/metrics').expect(200);
  expect(res.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return parseScrape(res.text);
}

async function scrapeWorker(): Promise<Scrape> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      const res = await fetch(workerMetricsUrl);
      if (res.ok) return parseScrape(await res.text());
    } catch (err) {
      if (Date.now() > deadline) throw err;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Metric names in a PromQL expression (not functions, keywords, labels or durations). */
export function metricNames(expr: string): string[] {
  const stripped = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""')
    .replace(/\{[^}]*\}/g, '')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, '')
    .replace(/\[[^\]]*\]/g, '');
  const keywords = new Set([
    'by',
    'without',
    'on',
    'ignoring',
    'group_left',
    'group_right',
    'bool',
    'and',
    'or',
    'unless',
    'offset',
  ]);
  return [...stripped.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)]
    .filter((m) => m[2] === undefined && !keywords.has(m[1]!))
    .map((m) => m[1]!);
}

/** Series Prometheus itself adds to every scrape. */
const SYNTHETIC = new Set(['up', 'time']);

describe('metrics', () => {
  let activatedId: string;

  it('the API exposes request, replay, Update and business metrics from the read model', async () => {
    const before = await scrapeApi();

    // An idempotent replay.
    const key = `metrics-${randomUUID()}`;
    const body = createApplicationBody();
    const token = await http.as('merchant', 'metrics-replay');
    await request(stack.http).post('/v1/applications').set(token).set('Idempotency-Key', key).send(body).expect(201);
    const replay = await request(stack.http).post('/v1/applications').set(token).set('Idempotency-Key', key).send(body);
    expect(replay.headers['idempotent-replayed']).toBe('true');

    // A whole lifecycle, through an operations hold.
    const m = 'metrics-merchant';
    const id = await http.completeDraft(m);
    await http.post('merchant', m, `/v1/applications/${id}/submit`, {}, 200);
    await http.eventually(id, (v) => v.status === 'on_hold');
    await waitFor(
      'on_hold counted',
      async () => ((await scrapeApi()).value('merchant_onboarding_applications', { status: 'on_hold' }) ?? 0) >= 1,
    );
    await http.post('admin', 'root', `/v1/applications/${id}/retry`, {}, 200);
    await http.eventually(id, (v) => v.status === 'in_review');
    await http.post('reviewer', 'alice', `/v1/applications/${id}/claim`, {}, 200);
    await http.post('reviewer', 'alice', `/v1/applications/${id}/decisions`, { decision: 'approve' }, 200);
    await http.eventually(id, (v) => v.status === 'bank_verification' && v.deadline?.kind === 'micro_deposit');
    await http.post(
      'merchant',
      m,
      `/v1/applications/${id}/bank-verification`,
      { amount: await http.microDepositAmount(id) },
      200,
    );
    await http.acceptAgreement(m, id);
    await http.eventually(id, (v) => v.status === 'active', 'admin', 'root', 30_000);
    activatedId = id;

    // Values are read from the database a few seconds at most after the fact.
    await waitFor('activation counted', async () => {
      const now = await scrapeApi();
      return (
        (now.value('merchant_onboarding_submission_to_activation_seconds_count') ?? 0) >
        (before.value('merchant_onboarding_submission_to_activation_seconds_count') ?? 0)
      );
    });
    const after = await scrapeApi();
    const delta = (name: string, labels?: Record<string, string>): number =>
      (after.value(name, labels) ?? 0) - (before.value(name, labels) ?? 0);

    expect(
      after.value('merchant_onboarding_http_request_duration_seconds_count', {
        method: 'POST',
        route: '/v1/applications/:id/decisions',
        status: '200',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(after.value('merchant_onboarding_http_request_duration_seconds_count', { route: 'unmatched' }) ?? 0).toBe(
      before.value('merchant_onboarding_http_request_duration_seconds_count', { route: 'unmatched' }) ?? 0,
    );
    expect(delta('merchant_onboarding_idempotent_replays_total', { route: '/v1/applications' })).toBe(1);
    expect(
      delta('merchant_onboarding_temporal_update_duration_seconds_count', { update: 'decide', outcome: 'completed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(after.value('merchant_onboarding_read_model_up')).toBe(1);
    // Other test files share the database: their applications may count too, never fewer.
    expect(after.value('merchant_onboarding_applications', { status: 'active' })).toBeGreaterThanOrEqual(1);
    expect(delta('merchant_onboarding_decisions_total', { decision: 'approved' })).toBeGreaterThanOrEqual(1);
    expect(delta('merchant_onboarding_submission_to_first_decision_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(delta('merchant_onboarding_submission_to_activation_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(after.value('merchant_onboarding_submission_to_activation_seconds_bucket', { le: '+Inf' })).toBe(
      after.value('merchant_onboarding_submission_to_activation_seconds_count'),
    );
    expect(after.value('merchant_onboarding_review_queue_depth')).toBeGreaterThanOrEqual(0);
    expect(after.names).toContain('merchant_onboarding_review_sla_breached');
  });

  it('Temporal Updates the workflow refuses or that error are counted as failures', async () => {
    expect(activatedId).toBeDefined();
    const before = await scrapeApi();
    const client = new Client({
      connection: stack.temporal.connection,
      dataConverter: dataConverterFor(loadConfig().temporal.codec),
      interceptors: { workflow: clientInterceptors() },
    });
    // Refused by the workflow's validator: a draft takes no decision.
    const draft = await http.post('merchant', 'metrics-refused', '/v1/applications', createApplicationBody(), 201);
    const refused = client.workflow.getHandle(workflowIdFor(draft.body.id as string)).executeUpdate(decisionUpdate, {
      args: [{ actor: { role: 'reviewer', id: 'alice' }, decision: 'approve' }] as never,
    });
    await expect(refused).rejects.toThrow(WorkflowUpdateFailedError);
    // An error: no such workflow.
    await expect(
      client.workflow
        .getHandle(`metrics-missing-${randomUUID()}`)
        .executeUpdate(decisionUpdate, { args: [{}] as never }),
    ).rejects.toThrow();
    const after = await scrapeApi();
    const delta = (labels: Record<string, string>): number =>
      (after.value('merchant_onboarding_temporal_update_failures_total', labels) ?? 0) -
      (before.value('merchant_onboarding_temporal_update_failures_total', labels) ?? 0);
    expect(delta({ update: 'decide', reason: 'rejected' })).toBe(1);
    expect(delta({ update: 'decide', reason: 'error' })).toBe(1);
    expect(
      (after.value('merchant_onboarding_temporal_update_duration_seconds_count', {
        update: 'decide',
        outcome: 'rejected',
      }) ?? 0) -
        (before.value('merchant_onboarding_temporal_update_duration_seconds_count', {
          update: 'decide',
          outcome: 'rejected',
        }) ?? 0),
    ).toBe(1);
  });

  it("the worker exposes the Temporal SDK's metrics, the workflows' counters and activity outcomes", async () => {
    expect(activatedId).toBeDefined();
    const scrape = await scrapeWorker();
    for (const name of [
      'temporal_workflow_task_schedule_to_start_latency_bucket',
      'temporal_activity_schedule_to_start_latency_bucket',
      'temporal_worker_task_slots_available',
      'temporal_sticky_cache_size',
    ]) {
      expect(scrape.names).toContain(name);
    }
    expect(
      scrape.value('merchant_onboarding_activity_outcomes', { activityType: 'runPrechecks', outcome: 'failed' }),
    ).toBeGreaterThanOrEqual(1);
    expect(
      scrape.value('merchant_onboarding_activity_outcomes', {
        activityType: 'recordTransition',
        outcome: 'completed',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(scrape.value('merchant_onboarding_operation_failures', { step: 'prechecks' })).toBeGreaterThanOrEqual(1);
  });

  it('every metric the alert rules use exists in a real scrape', async () => {
    // The lifecycle above gave the activity and operation-failure counters their samples.
    expect(activatedId).toBeDefined();
    // A workflow task that fails (bad input reaches the workflow code) gives the failure counter a sample.
    const broken = await stack.temporal.workflow.start('merchantApplicationWorkflow', {
      taskQueue: stack.taskQueue,
      workflowId: `metrics-broken-${randomUUID()}`,
      args: [null],
    });
    try {
      await waitFor('a workflow task failure counted', async () =>
        (await scrapeWorker()).names.has('temporal_workflow_task_execution_failed'),
      );
    } finally {
      await broken.terminate('test done');
    }
    const scraped = new Set([...(await scrapeApi()).names, ...(await scrapeWorker()).names, ...SYNTHETIC]);

    const rules = load(readFileSync(join(__dirname, '..', '..', 'deploy', 'prometheus', 'alerts.yml'), 'utf8')) as {
      groups: {
        name: string;
        rules: { alert: string; expr: string; for?: string; labels?: { severity?: string } }[];
      }[];
    };
    const all = rules.groups.flatMap((g) => g.rules);
    expect(all.length).toBeGreaterThanOrEqual(15);
    const missing: string[] = [];
    for (const rule of all) {
      expect(rule.labels?.severity).toMatch(/^(info|warning|critical)$/);
      const names = metricNames(rule.expr);
      expect(names.length).toBeGreaterThan(0);
      for (const name of names) if (!scraped.has(name)) missing.push(`${rule.alert}: ${name}`);
    }
    expect(missing).toEqual([]);
  });
});

/**
 * Webhooks on the real stack: merchants register endpoints (secret shown once), status changes are
 * POSTed signed with an event id, a failing endpoint is retried with backoff and logged, and a
 * dead endpoint never holds the application up.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '@mo/config';
import { WEBHOOK_WORKFLOW_TYPE, webhookWorkflowId } from '@mo/contracts';
import type { ApplicationState, DomainEvent } from '@mo/domain';
import { SystemHostResolver } from '@mo/egress';
import { EventRepository, WebhookRepository } from '@mo/persistence';
import { WebhookActivities, WebhookDispatcher } from '../../apps/worker/src/activities/webhook.activities';
import { connectDatabase } from '../support/database';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';
import { recordFigures } from '../support/figures';

interface Received {
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

let stack: Stack;
let db: DataSource;
let http: HttpDriver;
let receiver: Server;
let base: string;
const received: Received[] = [];
let failuresLeft = 2;

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/flaky' && failuresLeft > 0) {
        failuresLeft--;
        res.writeHead(500).end();
        return;
      }
      if (req.url === '/slow') {
        // Slower than the racing attempts: they all reach the endpoint before any is logged.
        setTimeout(() => {
          received.push({ headers: req.headers, body });
          res.writeHead(204).end();
        }, 300);
        return;
      }
      if (req.url === '/dead') {
        res.writeHead(503).end();
        return;
      }
      received.push({ headers: req.headers, body });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  stack = await startStack('webhooks');
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  await stack?.stop();
  await db?.destroy();
  await new Promise((resolve) => receiver.close(resolve));
});

describe('webhooks', () => {
  it('only https public URLs (http://localhost in tests); secret shown once; merchant-scoped', async () => {
    const m = 'wh-urls';
    for (const url of [
      'http://shop.example.com/hook',
      'https://10.0.0.8/hook',
      'https://192.168.1.1/x',
      'https://localhost/x',
      // Non-public hosts in disguise: IPv4-mapped and NAT64 IPv6, trailing dots, other notations.
      'https://[::ffff:127.0.0.1]/x',
      'https://[::ffff:a9fe:a9fe]/latest/meta-data',
      'https://[64:ff9b::7f00:1]/x',
      'https://[fec0::1]/x',
      'https://[::1]/x',
      'https://localhost./x',
      'https://api.localhost/x',
      'https://hooks.example.com./x',
      'https://2130706433/x',
      'https://0x7f.1/x',
      'https://198.18.0.1/x',
      'https://169.254.169.254/x',
      'https://metadata.google.internal/x',
      'http://[::ffff:127.0.0.1]:8080/x',
      // Only 443 (WEBHOOK_ALLOWED_PORTS): not another service of a public host.
      'https://hooks.example.com:8443/x',
      'https://hooks.example.com:22/x',
      'ftp://x',
      'not a url',
    ]) {
      const res = await http.post('merchant', m, '/v1/webhook-endpoints', { url });
      expect({ url, status: res.status, field: res.body.errors?.[0]?.field }).toEqual({
        url,
        status: 400,
        field: 'url',
      });
    }
    const created = await http.post(
      'merchant',
      m,
      '/v1/webhook-endpoints',
      { url: 'https://hooks.example.com/onboarding' },
      201,
    );
    expect(created.body.secret).toMatch(/^whsec_/);
    const list = await http.get('merchant', m, '/v1/webhook-endpoints');
    expect(list.body.items).toEqual([
      { id: created.body.id, url: 'https://hooks.example.com/onboarding', createdAt: expect.any(String) },
    ]);
    expect((await http.get('merchant', 'someone-else', '/v1/webhook-endpoints')).body.items).toEqual([]);
    await request(stack.http)
      .delete(`/v1/webhook-endpoints/${created.body.id}`)
      .set(await http.as('merchant', 'someone-else'))
      .expect(404);
    await request(stack.http)
      .delete(`/v1/webhook-endpoints/${created.body.id}`)
      .set(await http.as('merchant', m))
      .expect(204);
    expect((await http.get('merchant', m, '/v1/webhook-endpoints')).body.items).toEqual([]);
  });

  it('at most WEBHOOK_MAX_ENDPOINTS (5) active endpoints per merchant; removing one makes room', async () => {
    const m = 'wh-capped';
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push(
        (await http.post('merchant', m, '/v1/webhook-endpoints', { url: `https://h${i}.example.com/x` }, 201)).body.id,
      );
    }
    const refused = await http.post('merchant', m, '/v1/webhook-endpoints', { url: 'https://h5.example.com/x' });
    expect({ status: refused.status, code: refused.body.code }).toEqual({
      status: 422,
      code: 'WEBHOOK_ENDPOINT_LIMIT_REACHED',
    });
    // Concurrent registrations cannot overshoot the cap either.
    const other = 'wh-capped-concurrently';
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        http.post('merchant', other, '/v1/webhook-endpoints', { url: `https://c${i}.example.com/x` }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 201, 201, 201, 422, 422, 422]);
    await request(stack.http)
      .delete(`/v1/webhook-endpoints/${ids[0]}`)
      .set(await http.as('merchant', m))
      .expect(204);
    await http.post('merchant', m, '/v1/webhook-endpoints', { url: 'https://h5.example.com/x' }, 201);
    expect((await http.get('merchant', m, '/v1/webhook-endpoints')).body.items).toHaveLength(5);
  });

  it('delivers each status change signed, once, retrying a failing endpoint; a dead one blocks nothing', async () => {
    const m = 'wh-merchant';
    const flaky = await http.post('merchant', m, '/v1/webhook-endpoints', { url: `${base}/flaky` }, 201);
    const dead = await http.post('merchant', m, '/v1/webhook-endpoints', { url: `${base}/dead` }, 201);
    const id = await http.inReview(m);
    await http.post('reviewer', 'alice', `/v1/applications/${id}/decisions`, { decision: 'approve' }, 200);
    // The dead endpoint does not hold the application: it moves on to bank verification.
    await http.eventually(id, (v) => v.deadline?.kind === 'micro_deposit');

    const deadline = Date.now() + 30_000;
    const expected = ['application_submitted', 'application_approved', 'micro_deposit_sent'];
    const ofApp = () => received.map((r) => JSON.parse(r.body)).filter((b) => b.applicationId === id);
    while (ofApp().length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
    const bodies = ofApp();
    expect(bodies.map((b) => b.type).sort()).toEqual([...expected].sort());
    expect(new Set(bodies.map((b) => b.id)).size).toBe(bodies.length);
    for (const r of received.filter((x) => JSON.parse(x.body).applicationId === id)) {
      const [t, v1] = String(r.headers['webhook-signature']).split(',');
      const timestamp = t!.slice(2);
      const expectedSignature = createHmac('sha256', flaky.body.secret).update(`${timestamp}.${r.body}`).digest('hex');
      expect(v1).toBe(`v1=${expectedSignature}`);
      expect(r.headers['webhook-id']).toBe(JSON.parse(r.body).id);
    }
    // Merchant-facing payloads carry no internal data.
    expect(JSON.stringify(bodies)).not.toMatch(/internalNote|findings|alice/);

    const log = await new WebhookRepository(db).deliveriesFor(id);
    const flakyLog = log.filter((d) => d.endpointId === flaky.body.id);
    expect(flakyLog.every((d) => d.status === 'delivered')).toBe(true);
    // The endpoint refused twice: those deliveries were retried (with backoff) until it took them.
    expect(flakyLog.reduce((sum, d) => sum + d.attempts, 0)).toBe(flakyLog.length + 2);
    expect(Math.max(...flakyLog.map((d) => d.attempts))).toBeGreaterThan(1);
    const deadLog = log.filter((d) => d.endpointId === dead.body.id);
    expect(deadLog.length).toBeGreaterThan(0);
    expect(deadLog.every((d) => d.status === 'pending' && d.lastStatusCode === 503)).toBe(true);
  });

  it('duplicate dispatches and retries racing a slow attempt: one delivery workflow, one log row, one Webhook-Id', async () => {
    const m = 'wh-race-merchant';
    const id = await http.inReview(m); // no endpoint yet: no delivery workflow was started
    const slow = await http.post('merchant', m, '/v1/webhook-endpoints', { url: `${base}/slow` }, 201);
    const [submitted] = await db.query(
      `SELECT seq FROM application_events WHERE application_id = $1 AND type = 'application_submitted'`,
      [id],
    );
    const event = (await new EventRepository(db).find(id, submitted.seq))!;

    // The same event dispatched ten times at once (a transition's write retried after a lost answer).
    const dispatcher = new WebhookDispatcher(
      stack.temporal,
      { webhooks: { taskQueue: `${stack.taskQueue}-webhooks` } } as AppConfig,
      new WebhookRepository(db),
    );
    const state = { merchantId: m } as ApplicationState;
    const domainEvent = { applicationId: id, seq: event.seq, type: event.type } as DomainEvent;
    const deliveryRuns = async (): Promise<unknown[]> => {
      const found = [];
      for await (const run of stack.temporal.workflow.list({
        query: `WorkflowId = '${webhookWorkflowId(id, event.seq)}' AND WorkflowType = '${WEBHOOK_WORKFLOW_TYPE}'`,
      })) {
        found.push(run);
      }
      return found;
    };
    expect(await deliveryRuns()).toHaveLength(0);
    await Promise.all(Array.from({ length: 10 }, () => dispatcher.dispatch(state, [domainEvent])));
    const runs = await deliveryRuns();
    expect(runs).toHaveLength(1);

    // Five delivery attempts racing each other (a retry started while a slow first attempt is still
    // in flight): the receiver sees one Webhook-Id, the log one delivered row; a late retry sends nothing.
    const config = loadConfig({ ...process.env, NODE_ENV: 'test' });
    const activities = new WebhookActivities(
      // The stack's key ring: signing secrets are stored encrypted under it.
      new WebhookRepository(db, config),
      new EventRepository(db),
      new SystemHostResolver(),
      config,
    );
    const ref = { applicationId: id, merchantId: m, seq: event.seq, type: event.type, endpointId: slow.body.id };
    const before = received.length;
    await Promise.all(Array.from({ length: 5 }, () => activities.deliverWebhook(ref)));
    const got = received.slice(before).filter((r) => JSON.parse(r.body).applicationId === id);
    expect(got.length).toBeGreaterThan(0);
    expect(new Set(got.map((r) => r.headers['webhook-id']))).toEqual(new Set([`${id}:${event.seq}`]));
    const rows = (await new WebhookRepository(db).deliveriesFor(id)).filter((d) => d.endpointId === slow.body.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ seq: event.seq, status: 'delivered' });
    // The delivery workflow started above delivers too (through the real worker); once it is done,
    // a late retry must send nothing.
    await stack.temporal.workflow.getHandle(webhookWorkflowId(id, event.seq)).result();
    const afterRace = received.length;
    await activities.deliverWebhook(ref);
    expect(received.length).toBe(afterRace);
    recordFigures('duplicate-webhook-deliveries', {
      dispatches: 10,
      deliveryWorkflows: runs.length,
      racingAttempts: 5,
      postsReceived: got.length,
      distinctWebhookIds: new Set(got.map((r) => r.headers['webhook-id'])).size,
      logRows: rows.length,
    });
  });
});

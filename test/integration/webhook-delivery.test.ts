/**
 * The webhook delivery activity on a real PostgreSQL, against local HTTP servers and a resolver that
 * answers like a hostile DNS server: every address is checked at delivery, the connection goes to the
 * address checked, and an endpoint that keeps failing opens its circuit (deferred, not attempted).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ApplicationFailure } from '@temporalio/common';
import type { DataSource } from 'typeorm';
import { loadConfig, type AppConfig } from '@mo/config';
import { WEBHOOK_CIRCUIT_OPEN, WEBHOOK_DELIVERY_EXHAUSTED, type WebhookEventRef } from '@mo/contracts';
import { postPinned, type HostResolver, type ResolvedAddress } from '@mo/egress';
import { EventRepository, TransitionRepository, WebhookRepository } from '@mo/persistence';
import { WebhookActivities } from '../../apps/worker/src/activities/webhook.activities';
import { connectDatabase, databaseUrl } from '../support/database';
import { applicationState, eventFor } from '../support/factories';

/** Answers each lookup with the next list (the last one repeats), counting the questions. */
class ScriptedResolver implements HostResolver {
  calls = 0;
  constructor(private readonly answers: readonly (readonly string[])[]) {}
  async resolve(): Promise<readonly ResolvedAddress[]> {
    const answer = this.answers[Math.min(this.calls++, this.answers.length - 1)]!;
    return answer.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  }
}

interface Seen {
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
}

let db: DataSource;
let server: Server;
let port: number;
let connections = 0;
const seen: Seen[] = [];
let answer = 204;

beforeAll(async () => {
  db = await connectDatabase();
  server = createServer((req, res) => {
    seen.push({ url: req.url ?? '', headers: req.headers });
    req.resume();
    req.on('end', () =>
      req.url === '/moved'
        ? res.writeHead(302, { location: `http://127.0.0.1:${port}/internal` }).end()
        : res.writeHead(answer).end(),
    );
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  await db.destroy();
  await new Promise((resolve) => server.close(resolve));
});

const config = (env: Record<string, string>): AppConfig =>
  loadConfig({ DATABASE_URL: databaseUrl(), WEBHOOK_CIRCUIT_FAILURES: '3', WEBHOOK_CIRCUIT_COOLDOWN_S: '60', ...env });

/** A merchant with one endpoint (stored as it may have been registered before today's checks) and a recorded event. */
async function endpointWithEvent(url: string): Promise<WebhookEventRef & { endpointId: string }> {
  const state = applicationState();
  const event = eventFor(state);
  await new TransitionRepository(db).record(state, [event]);
  const endpoint = await new WebhookRepository(db).create(state.merchantId, url);
  return {
    applicationId: state.applicationId,
    merchantId: state.merchantId,
    seq: event.seq,
    type: event.type,
    endpointId: endpoint.id,
  };
}

const activities = (resolver: HostResolver, env: Record<string, string>): WebhookActivities =>
  new WebhookActivities(new WebhookRepository(db), new EventRepository(db), resolver, config(env));

const logOf = async (ref: WebhookEventRef & { endpointId: string }) =>
  (await new WebhookRepository(db).deliveriesFor(ref.applicationId)).filter((d) => d.endpointId === ref.endpointId);

describe('webhook delivery: SSRF', () => {
  it('refuses at delivery an endpoint on a port other than 443 (stored before the rule), without connecting', async () => {
    const delivery = activities(new ScriptedResolver([['93.184.215.14']]), { NODE_ENV: 'development' });
    const ref = await endpointWithEvent(`https://hooks.example.com:${port}/hook`);
    await expect(delivery.deliverWebhook(ref)).rejects.toThrow(`refused: port ${port} is not an allowed webhook port`);
    expect(connections).toBe(0);
  });

  it('refuses at delivery every non-public destination, records the refused attempt, and never connects', async () => {
    const toLoopback = new ScriptedResolver([['127.0.0.1']]);
    // Outside tests plain http to localhost is not allowed (the default now).
    const production = activities(toLoopback, { NODE_ENV: 'development' });
    const cases: [string, HostResolver][] = [
      // Registered while plain http to localhost was still allowed by default.
      [`http://127.0.0.1:${port}/hook`, toLoopback],
      [`http://localhost:${port}/hook`, toLoopback],
      [`https://[::ffff:127.0.0.1]:${port}/hook`, toLoopback],
      [`https://[::ffff:7f00:1]:${port}/hook`, toLoopback],
      [`https://[64:ff9b::7f00:1]:${port}/hook`, toLoopback],
      // Public-looking names whose DNS answers are (or include) private addresses.
      [`https://hooks.example.com:${port}/hook`, toLoopback],
      [`https://mixed.example.com:${port}/hook`, new ScriptedResolver([['93.184.215.14', '127.0.0.1']])],
      [`https://v6.example.com:${port}/hook`, new ScriptedResolver([['::ffff:127.0.0.1']])],
      [`https://bench.example.com:${port}/hook`, new ScriptedResolver([['198.18.0.7']])],
      [`https://site.example.com:${port}/hook`, new ScriptedResolver([['fec0::1']])],
    ];
    for (const [url, resolver] of cases) {
      const ref = await endpointWithEvent(url);
      const delivery = resolver === toLoopback ? production : activities(resolver, { NODE_ENV: 'development' });
      await expect(delivery.deliverWebhook(ref)).rejects.toThrow(/refused/);
      expect({ url, connections }).toEqual({ url, connections: 0 });
      expect(await logOf(ref)).toEqual([
        expect.objectContaining({
          status: 'pending',
          attempts: 1,
          lastStatusCode: null,
          lastError: expect.stringMatching(/^refused/),
        }),
      ]);
    }
    expect(seen).toEqual([]);
  });

  it('DNS rebinding: checks one answer and connects to that same address; the next answer is checked again', async () => {
    // Loopback stands in for "allowed" here (tests allow http to localhost): the first answer passes,
    // the rebound one (a private address) must not be connected to.
    const rebinding = new ScriptedResolver([['127.0.0.1'], ['10.0.0.1']]);
    const delivery = activities(rebinding, { NODE_ENV: 'test' });
    const first = await endpointWithEvent(`http://localhost:${port}/rebind`);
    const before = seen.length;
    await delivery.deliverWebhook(first);
    expect(rebinding.calls).toBe(1); // resolved once; the connection used that answer
    expect(seen.slice(before).map((s) => s.url)).toEqual(['/rebind']);

    const second = await endpointWithEvent(`http://localhost:${port}/rebind`);
    const connectionsBefore = connections;
    await expect(delivery.deliverWebhook(second)).rejects.toThrow(
      /refused: localhost resolves to non-public 10\.0\.0\.1/,
    );
    expect(connections).toBe(connectionsBefore);
  });

  it('does not follow redirects: a 3xx is a failed attempt, its Location never requested', async () => {
    const delivery = activities(new ScriptedResolver([['127.0.0.1']]), { NODE_ENV: 'test' });
    const ref = await endpointWithEvent(`http://127.0.0.1:${port}/moved`);
    await expect(delivery.deliverWebhook(ref)).rejects.toThrow(/answered 302/);
    expect(seen.filter((s) => s.url === '/internal')).toEqual([]);
    expect(await logOf(ref)).toEqual([expect.objectContaining({ status: 'pending', lastStatusCode: 302 })]);
  });

  it('postPinned connects to the vetted address, never resolving the name, and keeps the name as Host', async () => {
    const before = seen.length;
    const status = await postPinned({
      url: new URL(`http://rebound.invalid:${port}/pinned?x=1`),
      target: { address: '127.0.0.1', family: 4 },
      headers: { 'content-type': 'application/json' },
      body: '{}',
      timeoutMs: 5000,
    });
    expect(status).toBe(204);
    expect(seen.slice(before).map((s) => [s.url, s.headers.host])).toEqual([
      ['/pinned?x=1', `rebound.invalid:${port}`],
    ]);
  });
});

describe('webhook delivery: circuit per endpoint', () => {
  afterEach(() => {
    answer = 204;
  });

  it('opens after consecutive failures, defers without connecting or spending attempts, lets one probe through, closes on success', async () => {
    answer = 503;
    const delivery = activities(new ScriptedResolver([['127.0.0.1']]), { NODE_ENV: 'test' });
    const ref = await endpointWithEvent(`http://127.0.0.1:${port}/circuit`);
    const requests = (): number => seen.filter((s) => s.url === '/circuit').length;

    for (let i = 0; i < 3; i++) await expect(delivery.deliverWebhook(ref)).rejects.toThrow(/answered 503/);
    expect(requests()).toBe(3);

    const deferred = await delivery.deliverWebhook(ref).then(
      () => null,
      (err: unknown) => err,
    );
    expect(deferred).toBeInstanceOf(ApplicationFailure);
    const failure = deferred as ApplicationFailure;
    expect(failure.type).toBe(WEBHOOK_CIRCUIT_OPEN);
    expect(failure.nonRetryable).toBe(false);
    expect(Number(failure.nextRetryDelay)).toBeGreaterThan(50_000);
    expect(Number(failure.nextRetryDelay)).toBeLessThanOrEqual(60_000);
    expect(requests()).toBe(3);
    expect((await logOf(ref))[0]!.attempts).toBe(3);

    // Cool-down over: of two racing deliveries exactly one probes the endpoint; it fails, and the
    // circuit opens again for twice as long.
    await db.query(`UPDATE webhook_endpoints SET circuit_open_until = now() - interval '1 second' WHERE id = $1`, [
      ref.endpointId,
    ]);
    const raced = await Promise.allSettled([delivery.deliverWebhook(ref), delivery.deliverWebhook(ref)]);
    const reasons = raced.map((r) => (r.status === 'rejected' ? (r.reason as Error) : null));
    expect(reasons.map((e) => (e instanceof ApplicationFailure ? e.type : e?.message)).sort()).toEqual([
      WEBHOOK_CIRCUIT_OPEN,
      'endpoint answered 503',
    ]);
    expect(requests()).toBe(4);
    const [row] = await db.query(
      `SELECT consecutive_failures, extract(epoch FROM circuit_open_until - now()) AS left_s FROM webhook_endpoints WHERE id = $1`,
      [ref.endpointId],
    );
    expect(row.consecutive_failures).toBe(4);
    expect(Number(row.left_s)).toBeGreaterThan(100);

    // The endpoint recovers: the next probe delivers and closes the circuit.
    answer = 204;
    await db.query(`UPDATE webhook_endpoints SET circuit_open_until = now() - interval '1 second' WHERE id = $1`, [
      ref.endpointId,
    ]);
    await delivery.deliverWebhook(ref);
    expect((await logOf(ref))[0]).toMatchObject({ status: 'delivered', attempts: 5 });
    const [closed] = await db.query(
      `SELECT consecutive_failures, circuit_open_until FROM webhook_endpoints WHERE id = $1`,
      [ref.endpointId],
    );
    expect(closed).toEqual({ consecutive_failures: 0, circuit_open_until: null });
  });

  it('gives up for good after 15 real attempts (non-retryable)', async () => {
    answer = 503;
    const delivery = activities(new ScriptedResolver([['127.0.0.1']]), {
      NODE_ENV: 'test',
      WEBHOOK_CIRCUIT_FAILURES: '100',
    });
    const ref = await endpointWithEvent(`http://127.0.0.1:${port}/exhausted`);
    await expect(delivery.deliverWebhook(ref)).rejects.toThrow(/answered 503/);
    await db.query(`UPDATE webhook_deliveries SET attempts = 15 WHERE endpoint_id = $1`, [ref.endpointId]);
    const before = seen.length;
    const err = await delivery.deliverWebhook(ref).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect(err).toMatchObject({ type: WEBHOOK_DELIVERY_EXHAUSTED, nonRetryable: true });
    expect(seen.length).toBe(before);
  });
});

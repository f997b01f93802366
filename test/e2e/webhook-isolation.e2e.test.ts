/**
 * One merchant's dead webhook endpoints must not slow anyone else: deliveries run on their own task
 * queue with their own bounded slots, so the application activities every API action waits on
 * (recordTransition) keep theirs. The main worker gets few activity slots here so that sharing them
 * would show at once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../support/database';
import { recordFigures } from '../support/figures';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

const MAIN_ACTIVITY_SLOTS = 4;
const DELIVERY_SLOTS = 2;

let stack: Stack;
let db: DataSource;
let http: HttpDriver;
let blackhole: Server;
let base: string;
const sockets = new Set<Socket>();
let requests = 0;
let inFlight = 0;
let maxInFlight = 0;

beforeAll(async () => {
  // Accepts every request and never answers.
  blackhole = createServer((req) => {
    requests++;
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    req.socket.once('close', () => inFlight--);
  });
  blackhole.on('connection', (s: Socket) => {
    sockets.add(s);
    s.once('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(blackhole.address() as AddressInfo).port}`;
  stack = await startStack('webhook-isolation', {
    WORKER_MAX_CONCURRENT_ACTIVITIES: String(MAIN_ACTIVITY_SLOTS),
    WEBHOOK_MAX_CONCURRENT_DELIVERIES: String(DELIVERY_SLOTS),
  });
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await stack?.stop();
  await db?.destroy();
  for (const s of sockets) s.destroy();
  await new Promise((resolve) => blackhole.close(resolve));
});

const p95 = (xs: readonly number[]): number => {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * 0.95) - 1)]!;
};

describe('webhook isolation', () => {
  it("a merchant whose endpoints never answer does not slow another merchant's approve", async () => {
    const stalling = 'wh-stalling-merchant';
    const other = 'wh-other-merchant';
    const approve = async (id: string): Promise<number> => {
      const started = performance.now();
      await http.post('reviewer', 'alice', `/v1/applications/${id}/decisions`, { decision: 'approve' }, 200);
      return performance.now() - started;
    };

    const otherApps: string[] = [];
    for (let i = 0; i < 8; i++) otherApps.push(await http.inReview(other));
    const drafts: string[] = [];
    for (let i = 0; i < 4; i++) drafts.push(await http.completeDraft(stalling));

    const baseline: number[] = [];
    for (const id of otherApps.slice(0, 4)) baseline.push(await approve(id));

    // Five endpoints that never answer, then a burst of the stalling merchant's events (4 × 5 deliveries).
    for (let i = 0; i < 5; i++) {
      await http.post('merchant', stalling, '/v1/webhook-endpoints', { url: `${base}/never/${i}` }, 201);
    }
    await Promise.all(drafts.map((id) => http.post('merchant', stalling, `/v1/applications/${id}/submit`, {}, 200)));
    const deadline = Date.now() + 30_000;
    while (inFlight < DELIVERY_SLOTS && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(inFlight).toBeGreaterThanOrEqual(DELIVERY_SLOTS); // the dead endpoints are being tried

    const during: number[] = [];
    for (const id of otherApps.slice(4)) during.push(await approve(id));

    const bound = 2 * p95(baseline) + 1000;
    recordFigures('webhook-isolation', {
      baselineP95Ms: Math.round(p95(baseline)),
      duringP95Ms: Math.round(p95(during)),
      boundMs: Math.round(bound),
      blackholeRequests: requests,
      maxDeliveriesInFlight: maxInFlight,
    });
    expect(p95(during)).toBeLessThanOrEqual(bound);
    // Deliveries are bounded by their own slots, not by the application's.
    expect(maxInFlight).toBeLessThanOrEqual(DELIVERY_SLOTS);
  }, 180_000);
});

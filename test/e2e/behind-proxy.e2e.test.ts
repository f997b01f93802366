/**
 * Behind a load balancer (TRUST_PROXY=1): a real proxy hop on 127.0.0.1 forwards every request to
 * the API and appends the address of the client it came from to X-Forwarded-For, as a load
 * balancer does. Each client connects from a loopback address of its own (127.x.y.z), so the API
 * sees only the proxy's socket and can tell clients apart by X-Forwarded-For alone.
 */
import { request as httpRequest, createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomInt, randomUUID } from 'node:crypto';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let proxy: Server;
let proxyPort: number;

/** A fresh client address per run: the rate-limit windows live in the shared test database. */
const clientAddress = (): string => `127.${randomInt(1, 255)}.${randomInt(0, 256)}.${randomInt(2, 255)}`;

beforeAll(async () => {
  stack = await startStack('behind-proxy', {
    TRUST_PROXY: '1',
    RATE_LIMIT_PER_MINUTE: '8',
    AUTH_FAILURES_PER_MINUTE: '5',
  });
  await stack.app.listen(0, '127.0.0.1');
  const apiPort = (stack.app.getHttpServer().address() as AddressInfo).port;
  proxy = createServer((req, res) => {
    const forwarded = [req.headers['x-forwarded-for'], req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = httpRequest(
      {
        host: '127.0.0.1',
        port: apiPort,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, 'x-forwarded-for': forwarded },
      },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.writeHead(502).end());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  proxyPort = (proxy.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise((resolve) => proxy.close(resolve));
  await stack.stop();
});

/** A GET through the proxy from `from`; the status and the problem code, if any. */
function get(
  from: string,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; code?: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port: proxyPort, localAddress: from, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let code: string | undefined;
        if (String(res.headers['content-type']).includes('json')) code = (JSON.parse(text) as { code?: string }).code;
        resolve({ status: res.statusCode ?? 0, ...(code ? { code } : {}) });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

/** The limits count in fixed one-minute windows: start well inside one. */
async function insideOneWindow(): Promise<void> {
  const toBoundary = 60_000 - (Date.now() % 60_000);
  if (toBoundary < 10_000) await new Promise((r) => setTimeout(r, toBoundary + 200));
}

describe('behind a load balancer', () => {
  it('locks out only the address that sends bad tokens; other clients and /health go on', async () => {
    const [flooder, neighbour] = [clientAddress(), clientAddress()];
    const bad = { Authorization: 'Bearer forged.token.value' };
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(flooder, '/v1/review/queue', bad)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
    // A forwarded-for of its own choosing does not get it out: only the proxy's hop is trusted.
    expect(await get(flooder, '/v1/review/queue', { ...bad, 'X-Forwarded-For': '203.0.113.7' })).toMatchObject({
      status: 429,
      code: 'RATE_LIMITED',
    });
    // The load balancer's probe and the scrape from the locked-out address still get through.
    expect((await get(flooder, '/health')).status).toBe(200);
    expect((await get(flooder, '/metrics')).status).toBe(200);
    // Everyone else behind the same balancer is untouched.
    const token = await stack.token('reviewer', `neighbour-${randomUUID().slice(0, 8)}`);
    expect((await get(neighbour, '/v1/review/queue', { Authorization: `Bearer ${token}` })).status).toBe(200);
    expect((await get(neighbour, '/v1/review/queue', bad)).status).toBe(401);
  });

  it("counts a caller's requests across all routes, never /health or /metrics", async () => {
    await insideOneWindow();
    const from = clientAddress();
    const admin = { Authorization: `Bearer ${await stack.token('admin', `rl-${randomUUID().slice(0, 8)}`)}` };
    const routes = ['/v1/review/queue', '/v1/reasons', '/v1/operations/holds'];
    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) statuses.push((await get(from, routes[i % routes.length]!, admin)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);

    // Anonymous: twenty probes and scrapes spend none of the address's eight requests.
    const anonymous = clientAddress();
    for (let i = 0; i < 10; i++) {
      expect((await get(anonymous, '/health')).status).toBe(200);
      expect((await get(anonymous, '/metrics')).status).toBe(200);
    }
    const settings: number[] = [];
    for (let i = 0; i < 9; i++) settings.push((await get(anonymous, '/v1/console/settings')).status);
    expect(settings).toEqual([200, 200, 200, 200, 200, 200, 200, 200, 429]);
  });
});

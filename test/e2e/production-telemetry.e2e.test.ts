/**
 * The compiled API as production runs it (NODE_ENV=production), next to the in-process one: every
 * stdout line is a JSON object; a request's line carries its request id, trace id and application
 * id and none of its body; with OTEL_EXPORTER_OTLP_ENDPOINT set, its spans reach that OTLP endpoint
 * under the same trace id. Both instances report the same business metrics (read from PostgreSQL).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import request from 'supertest';
import { APPLICATION_STATUSES } from '@mo/domain';
import { createApplicationBody } from '../support/factories';
import { COMPILED, exited, freePort, requireCompiled } from '../support/processes';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let api: ChildProcess;
let apiUrl: string;
const stdout: string[] = [];
let otlp: Server;
const exported: string[] = [];

beforeAll(async () => {
  requireCompiled();
  stack = await startStack('production-telemetry', { BUSINESS_METRICS_CACHE_SECONDS: '0.001' });
  // A stand-in OTLP/HTTP collector.
  otlp = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.url === '/v1/traces') exported.push(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    });
  });
  const otlpPort = await freePort();
  await new Promise<void>((resolve) => otlp.listen(otlpPort, '127.0.0.1', resolve));
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  api = spawn(process.execPath, [COMPILED.api], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      DEV_SIGN_IN: 'false',
      LOG_LEVEL: 'log',
      API_HOST: '127.0.0.1',
      API_PORT: String(port),
      OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${otlpPort}`,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_SERVICE_NAME: 'merchant-onboarding-api-under-test',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let partial = '';
  api.stdout!.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop()!;
    stdout.push(...lines.filter(Boolean));
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ok = await fetch(`${apiUrl}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) break;
    if (Date.now() > deadline || api.exitCode !== null)
      throw new Error(`compiled API did not start:\n${stdout.join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
});
afterAll(async () => {
  if (api && api.exitCode === null && api.signalCode === null) {
    api.kill('SIGTERM');
    await exited(api);
  }
  await new Promise((resolve) => otlp?.close(resolve));
  await stack?.stop();
});

async function waitFor<T>(what: string, find: () => T | undefined, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('production telemetry', () => {
  it('JSON log lines with request, trace and application ids and no body; spans exported by OTLP', async () => {
    const body = createApplicationBody();
    const token = await stack.token('merchant', 'telemetry-merchant');
    const created = await fetch(`${apiUrl}/v1/applications`, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json',
        'X-Request-Id': 'telemetry-req-1',
      },
      body: JSON.stringify(body),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };
    const viewed = await fetch(`${apiUrl}/v1/applications/${id}`, {
      headers: { Authorization: `Bearer ${token}`, 'X-Request-Id': 'telemetry-req-2' },
    });
    expect(viewed.status).toBe(200);

    const records = (): Record<string, unknown>[] => stdout.map((l) => JSON.parse(l) as Record<string, unknown>);
    const createLine = await waitFor('the create request logged', () =>
      records().find((r) => r.requestId === 'telemetry-req-1'),
    );
    const viewLine = await waitFor('the view request logged', () =>
      records().find((r) => r.requestId === 'telemetry-req-2'),
    );
    expect(createLine).toMatchObject({
      level: 'info',
      service: 'api',
      msg: 'request',
      method: 'POST',
      route: '/v1/applications',
      status: 201,
      traceId: expect.stringMatching(/^[0-9a-f]{32}$/),
      actor: 'merchant:telemetry-merchant',
    });
    expect(viewLine).toMatchObject({ route: '/v1/applications/:id', status: 200, applicationId: id });

    // Every line is JSON (JSON.parse above threw otherwise), and none carries the body's personal data.
    const all = stdout.join('\n');
    for (const secret of [
      'Fuzhou Example Trading',
      'finance@example.com',
      '8888 8888',
      'Li Lei',
      '11010519491231002X',
      '6222020200112345679',
      token,
    ]) {
      expect(all).not.toContain(secret);
    }

    // The request's spans reach the OTLP endpoint under the trace id its log line names.
    const traceId = createLine.traceId as string;
    await waitFor('spans exported', () => (exported.some((b) => b.includes(traceId)) ? true : undefined));
    expect(exported.join('\n')).toContain('merchant-onboarding-api-under-test');
  });

  it('two API instances report the same business metrics (read from PostgreSQL)', async () => {
    const applications = (text: string): string[] =>
      text.split('\n').filter((l) => l.startsWith('merchant_onboarding_applications{'));
    // Other test files write to the same database meanwhile: the two scrapes agree on some try.
    let last: [string[], string[]] = [[], []];
    for (let attempt = 0; attempt < 20; attempt++) {
      const [inProcess, compiled] = await Promise.all([
        request(stack.http).get('/metrics').expect(200),
        fetch(`${apiUrl}/metrics`).then((r) => r.text()),
      ]);
      last = [applications(inProcess.text), applications(compiled)];
      if (last[0].length > 0 && JSON.stringify(last[0]) === JSON.stringify(last[1])) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(last[0].length).toBe(APPLICATION_STATUSES.length);
    expect(last[1]).toEqual(last[0]);
  });
});

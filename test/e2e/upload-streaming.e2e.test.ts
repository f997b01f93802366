/**
 * An upload never sits whole in memory: while its request is still arriving, its bytes are already
 * on disk (a private temporary file, hashed on the way), and the file is gone once the request is
 * answered. Sent as a real streaming HTTP request whose end is held back.
 */
import { request as httpRequest } from 'node:http';
import { readdirSync, statSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DataSource } from 'typeorm';
import { connectDatabase } from '../support/database';
import { HttpDriver } from '../support/http-driver';
import { startStack, type Stack } from '../support/stack';

const SPOOL = join(tmpdir(), 'merchant-onboarding-uploads');
const MB = 1024 * 1024;

let stack: Stack;
let db: DataSource;
let http: HttpDriver;
let server: Server;

beforeAll(async () => {
  stack = await startStack('upload-streaming');
  db = await connectDatabase();
  http = new HttpDriver(stack, db);
  server = (stack.app.getHttpServer() as Server).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
});
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await stack?.stop();
  await db?.destroy();
});

const spooled = (): Map<string, number> => {
  try {
    return new Map(readdirSync(SPOOL).map((f) => [f, statSync(join(SPOOL, f)).size]));
  } catch {
    return new Map();
  }
};

it('a file in flight is already on disk, not in memory, and its temporary copy is removed after', async () => {
  const m = `streaming-merchant-${Date.now()}`;
  const id = (await http.post('merchant', m, '/v1/applications', {}, 201)).body.id as string;
  const before = new Set(spooled().keys());
  const boundary = 'mo-streaming-boundary';
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="type"\r\n\r\nbusiness_license\r\n` +
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="licence.pdf"\r\n` +
      'Content-Type: application/pdf\r\n\r\n%PDF-1.7\n',
  );
  const { port } = server.address() as AddressInfo;
  const req = httpRequest({
    host: '127.0.0.1',
    port,
    method: 'POST',
    path: `/v1/applications/${id}/documents`,
    headers: {
      authorization: `Bearer ${await http.token('merchant', m)}`,
      'content-type': `multipart/form-data; boundary=${boundary}`,
    },
  });
  const answered = new Promise<{ status: number; body: string }>((resolve, reject) => {
    req.once('response', (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.once('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.once('error', reject);
  });
  req.write(head);
  req.write(Buffer.alloc(2 * MB, 'a'));

  // The request has not ended: its first 2 MB must already be in a file of their own.
  let inFlight: [string, number] | undefined;
  for (let i = 0; i < 100 && inFlight === undefined; i++) {
    inFlight = [...spooled()].find(([f, size]) => !before.has(f) && size >= MB);
    if (inFlight === undefined) await new Promise((r) => setTimeout(r, 50));
  }
  expect(inFlight).toBeDefined();

  req.end(Buffer.concat([Buffer.alloc(MB, 'b'), Buffer.from(`\r\n--${boundary}--\r\n`)]));
  const { status, body } = await answered;
  expect(status).toBe(201);
  expect(JSON.parse(body)).toMatchObject({ type: 'business_license', size: 3 * MB + 9 });
  // Stored by content; the spooled copy is gone with the response.
  for (let i = 0; i < 50 && spooled().has(inFlight![0]); i++) await new Promise((r) => setTimeout(r, 20));
  expect(spooled().has(inFlight![0])).toBe(false);
});

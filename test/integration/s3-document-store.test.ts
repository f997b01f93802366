/**
 * The S3 document store adapter against an S3-compatible server (s3rver, standing in for the
 * object store the platform rents; PostgreSQL and Temporal are never faked).
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';
import { S3DocumentStore } from '../../apps/api/src/documents/document-store';

let server: S3rver;
let store: S3DocumentStore;

beforeAll(async () => {
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: mkdtempSync(join(tmpdir(), 'mo-s3-')),
    configureBuckets: [{ name: 'documents' }],
  });
  const { port } = await server.run();
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: `http://127.0.0.1:${port}`,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  });
  store = new S3DocumentStore(client, 'documents');
});
afterAll(() => server?.close());

async function read(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe('S3DocumentStore', () => {
  it('stores by content hash, reads back the same bytes, and stores the same content once', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.from(`${Date.now()}`)]);
    const sha = createHash('sha256').update(bytes).digest('hex');
    await store.put(sha, bytes);
    await store.put(sha, bytes);
    expect(Buffer.compare(await read(await store.open(sha)), bytes)).toBe(0);
    await expect(store.put('../etc/passwd', bytes)).rejects.toThrow(/sha256/);
  });

  it('stores an upload from its spooled file, streamed rather than read whole', async () => {
    const bytes = Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(256 * 1024, 7), Buffer.from(`${Date.now()}`)]);
    const sha = createHash('sha256').update(bytes).digest('hex');
    const path = join(mkdtempSync(join(tmpdir(), 'mo-spool-')), 'upload');
    writeFileSync(path, bytes);
    await store.putFile(sha, path, bytes.length);
    await store.putFile(sha, path, bytes.length);
    expect(Buffer.compare(await read(await store.open(sha)), bytes)).toBe(0);
  });
});

/**
 * Where document bytes live: content-addressed by SHA-256, so the same file is stored once and a
 * reference can never point at altered content. Local disk by default; an S3-compatible adapter
 * can implement the same interface.
 */
import { createReadStream, existsSync } from 'node:fs';
import { copyFile, mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { randomUUID } from 'node:crypto';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';

export abstract class DocumentStore {
  abstract put(sha256: string, bytes: Buffer): Promise<void>;
  /** Stores the file at `path` (whose digest the caller computed) without reading it into memory. */
  abstract putFile(sha256: string, path: string, size: number): Promise<void>;
  abstract open(sha256: string): Promise<Readable>;
}

const SHA256 = /^[0-9a-f]{64}$/;

export class LocalDiskDocumentStore extends DocumentStore {
  private readonly root: string;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  private path(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('not a sha256 digest');
    return join(this.root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
  }

  async put(sha256: string, bytes: Buffer): Promise<void> {
    const target = this.path(sha256);
    if (existsSync(target)) return;
    await mkdir(dirname(target), { recursive: true });
    // Write then rename, so a reader never sees a half-written file.
    const temp = `${target}.${randomUUID()}.tmp`;
    await writeFile(temp, bytes, { mode: 0o600 });
    await rename(temp, target);
  }

  async putFile(sha256: string, path: string): Promise<void> {
    const target = this.path(sha256);
    if (existsSync(target)) return;
    await mkdir(dirname(target), { recursive: true });
    // Copy (the upload spool may be on another file system), then rename into place.
    const temp = `${target}.${randomUUID()}.tmp`;
    await copyFile(path, temp);
    await rename(temp, target);
  }

  async open(sha256: string): Promise<Readable> {
    return createReadStream(this.path(sha256));
  }
}

/** An S3-compatible bucket (AWS S3, MinIO, Ceph…): objects keyed by SHA-256 under a prefix. */
export class S3DocumentStore extends DocumentStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
    private readonly prefix = 'documents/',
  ) {
    super();
  }

  private key(sha256: string): string {
    if (!SHA256.test(sha256)) throw new Error('not a sha256 digest');
    return `${this.prefix}${sha256}`;
  }

  async put(sha256: string, bytes: Buffer): Promise<void> {
    const Key = this.key(sha256);
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return; // same content already stored
    } catch (err) {
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw err;
    }
    await this.s3.send(new PutObjectCommand({ Bucket: this.bucket, Key, Body: bytes, ContentLength: bytes.length }));
  }

  async putFile(sha256: string, path: string, size: number): Promise<void> {
    const Key = this.key(sha256);
    if (await this.exists(Key)) return;
    await this.s3.send(
      new PutObjectCommand({
        Bucket: this.bucket,
        Key,
        Body: createReadStream(path),
        ContentLength: size,
        // The digest is known already: given, the SDK sends the stream as it is instead of
        // wrapping it in aws-chunked framing with a trailing checksum (which not every S3-compatible
        // store understands), and the store still verifies the bytes against it.
        ChecksumSHA256: Buffer.from(sha256, 'hex').toString('base64'),
      }),
    );
  }

  private async exists(Key: string): Promise<boolean> {
    try {
      await this.s3.send(new HeadObjectCommand({ Bucket: this.bucket, Key }));
      return true;
    } catch (err) {
      if ((err as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode !== 404) throw err;
      return false;
    }
  }

  async open(sha256: string): Promise<Readable> {
    const object = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.key(sha256) }));
    return object.Body as Readable;
  }
}

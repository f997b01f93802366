/**
 * Where an upload goes while its request runs: streamed to a private temporary file and hashed on
 * the way, so a file never sits whole in memory. The temporary file is removed when the response
 * ends, whatever happened (stored, refused or aborted).
 */
import { createHash, randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import type { StorageEngine } from 'multer';

/** Enough leading bytes to judge the media type by its magic bytes. */
const HEAD_BYTES = 16;

/** What the storage adds to multer's file: where the bytes are, their digest and first bytes. */
export interface SpooledFile {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly head: Buffer;
  readonly originalname: string;
}

class Digest extends Transform {
  readonly hash = createHash('sha256');
  head = Buffer.alloc(0);
  size = 0;

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.hash.update(chunk);
    this.size += chunk.length;
    if (this.head.length < HEAD_BYTES) this.head = Buffer.concat([this.head, chunk]).subarray(0, HEAD_BYTES);
    done(null, chunk);
  }
}

export function spoolingStorage(dir = join(tmpdir(), 'merchant-onboarding-uploads')): StorageEngine {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const remove = (path: string): void => rmSync(path, { force: true });
  return {
    _handleFile(req: Request, file, callback): void {
      const path = join(dir, `${randomUUID()}.upload`);
      req.res?.once('close', () => remove(path));
      const digest = new Digest();
      pipeline(file.stream, digest, createWriteStream(path, { mode: 0o600 })).then(
        () =>
          callback(null, {
            path,
            size: digest.size,
            sha256: digest.hash.digest('hex'),
            head: digest.head,
          } as Partial<Express.Multer.File>),
        (err: unknown) => {
          remove(path);
          callback(err);
        },
      );
    },
    _removeFile(_req, file, callback): void {
      remove(file.path);
      callback(null);
    },
  };
}

/** Uploaded documents: size limits, the per-application quota, and where they are stored (disk or S3). */
import { DEFAULT_DOCUMENT_LIMITS } from '@mo/domain';
import type { Reader } from '../reader';

export interface DocumentConfig {
  readonly maxBytes: number;
  /** Total bytes of uploads one application may hold (every version counts). */
  readonly quotaBytes: number;
  readonly store: 'local' | 's3';
  /** Local-disk document store root. */
  readonly storeDir: string;
  /** S3-compatible store; credentials come from the standard AWS environment. */
  readonly s3: {
    readonly bucket: string;
    readonly region: string;
    readonly endpoint: string | null;
    readonly forcePathStyle: boolean;
  };
}

/** Upload bytes one application may hold unless DOCUMENT_QUOTA_BYTES says otherwise (ten full-size files). */
export const DEFAULT_DOCUMENT_QUOTA_BYTES = 100 * 1024 * 1024;

export function readDocuments(read: Reader): DocumentConfig {
  return {
    maxBytes: read.positive('DOCUMENT_MAX_BYTES', DEFAULT_DOCUMENT_LIMITS.maxBytes),
    quotaBytes: read.positive('DOCUMENT_QUOTA_BYTES', DEFAULT_DOCUMENT_QUOTA_BYTES),
    store: read.oneOf('DOCUMENT_STORE', ['local', 's3'], 'local'),
    storeDir: read.string('DOCUMENT_STORE_DIR', '.data/documents'),
    s3: {
      // Required only for the S3 store; the raw values are compared and kept, as they always were.
      bucket: read.env.DOCUMENT_STORE === 's3' ? read.string('S3_BUCKET') : (read.env.S3_BUCKET ?? ''),
      region: read.string('S3_REGION', 'us-east-1'),
      endpoint: read.optional('S3_ENDPOINT'),
      forcePathStyle: read.flag('S3_FORCE_PATH_STYLE', 'false'),
    },
  };
}

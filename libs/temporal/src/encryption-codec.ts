/**
 * AES-256-GCM payload codec: everything the workflows exchange (actor ids, reviewer notes and
 * messages, field paths) is encrypted before it reaches Temporal, so its history holds no
 * plaintext. Each payload names its key id, so keys rotate by adding a new active key and keeping
 * the old ones for decryption.
 *
 * Only what decrypts under a configured key is trusted: whoever reaches Temporal without a key (the
 * CLI, a bare client) can only send plaintext or forged payloads. Decoding turns those into a
 * `binary/unauthenticated` payload that no payload converter reads, so the SDK rejects an Update
 * carrying one before it is accepted (its documented contract for input that fails to decode) and
 * nothing reaches the workflow. Decoding never throws on bad input, because a throw fails the whole
 * workflow task, and an outsider could then wedge an application by sending updates.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { FailureConverter, Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { FAILURE_CONVERTER_PATH } from './failure-converter-path';
import { failureConverter } from './failure-converter';

const ENCODING = 'binary/encrypted';
/** What a payload that did not decrypt under a configured key becomes (no converter reads it). */
export const UNAUTHENTICATED_ENCODING = 'binary/unauthenticated';
const KEY_ID = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export interface CodecKeys {
  /** Key id → 32-byte key. */
  readonly keys: ReadonlyMap<string, Uint8Array>;
  readonly activeKeyId: string;
}

/** Parses `id:base64key,id2:base64key` (32-byte keys) and the active key id. */
export function parseCodecKeys(spec: string, activeKeyId: string): CodecKeys {
  const keys = new Map<string, Uint8Array>();
  for (const entry of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [id, material] = entry.split(':');
    const key = Buffer.from(material ?? '', 'base64');
    if (!id || key.length !== 32) throw new Error(`codec key "${id ?? entry}" must be id:base64 of 32 bytes`);
    keys.set(id, key);
  }
  if (!keys.has(activeKeyId)) throw new Error(`the active codec key "${activeKeyId}" is not among the configured keys`);
  return { keys, activeKeyId };
}

export interface CodecOptions {
  /**
   * Pass unencrypted payloads through on decode, and throw on ones that fail to decrypt. Only for
   * showing histories to operators (the remote codec endpoint); never for clients and workers.
   */
  readonly allowPlaintext?: boolean;
}

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(
    private readonly config: CodecKeys,
    private readonly options: CodecOptions = {},
  ) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    const key = this.config.keys.get(this.config.activeKeyId)!;
    return payloads.map((payload) => {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const plain = temporal.api.common.v1.Payload.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { encoding: encoder.encode(ENCODING), [KEY_ID]: encoder.encode(this.config.activeKeyId) },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const encrypted =
        payload.metadata?.encoding !== undefined && decoder.decode(payload.metadata.encoding) === ENCODING;
      if (!encrypted) return this.options.allowPlaintext ? payload : refused('unencrypted');
      try {
        return this.decrypt(payload);
      } catch (err) {
        if (this.options.allowPlaintext) throw err;
        return refused(err instanceof UnknownKeyError ? 'unknown-key' : 'not-authentic');
      }
    });
  }

  private decrypt(payload: Payload): Payload {
    const keyId = payload.metadata?.[KEY_ID] ? decoder.decode(payload.metadata[KEY_ID]) : '';
    const key = this.config.keys.get(keyId);
    if (key === undefined) throw new UnknownKeyError(keyId);
    const data = Buffer.from(payload.data ?? new Uint8Array());
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    const plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

class UnknownKeyError extends Error {
  constructor(keyId: string) {
    super(`no codec key "${keyId}" to decrypt a payload`);
  }
}

/** Carries no data, only why it was refused; converting it fails ("Unknown encoding"). */
function refused(reason: 'unencrypted' | 'unknown-key' | 'not-authentic'): Payload {
  return { metadata: { encoding: encoder.encode(UNAUTHENTICATED_ENCODING), reason: encoder.encode(reason) } };
}

type CodecConfig = { keys: { reveal(): string }; activeKeyId: string } | null;

function codecsFor(codec: CodecConfig, options: CodecOptions): PayloadCodec[] | undefined {
  return codec === null
    ? undefined
    : [new AesGcmPayloadCodec(parseCodecKeys(codec.keys.reveal(), codec.activeKeyId), options)];
}

/**
 * The data converter for clients: encrypted when codec keys are configured, failure messages
 * encoded too. `options` only for the operators' remote codec endpoint.
 */
export function dataConverterFor(
  codec: CodecConfig,
  options: CodecOptions = {},
): { payloadCodecs?: PayloadCodec[]; failureConverter: FailureConverter } {
  const payloadCodecs = codecsFor(codec, options);
  return { ...(payloadCodecs ? { payloadCodecs } : {}), failureConverter };
}

/** The same for workers, which load the failure converter by path (the workflow bundle has it built in). */
export function workerDataConverterFor(codec: CodecConfig): {
  payloadCodecs?: PayloadCodec[];
  failureConverterPath: string;
} {
  const payloadCodecs = codecsFor(codec, {});
  return { ...(payloadCodecs ? { payloadCodecs } : {}), failureConverterPath: FAILURE_CONVERTER_PATH };
}

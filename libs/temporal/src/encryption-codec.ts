/**
 * AES-256-GCM payload codec: everything the workflows exchange (actor ids, reviewer notes and
 * messages, field paths) is encrypted before it reaches Temporal, so its history holds no
 * plaintext. Each payload names its key id, so keys rotate by adding a new active key and keeping
 * the old ones for decryption.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import { temporal } from '@temporalio/proto';

const ENCODING = 'binary/encrypted';
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

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(private readonly config: CodecKeys) {}

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
      if (payload.metadata?.encoding === undefined || decoder.decode(payload.metadata.encoding) !== ENCODING)
        return payload;
      const keyId = payload.metadata[KEY_ID] ? decoder.decode(payload.metadata[KEY_ID]) : '';
      const key = this.config.keys.get(keyId);
      if (key === undefined) throw new Error(`no codec key "${keyId}" to decrypt a payload`);
      const data = Buffer.from(payload.data ?? new Uint8Array());
      const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    });
  }
}

/** The data converter for clients and workers: encrypted when codec keys are configured. */
export function dataConverterFor(codec: { keys: { reveal(): string }; activeKeyId: string } | null): {
  payloadCodecs?: PayloadCodec[];
} {
  return codec === null
    ? {}
    : { payloadCodecs: [new AesGcmPayloadCodec(parseCodecKeys(codec.keys.reveal(), codec.activeKeyId))] };
}

/**
 * The key ring of `TEMPORAL_CODEC_KEYS`: AES-256-GCM keys by id, one of them active. Everything
 * encrypted at rest or in Temporal (payloads, webhook signing secrets) is sealed with the active key
 * and opens under any key of the ring, so keys rotate by adding a new active key and keeping the
 * old ones for decryption. Associated data binds a sealed value to what it belongs to (a workflow
 * id, an endpoint id): moved elsewhere, it no longer opens.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface CodecKeys {
  /** Key id → 32-byte key. */
  readonly keys: ReadonlyMap<string, Uint8Array>;
  readonly activeKeyId: string;
}

/** The `id:base64key` entries of a ring spec, split but not yet checked. */
function codecKeyEntries(spec: string): { readonly id: string; readonly material: string }[] {
  return spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const [id = '', material = ''] = entry.split(':');
      return { id, material };
    });
}

/** The key ids of a ring spec, in order; what start-up checks other settings against. */
export function codecKeyIds(spec: string): string[] {
  return codecKeyEntries(spec).map((entry) => entry.id);
}

/** Parses `id:base64key,id2:base64key` (32-byte keys) and the active key id. */
export function parseCodecKeys(spec: string, activeKeyId: string): CodecKeys {
  const keys = new Map<string, Uint8Array>();
  for (const { id, material } of codecKeyEntries(spec)) {
    const key = Buffer.from(material, 'base64');
    if (!id || key.length !== 32) throw new Error(`codec key "${id}" must be id:base64 of 32 bytes`);
    keys.set(id, key);
  }
  if (!keys.has(activeKeyId)) throw new Error(`the active codec key "${activeKeyId}" is not among the configured keys`);
  return { keys, activeKeyId };
}

export class UnknownKeyError extends Error {
  constructor(keyId: string) {
    super(`no codec key "${keyId}" to decrypt a payload`);
  }
}

/** `iv | ciphertext | tag` under the active key, authenticated with `aad`. */
export function seal(ring: CodecKeys, plain: Uint8Array, aad: Uint8Array): { keyId: string; sealed: Buffer } {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', ring.keys.get(ring.activeKeyId)!, iv);
  cipher.setAAD(aad);
  return {
    keyId: ring.activeKeyId,
    sealed: Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]),
  };
}

/** Opens what `seal` made; throws on an unknown key, tampering or different associated data. */
export function open(ring: CodecKeys, keyId: string, sealed: Uint8Array, aad: Uint8Array): Buffer {
  const key = ring.keys.get(keyId);
  if (key === undefined) throw new UnknownKeyError(keyId);
  const data = Buffer.from(sealed);
  const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
  decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
  decipher.setAAD(aad);
  return Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
}

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
 *
 * Each payload is bound to its workflow (envelope version 2): the workflow id the SDK's
 * serialization context names is in its metadata and in the cipher's associated data, and a
 * payload decoded for another workflow is refused the same way (`wrong-workflow`). So an authentic
 * payload copied out of one application's history cannot be replayed onto another. Version-1
 * payloads (before the binding) carry no workflow id: they decode only under the key ids listed in
 * `unboundKeyIds` (TEMPORAL_CODEC_UNBOUND_KEYS, for workflows started before the upgrade).
 */
import type { FailureConverter, Payload, PayloadCodec, SerializationContext } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { open, parseCodecKeys, seal, UnknownKeyError, type CodecKeys } from '@mo/config';
import { FAILURE_CONVERTER_PATH } from './failure-converter-path';
import { failureConverter } from './failure-converter';

export { parseCodecKeys, type CodecKeys } from '@mo/config';

const ENCODING = 'binary/encrypted';
/** What a payload that did not decrypt under a configured key becomes (no converter reads it). */
export const UNAUTHENTICATED_ENCODING = 'binary/unauthenticated';
const KEY_ID = 'encryption-key-id';
const VERSION = 'encryption-version';
const WORKFLOW_ID = 'encryption-workflow-id';
const BOUND = '2';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The associated data of a version-2 payload: the workflow it belongs to. */
const boundTo = (workflowId: string): Uint8Array => encoder.encode(`merchant-onboarding/payload/v2\0${workflowId}`);

export interface CodecOptions {
  /**
   * Pass unencrypted payloads through on decode, and throw on ones that fail to decrypt. Only for
   * showing histories to operators (the remote codec endpoint); never for clients and workers.
   */
  readonly allowPlaintext?: boolean;
  /** Key ids whose version-1 (unbound) payloads still decode; none by default. */
  readonly unboundKeyIds?: readonly string[];
}

export class AesGcmPayloadCodec implements PayloadCodec {
  constructor(
    private readonly config: CodecKeys,
    private readonly options: CodecOptions = {},
  ) {}

  async encode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    const workflowId = context?.workflowId ?? '';
    return payloads.map((payload) => {
      const { keyId, sealed } = seal(
        this.config,
        temporal.api.common.v1.Payload.encode(payload).finish(),
        boundTo(workflowId),
      );
      return {
        metadata: {
          encoding: encoder.encode(ENCODING),
          [KEY_ID]: encoder.encode(keyId),
          [VERSION]: encoder.encode(BOUND),
          [WORKFLOW_ID]: encoder.encode(workflowId),
        },
        data: sealed,
      };
    });
  }

  async decode(payloads: Payload[], context?: SerializationContext): Promise<Payload[]> {
    return payloads.map((payload) => {
      const text = (key: string): string | undefined =>
        payload.metadata?.[key] ? decoder.decode(payload.metadata[key]) : undefined;
      if (text('encoding') !== ENCODING) return this.options.allowPlaintext ? payload : refused('unencrypted');
      const keyId = text(KEY_ID) ?? '';
      const bound = text(VERSION) === BOUND;
      const owner = text(WORKFLOW_ID) ?? '';
      if (!this.options.allowPlaintext) {
        // Operators read any history (no context); clients and workers only their own workflow's payloads.
        if (!bound && !(this.options.unboundKeyIds ?? []).includes(keyId)) return refused('unbound');
        if (bound && context?.workflowId !== undefined && context.workflowId !== owner) {
          return refused('wrong-workflow');
        }
      }
      try {
        const plain = open(
          this.config,
          keyId,
          payload.data ?? new Uint8Array(),
          bound ? boundTo(owner) : new Uint8Array(),
        );
        return temporal.api.common.v1.Payload.decode(plain);
      } catch (err) {
        if (this.options.allowPlaintext) throw err;
        return refused(err instanceof UnknownKeyError ? 'unknown-key' : 'not-authentic');
      }
    });
  }
}

/** Carries no data, only why it was refused; converting it fails ("Unknown encoding"). */
function refused(reason: 'unencrypted' | 'unknown-key' | 'not-authentic' | 'unbound' | 'wrong-workflow'): Payload {
  return { metadata: { encoding: encoder.encode(UNAUTHENTICATED_ENCODING), reason: encoder.encode(reason) } };
}

type CodecConfig = {
  keys: { reveal(): string };
  activeKeyId: string;
  unboundKeyIds?: readonly string[];
} | null;

function codecsFor(codec: CodecConfig, options: CodecOptions): PayloadCodec[] | undefined {
  return codec === null
    ? undefined
    : [
        new AesGcmPayloadCodec(parseCodecKeys(codec.keys.reveal(), codec.activeKeyId), {
          unboundKeyIds: codec.unboundKeyIds ?? [],
          ...options,
        }),
      ];
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

import { createCipheriv, randomBytes } from 'node:crypto';
import { ApplicationFailure, defaultPayloadConverter, type Payload } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import { AesGcmPayloadCodec, dataConverterFor, parseCodecKeys, workerDataConverterFor } from './encryption-codec';

const key = (fill: number): string => Buffer.alloc(32, fill).toString('base64');
const payload = {
  metadata: { encoding: new TextEncoder().encode('json/plain') },
  data: new TextEncoder().encode('{"idNumber":"11010519491231002X"}'),
};

describe('AES-256-GCM payload codec', () => {
  it('round-trips, and the encrypted payload holds no plaintext', async () => {
    const codec = new AesGcmPayloadCodec(parseCodecKeys(`k1:${key(1)}`, 'k1'));
    const [encrypted] = await codec.encode([payload]);
    expect(new TextDecoder().decode(encrypted!.metadata!.encoding)).toBe('binary/encrypted');
    expect(Buffer.from(encrypted!.data!).toString('latin1')).not.toContain('11010519491231002X');
    const [decrypted] = await codec.decode([encrypted!]);
    expect(new TextDecoder().decode(decrypted!.data)).toBe('{"idNumber":"11010519491231002X"}');
  });

  it('rotates: payloads written with a retired key still decode; an unknown key or tampering fails', async () => {
    const old = new AesGcmPayloadCodec(parseCodecKeys(`k1:${key(1)}`, 'k1'));
    const [written] = await old.encode([payload]);
    const rotated = new AesGcmPayloadCodec(parseCodecKeys(`k2:${key(2)},k1:${key(1)}`, 'k2'));
    expect(new TextDecoder().decode((await rotated.decode([written!]))[0]!.data)).toContain('idNumber');
    expect(new TextDecoder().decode((await rotated.encode([payload]))[0]!.metadata!['encryption-key-id'])).toBe('k2');
    // The operators' endpoint says why it cannot decode; clients and workers get an unreadable payload.
    const lenient = new AesGcmPayloadCodec(parseCodecKeys(`k3:${key(3)}`, 'k3'), { allowPlaintext: true });
    await expect(lenient.decode([written!])).rejects.toThrow(/no codec key "k1"/);
    const tampered = { ...written!, data: Buffer.from(written!.data!).fill(0, 20, 21) };
    await expect(
      new AesGcmPayloadCodec(parseCodecKeys(`k1:${key(1)}`, 'k1'), { allowPlaintext: true }).decode([tampered]),
    ).rejects.toThrow();
    const [unknownKey] = await new AesGcmPayloadCodec(parseCodecKeys(`k3:${key(3)}`, 'k3')).decode([written!]);
    const [forged] = await old.decode([tampered]);
    for (const [refused, reason] of [
      [unknownKey!, 'unknown-key'],
      [forged!, 'not-authentic'],
    ] as const) {
      expect(new TextDecoder().decode(refused.metadata!.encoding)).toBe('binary/unauthenticated');
      expect(new TextDecoder().decode(refused.metadata!.reason)).toBe(reason);
      expect(() => defaultPayloadConverter.fromPayload(refused)).toThrow(/Unknown encoding/);
    }
  });

  it('refuses malformed key configuration', () => {
    expect(() => parseCodecKeys('k1:short', 'k1')).toThrow(/32 bytes/);
    expect(() => parseCodecKeys(`k1:${key(1)}`, 'k2')).toThrow(/active codec key/);
  });

  it('refuses unencrypted payloads without throwing: they decode to a payload no converter reads', async () => {
    const codec = new AesGcmPayloadCodec(parseCodecKeys(`k1:${key(1)}`, 'k1'));
    const [decoded] = await codec.decode([payload]);
    expect(new TextDecoder().decode(decoded!.metadata!.encoding)).toBe('binary/unauthenticated');
    expect(decoded!.data).toBeUndefined();
    // What the workflow's update handler would be given: nothing, the SDK rejects the update.
    expect(() => defaultPayloadConverter.fromPayload(decoded!)).toThrow(/Unknown encoding: binary\/unauthenticated/);
  });

  it("passes unencrypted payloads through only for the operators' remote codec (reading old histories)", async () => {
    const codec = new AesGcmPayloadCodec(parseCodecKeys(`k1:${key(1)}`, 'k1'), { allowPlaintext: true });
    expect(await codec.decode([payload])).toEqual([payload]);
  });

  it('encodes failure messages, so the codec encrypts them', async () => {
    const spec = { keys: { reveal: () => `k1:${key(1)}` }, activeKeyId: 'k1' };
    const { failureConverter, payloadCodecs } = dataConverterFor(spec);
    const failure = failureConverter.errorToFailure(
      ApplicationFailure.nonRetryable('reviewer wrote: 11010519491231002X', 'RULE'),
      defaultPayloadConverter,
    );
    expect(failure.message).toBe('Encoded failure');
    const [encrypted] = await payloadCodecs![0]!.encode([failure.encodedAttributes!]);
    expect(Buffer.from(encrypted!.data!).toString('latin1')).not.toContain('11010519491231002X');
    expect(workerDataConverterFor(spec).failureConverterPath).toMatch(/failure-converter\.(ts|js)$/);
    expect(dataConverterFor(null)).not.toHaveProperty('payloadCodecs');
  });

  describe('bound to its workflow', () => {
    const codec = new AesGcmPayloadCodec(parseCodecKeys(`k1:${key(1)}`, 'k1'));
    const of = (workflowId: string) => ({ type: 'workflow' as const, namespace: 'default', workflowId });
    const reason = (p: Payload): string => new TextDecoder().decode(p.metadata!.reason);
    const data = (p: Payload[]): string => new TextDecoder().decode(p[0]!.data);
    const plain = '{"idNumber":"11010519491231002X"}';

    it("decodes for its own workflow and for an activity it scheduled; another workflow's is refused", async () => {
      const [bound] = await codec.encode([payload], of('merchant-application:a'));
      expect(new TextDecoder().decode(bound!.metadata!['encryption-workflow-id'])).toBe('merchant-application:a');
      expect(data(await codec.decode([bound!], of('merchant-application:a')))).toBe(plain);
      const activity = {
        type: 'activity' as const,
        namespace: 'default',
        workflowId: 'merchant-application:a',
        isLocal: false,
      };
      expect(data(await codec.decode([bound!], activity))).toBe(plain);
      const [elsewhere] = await codec.decode([bound!], of('merchant-application:b'));
      expect(new TextDecoder().decode(elsewhere!.metadata!.encoding)).toBe('binary/unauthenticated');
      expect(reason(elsewhere!)).toBe('wrong-workflow');
      expect(() => defaultPayloadConverter.fromPayload(elsewhere!)).toThrow(/Unknown encoding/);
    });

    it('a payload whose workflow id was rewritten no longer authenticates', async () => {
      const [bound] = await codec.encode([payload], of('merchant-application:a'));
      const moved = {
        ...bound!,
        metadata: { ...bound!.metadata, 'encryption-workflow-id': new TextEncoder().encode('merchant-application:b') },
      };
      expect(reason((await codec.decode([moved], of('merchant-application:b')))[0]!)).toBe('not-authentic');
    });

    it("the operators' codec reads bound payloads without a context", async () => {
      const [bound] = await codec.encode([payload], of('merchant-application:a'));
      const operators = new AesGcmPayloadCodec(parseCodecKeys(`k1:${key(1)}`, 'k1'), { allowPlaintext: true });
      expect(data(await operators.decode([bound!]))).toBe(plain);
    });

    it('version-1 (unbound) payloads decode only under the key ids configured for them', async () => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', Buffer.from(key(1), 'base64'), iv);
      const encoded = temporal.api.common.v1.Payload.encode(payload).finish();
      const v1: Payload = {
        metadata: {
          encoding: new TextEncoder().encode('binary/encrypted'),
          'encryption-key-id': new TextEncoder().encode('k1'),
        },
        data: Buffer.concat([iv, cipher.update(encoded), cipher.final(), cipher.getAuthTag()]),
      };
      expect(reason((await codec.decode([v1], of('merchant-application:a')))[0]!)).toBe('unbound');
      const legacy = new AesGcmPayloadCodec(parseCodecKeys(`k2:${key(2)},k1:${key(1)}`, 'k2'), {
        unboundKeyIds: ['k1'],
      });
      expect(data(await legacy.decode([v1], of('merchant-application:a')))).toBe(plain);
    });
  });
});

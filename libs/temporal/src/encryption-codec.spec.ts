import { ApplicationFailure, defaultPayloadConverter } from '@temporalio/common';
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
});

import { AesGcmPayloadCodec, parseCodecKeys } from './encryption-codec';

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
    await expect(new AesGcmPayloadCodec(parseCodecKeys(`k3:${key(3)}`, 'k3')).decode([written!])).rejects.toThrow(
      /no codec key "k1"/,
    );
    const tampered = { ...written!, data: Buffer.from(written!.data!).fill(0, 20, 21) };
    await expect(old.decode([tampered])).rejects.toThrow();
  });

  it('refuses malformed key configuration', () => {
    expect(() => parseCodecKeys('k1:short', 'k1')).toThrow(/32 bytes/);
    expect(() => parseCodecKeys(`k1:${key(1)}`, 'k2')).toThrow(/active codec key/);
  });

  it('passes unencrypted payloads through on decode (histories from before encryption)', async () => {
    const codec = new AesGcmPayloadCodec(parseCodecKeys(`k1:${key(1)}`, 'k1'));
    expect(await codec.decode([payload])).toEqual([payload]);
  });
});

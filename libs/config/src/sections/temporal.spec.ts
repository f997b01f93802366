/** The payload key ring's ids: which keys still open unbound (version-1) payloads. */
import { codecKeyIds, parseCodecKeys } from '../key-ring';
import { loadConfig } from '../config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', NODE_ENV: 'development' };

describe('temporal codec', () => {
  it('unbound (version-1) payloads: no key id accepts them unless TEMPORAL_CODEC_UNBOUND_KEYS names it', () => {
    const keys = { ...base, TEMPORAL_CODEC_KEYS: 'k:a', TEMPORAL_CODEC_ACTIVE_KEY: 'k' };
    expect(loadConfig(keys).temporal.codec?.unboundKeyIds).toEqual([]);
    const ring = { ...keys, TEMPORAL_CODEC_KEYS: 'k:a,old:b' };
    expect(loadConfig({ ...ring, TEMPORAL_CODEC_UNBOUND_KEYS: 'k,old' }).temporal.codec?.unboundKeyIds).toEqual([
      'k',
      'old',
    ]);
    expect(() => loadConfig({ ...keys, TEMPORAL_CODEC_UNBOUND_KEYS: 'k,olde' })).toThrow(
      /TEMPORAL_CODEC_UNBOUND_KEYS names keys not in TEMPORAL_CODEC_KEYS: olde/,
    );
  });

  it("reads the ring with the key ring's own parser: the ids the codec will hold, spaces and empty entries aside", () => {
    const spec = ` k1:${Buffer.alloc(32, 1).toString('base64')} ,, old:${Buffer.alloc(32, 2).toString('base64')} `;
    expect(codecKeyIds(spec)).toEqual(['k1', 'old']);
    expect([...parseCodecKeys(spec, 'k1').keys.keys()]).toEqual(codecKeyIds(spec));
    const env = {
      ...base,
      TEMPORAL_CODEC_KEYS: spec,
      TEMPORAL_CODEC_ACTIVE_KEY: 'k1',
      TEMPORAL_CODEC_UNBOUND_KEYS: 'old',
    };
    expect(loadConfig(env).temporal.codec?.unboundKeyIds).toEqual(['old']);
    expect(() => loadConfig({ ...env, TEMPORAL_CODEC_UNBOUND_KEYS: 'k1,old ' })).not.toThrow();
  });
});

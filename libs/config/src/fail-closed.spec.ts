/**
 * Settings that fail closed: development sign-in (which mints admin tokens) needs DEV_SIGN_IN=true,
 * the secret `npm start` generates and an explicit development NODE_ENV; payload keys are required
 * unless development is chosen explicitly. Every combination, so a forgotten NODE_ENV opens nothing.
 */
import { DEV_JWT_SECRET_PREFIX, loadAuthConfig, loadConfig } from './config';

const GENERATED = `${DEV_JWT_SECRET_PREFIX}${'g'.repeat(64)}`;
const OPERATORS = 'an-operator-chose-this-secret-of-48-characters!!';
const JWKS = 'https://idp.example.com/.well-known/jwks.json';
const KEYS = { TEMPORAL_CODEC_KEYS: `k1:${Buffer.alloc(32, 1).toString('base64')}`, TEMPORAL_CODEC_ACTIVE_KEY: 'k1' };

type Outcome = 'on' | 'off' | 'refused';
function devSignIn(env: NodeJS.ProcessEnv): Outcome {
  try {
    return loadAuthConfig(env).devSignIn ? 'on' : 'off';
  } catch (err) {
    expect((err as Error).message).toContain('DEV_SIGN_IN');
    return 'refused';
  }
}

const NODE_ENVS = [undefined, 'development', 'test', 'production'] as const;
const SECRETS = {
  generated: { AUTH_JWT_SECRET: GENERATED },
  operators: { AUTH_JWT_SECRET: OPERATORS },
  jwks: { AUTH_JWKS_URL: JWKS },
};

describe('development sign-in', () => {
  const rows: [string | undefined, keyof typeof SECRETS, string | undefined, Outcome][] = [];
  for (const nodeEnv of NODE_ENVS) {
    for (const secret of Object.keys(SECRETS) as (keyof typeof SECRETS)[]) {
      for (const optIn of [undefined, 'false', 'true']) {
        const works = optIn === 'true' && secret === 'generated' && (nodeEnv === 'development' || nodeEnv === 'test');
        rows.push([nodeEnv, secret, optIn, optIn !== 'true' ? 'off' : works ? 'on' : 'refused']);
      }
    }
  }

  it.each(rows)('NODE_ENV=%s, %s secret, DEV_SIGN_IN=%s: %s', (nodeEnv, secret, optIn, expected) => {
    const env: NodeJS.ProcessEnv = { ...SECRETS[secret] };
    if (nodeEnv !== undefined) env.NODE_ENV = nodeEnv;
    if (optIn !== undefined) env.DEV_SIGN_IN = optIn;
    expect(devSignIn(env)).toBe(expected);
  });

  it('is off with a secret that merely looks generated but is too short to be', () => {
    expect(
      devSignIn({
        NODE_ENV: 'development',
        DEV_SIGN_IN: 'true',
        AUTH_JWT_SECRET: `${DEV_JWT_SECRET_PREFIX}short-but-32-characters-long!!`,
      }),
    ).toBe('refused');
  });
});

describe('payload encryption keys', () => {
  const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db' };
  it.each([
    [undefined, 'required'],
    ['production', 'required'],
    ['development', 'optional'],
    ['test', 'optional'],
  ] as const)('NODE_ENV=%s: keys %s', (nodeEnv, expected) => {
    const env: NodeJS.ProcessEnv = nodeEnv === undefined ? { ...base } : { ...base, NODE_ENV: nodeEnv };
    if (expected === 'required') {
      expect(() => loadConfig(env)).toThrow(/TEMPORAL_CODEC_KEYS is required unless NODE_ENV is development or test/);
    } else {
      expect(loadConfig(env).temporal.codec).toBeNull();
    }
    expect(loadConfig({ ...env, ...KEYS }).temporal.codec?.activeKeyId).toBe('k1');
  });
});

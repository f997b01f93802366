import { SignJWT } from 'jose';
import { signAccessToken, TokenVerifier } from './tokens';

const settings = { secret: 'a-secret-that-is-long-enough-for-hs256!', issuer: 'iss', audience: 'aud' };
const verifier = new TokenVerifier(settings);
const key = new TextEncoder().encode(settings.secret);

describe('token verification', () => {
  it('accepts a signed token with an expiry', async () => {
    const token = await signAccessToken({ sub: 'm-1', role: 'merchant' }, settings);
    await expect(verifier.verify(token)).resolves.toEqual({ sub: 'm-1', role: 'merchant' });
  });

  it('refuses a token without exp: it would be valid forever', async () => {
    const forever = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('a-1')
      .setIssuer('iss')
      .setAudience('aud')
      .setIssuedAt()
      .sign(key);
    await expect(verifier.verify(forever)).rejects.toMatchObject({
      problem: 'invalid',
      message: expect.stringMatching(/exp/),
    });
  });

  it('fetches a JWKS over https only, or plain http to this machine', () => {
    for (const url of ['http://idp.example.com/jwks.json', 'http://10.0.0.8/jwks.json', 'ftp://idp.example.com/jwks']) {
      expect(() => new TokenVerifier({ issuer: 'iss', audience: 'aud', jwksUrl: url })).toThrow(/https/);
    }
    for (const url of [
      'https://idp.example.com/jwks.json',
      'http://127.0.0.1:9000/jwks.json',
      'http://localhost/j',
      'http://[::1]:80/j',
    ]) {
      expect(() => new TokenVerifier({ issuer: 'iss', audience: 'aud', jwksUrl: url })).not.toThrow();
    }
  });
});

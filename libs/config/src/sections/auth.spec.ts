/** Token verification: an HS256 secret long enough, or a JWKS fetched over https. */
import { loadAuthConfig } from '../config';

describe('auth', () => {
  it('needs an HS256 secret of 32+ characters unless a JWKS URL is configured', () => {
    expect(() => loadAuthConfig({ AUTH_JWT_SECRET: 'short' })).toThrow(/at least 32/);
    expect(loadAuthConfig({ AUTH_JWKS_URL: 'https://idp.example.com/.well-known/jwks.json' })).toMatchObject({
      jwtSecret: null,
    });
  });

  it('fetches the JWKS over https only (plain http only to this machine, and only when development is chosen)', () => {
    expect(() =>
      loadAuthConfig({ NODE_ENV: 'test', AUTH_JWKS_URL: 'http://idp.example.com/.well-known/jwks.json' }),
    ).toThrow(/AUTH_JWKS_URL must be an https URL/);
    expect(loadAuthConfig({ NODE_ENV: 'test', AUTH_JWKS_URL: 'http://127.0.0.1:8080/jwks.json' }).jwksUrl).toBe(
      'http://127.0.0.1:8080/jwks.json',
    );
    for (const NODE_ENV of ['production', undefined]) {
      expect(() => loadAuthConfig({ NODE_ENV, AUTH_JWKS_URL: 'http://localhost:8080/jwks.json' })).toThrow(
        /AUTH_JWKS_URL must be an https URL/,
      );
    }
  });
});

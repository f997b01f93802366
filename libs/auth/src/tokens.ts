/**
 * Bearer tokens: JWTs carrying a subject and one role. Verified against a JWKS URL (production:
 * the identity provider's keys, RS256/ES256) or an HS256 secret (development and tests).
 */
import { createRemoteJWKSet, errors, jwtVerify, SignJWT, type JWTVerifyGetKey } from 'jose';
import { isSafeJwksUrl } from '@mo/config';
import { ROLES, type Role } from '@mo/domain';

export interface TokenClaims {
  readonly sub: string;
  readonly role: Role;
}

export interface TokenSettings {
  readonly secret: string;
  readonly issuer: string;
  readonly audience: string;
}

export interface VerifierSettings {
  readonly issuer: string;
  readonly audience: string;
  /** HS256 shared secret; used when no JWKS URL is configured. */
  readonly secret?: string;
  readonly jwksUrl?: string;
}

export type TokenProblem = 'missing' | 'malformed' | 'expired' | 'invalid';
export class TokenError extends Error {
  constructor(
    readonly problem: TokenProblem,
    message: string,
  ) {
    super(message);
    this.name = 'TokenError';
  }
}

const key = (secret: string): Uint8Array => new TextEncoder().encode(secret);

export async function signAccessToken(
  claims: TokenClaims,
  settings: TokenSettings,
  expiresIn = '12h',
): Promise<string> {
  return new SignJWT({ role: claims.role })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuer(settings.issuer)
    .setAudience(settings.audience)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(key(settings.secret));
}

/** Verifies tokens; a remote JWKS is fetched lazily and cached (with key rotation) by jose. */
export class TokenVerifier {
  private readonly keys: JWTVerifyGetKey | Uint8Array;
  private readonly algorithms: string[];

  constructor(private readonly settings: VerifierSettings) {
    if (settings.jwksUrl) {
      // Whoever can swap the keys can mint any token: never fetch them in the clear off this machine.
      if (!isSafeJwksUrl(settings.jwksUrl, { allowLoopbackHttp: true })) {
        throw new Error('the JWKS URL must be https (plain http only to localhost)');
      }
      this.keys = createRemoteJWKSet(new URL(settings.jwksUrl));
      this.algorithms = ['RS256', 'ES256', 'PS256', 'EdDSA'];
    } else if (settings.secret) {
      this.keys = key(settings.secret);
      this.algorithms = ['HS256'];
    } else {
      throw new Error('a token verifier needs a JWKS URL or an HS256 secret');
    }
  }

  async verify(token: string): Promise<TokenClaims> {
    try {
      // A token without an expiry would be valid forever.
      const options = {
        algorithms: this.algorithms,
        issuer: this.settings.issuer,
        audience: this.settings.audience,
        requiredClaims: ['exp', 'sub'],
      };
      // Two calls because jwtVerify's overloads take a key or a key resolver, not a union of both.
      const { payload } =
        this.keys instanceof Uint8Array
          ? await jwtVerify(token, this.keys, options)
          : await jwtVerify(token, this.keys, options);
      const role = payload.role;
      if (typeof payload.sub !== 'string' || payload.sub === '' || !ROLES.includes(role as Role)) {
        throw new TokenError('invalid', 'The token has no valid subject or role');
      }
      return { sub: payload.sub, role: role as Role };
    } catch (err) {
      if (err instanceof TokenError) throw err;
      if (err instanceof errors.JWTExpired) throw new TokenError('expired', 'The token has expired');
      if (err instanceof errors.JWTClaimValidationFailed && err.reason === 'missing') {
        throw new TokenError('invalid', `The token has no "${err.claim}" claim`);
      }
      if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) {
        throw new TokenError('malformed', 'The token is not a well-formed JWT');
      }
      throw new TokenError('invalid', 'The token could not be verified');
    }
  }
}

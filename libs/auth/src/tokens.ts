/** Bearer tokens: HS256 JWTs carrying a subject and one role. Used by the API guard and the dev token tool. */
import { errors, jwtVerify, SignJWT } from 'jose';
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
  expiresIn: string = '12h',
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

export async function verifyAccessToken(token: string, settings: TokenSettings): Promise<TokenClaims> {
  try {
    const { payload } = await jwtVerify(token, key(settings.secret), {
      algorithms: ['HS256'],
      issuer: settings.issuer,
      audience: settings.audience,
    });
    const role = payload.role;
    if (typeof payload.sub !== 'string' || payload.sub === '' || !ROLES.includes(role as Role)) {
      throw new TokenError('invalid', 'The token has no valid subject or role');
    }
    return { sub: payload.sub, role: role as Role };
  } catch (err) {
    if (err instanceof TokenError) throw err;
    if (err instanceof errors.JWTExpired) throw new TokenError('expired', 'The token has expired');
    if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) {
      throw new TokenError('malformed', 'The token is not a well-formed JWT');
    }
    throw new TokenError('invalid', 'The token could not be verified');
  }
}

/**
 * Token verification (the HS256 secret or the identity provider's JWKS, issuer, audience) and
 * development sign-in, which fails closed: development must be chosen, never assumed.
 */
import { Reader, type Secret } from '../reader';
import { developmentChosen } from './environment';

export interface AuthConfig {
  /** HS256 secret (development); unused when `jwksUrl` is set. */
  readonly jwtSecret: Secret | null;
  /** The identity provider's JWKS (production). */
  readonly jwksUrl: string | null;
  readonly issuer: string;
  readonly audience: string;
  /** `POST /v1/dev/sign-in` exists (see readDevSignIn: opt-in, generated secret, development only). */
  readonly devSignIn: boolean;
}

/**
 * Marks the HS256 secret `npm start` generates (`.data/dev-jwt-secret`): development sign-in mints
 * admin tokens, so it works with that secret only, never with one an operator chose.
 */
export const DEV_JWT_SECRET_PREFIX = 'mo-dev-only.';

export function isGeneratedDevJwtSecret(secret: string): boolean {
  return secret.startsWith(DEV_JWT_SECRET_PREFIX) && secret.length >= DEV_JWT_SECRET_PREFIX.length + 32;
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** https, or plain http to this machine when `allowLoopbackHttp`; shared with the token verifier. */
export function isSafeJwksUrl(raw: string, options: { readonly allowLoopbackHttp: boolean }): boolean {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return false;
  }
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && options.allowLoopbackHttp && LOOPBACK_HOSTS.has(url.hostname);
}

/** Token verification settings; only the API (and the token tool) need them. */
export function loadAuthConfig(env: NodeJS.ProcessEnv = process.env): AuthConfig {
  const read = new Reader(env);
  const jwksUrl = read.optional('AUTH_JWKS_URL');
  // The keys decide who is who: fetched in the clear, anyone on the path could swap them.
  if (jwksUrl !== null && !isSafeJwksUrl(jwksUrl, { allowLoopbackHttp: developmentChosen(env) })) {
    read.problems.push(
      'AUTH_JWKS_URL must be an https URL (plain http only to localhost with NODE_ENV=development or test), got ' +
        JSON.stringify(jwksUrl),
    );
  }
  const jwtSecret = jwksUrl === null ? read.secret('AUTH_JWT_SECRET', 32) : null;
  return read.done<AuthConfig>({
    jwtSecret,
    jwksUrl,
    issuer: read.string('AUTH_JWT_ISSUER', 'merchant-onboarding'),
    audience: read.string('AUTH_JWT_AUDIENCE', 'merchant-onboarding-api'),
    devSignIn: readDevSignIn(read, jwtSecret),
  });
}

/**
 * Development sign-in (`DEV_SIGN_IN=true`, which `npm start` sets): only together with the generated
 * secret and an explicit NODE_ENV=development or test. Asked for in any other combination, the
 * process refuses to start rather than quietly serving or dropping it.
 */
function readDevSignIn(read: Reader, jwtSecret: Secret | null): boolean {
  if (!read.flag('DEV_SIGN_IN', 'false')) return false;
  const before = read.problems.length;
  if (!developmentChosen(read.env)) {
    const nodeEnv = read.optional('NODE_ENV');
    read.problems.push(
      `DEV_SIGN_IN=true needs NODE_ENV=development or test (NODE_ENV is ${nodeEnv !== null ? JSON.stringify(nodeEnv) : 'unset'})`,
    );
  }
  if (jwtSecret === null) {
    read.problems.push('DEV_SIGN_IN=true needs the development HS256 secret, not AUTH_JWKS_URL');
  } else if (jwtSecret.reveal() && !isGeneratedDevJwtSecret(jwtSecret.reveal())) {
    read.problems.push(
      "DEV_SIGN_IN=true works only with the secret npm start generates (.data/dev-jwt-secret), never with an operator's AUTH_JWT_SECRET",
    );
  }
  return read.problems.length === before;
}

import type { AuthConfig } from '@mo/config';

/**
 * Development sign-in exists only when asked for (DEV_SIGN_IN=true) with the secret `npm start`
 * generates and an explicit development NODE_ENV; the configuration refuses any other combination.
 */
export function devSignInEnabled(auth: Pick<AuthConfig, 'devSignIn' | 'jwtSecret'>): boolean {
  return auth.devSignIn && auth.jwtSecret !== null;
}

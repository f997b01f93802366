import type { AppConfig, AuthConfig } from '@mo/config';

/** Development sign-in exists only with the development secret, and never in production. */
export function devSignInEnabled(config: Pick<AppConfig, 'nodeEnv'>, auth: Pick<AuthConfig, 'jwtSecret'>): boolean {
  return config.nodeEnv !== 'production' && auth.jwtSecret !== null;
}

/** The HTTP API's limits (TRUST_PROXY has its own spec). */
import { loadConfig } from '../config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', NODE_ENV: 'development' };

describe('api', () => {
  it('reads the limit on failed authentications per client address', () => {
    expect(loadConfig(base).api.authFailuresPerMinute).toBe(60);
    expect(loadConfig({ ...base, AUTH_FAILURES_PER_MINUTE: '5' }).api.authFailuresPerMinute).toBe(5);
  });
});

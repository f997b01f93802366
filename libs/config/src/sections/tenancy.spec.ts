/** Tenancy caps and the read-model wait, each from its own variable. */
import { DEFAULT_TENANCY, loadConfig } from '../config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', NODE_ENV: 'development' };

describe('tenancy', () => {
  it('tenancy: per-merchant caps, long-poll caps and the read-model wait, each from its own variable', () => {
    expect(loadConfig(base).tenancy).toEqual(DEFAULT_TENANCY);
    expect(DEFAULT_TENANCY).toMatchObject({
      maxOpenApplicationsPerMerchant: 20,
      longPollsPerCaller: 5,
      readModelWaitMs: 15_000,
    });
    const set = {
      MERCHANT_MAX_OPEN_APPLICATIONS: '2',
      MERCHANT_DOCUMENT_QUOTA_BYTES: '1000',
      APPLICATION_MAX_PROFILE_REVISIONS: '9',
      LONG_POLL_MAX_PER_CALLER: '1',
      LONG_POLL_MAX_PER_PROCESS: '50',
      READ_MODEL_WAIT_MS: '2000',
      LISTEN_HEARTBEAT_MS: '3000',
    };
    expect(loadConfig({ ...base, ...set }).tenancy).toEqual({
      maxOpenApplicationsPerMerchant: 2,
      merchantDocumentQuotaBytes: 1000,
      maxProfileRevisions: 9,
      longPollsPerCaller: 1,
      longPollsPerProcess: 50,
      readModelWaitMs: 2000,
      listenHeartbeatMs: 3000,
    });
    for (const name of Object.keys(set)) {
      expect(() => loadConfig({ ...base, [name]: '0' })).toThrow(new RegExp(name));
    }
  });
});

/** Uploaded documents: the per-application quota. */
import { loadConfig } from '../config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', NODE_ENV: 'development' };

describe('documents', () => {
  it('reads the per-application document quota', () => {
    expect(loadConfig(base).documents.quotaBytes).toBe(100 * 1024 * 1024);
    expect(loadConfig({ ...base, DOCUMENT_QUOTA_BYTES: '5000' }).documents.quotaBytes).toBe(5000);
    expect(() => loadConfig({ ...base, DOCUMENT_QUOTA_BYTES: 'lots' })).toThrow(/DOCUMENT_QUOTA_BYTES/);
  });
});

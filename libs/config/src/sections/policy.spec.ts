/** The lifecycle policy and MCC lists: product.md's defaults unless a variable says otherwise. */
import { loadConfig } from '../config';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/db', NODE_ENV: 'development' };

describe('policy', () => {
  it('reads the lifecycle policy, defaulting to product.md', () => {
    expect(loadConfig(base).policy).toMatchObject({
      resubmissionWindowDays: 30,
      reviewSlaHours: 48,
      maxResubmissions: 5,
    });
    expect(loadConfig({ ...base, REVIEW_SLA_HOURS: '24', RESUBMISSION_REMINDER_DAYS: '10,3' }).policy).toMatchObject({
      reviewSlaHours: 24,
      resubmissionReminderDays: [10, 3],
    });
  });
});

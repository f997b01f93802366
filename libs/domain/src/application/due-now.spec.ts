import { currentlyDue, DEFAULT_MCC_POLICY } from '../prechecks';
import type { ApplicationProfile } from '../profile';
import { dueNow, type DueSubject } from './due-now';
import { APPLICATION_STATUSES, type ApplicationStatus } from './model';

const subject = (status: ApplicationStatus, overrides: Partial<DueSubject> = {}): DueSubject => ({
  status,
  openReasons: [],
  deadlineKind: null,
  ...overrides,
});
const empty: ApplicationProfile = {};

describe('dueNow', () => {
  it.each<[string, DueSubject, ApplicationProfile | undefined, string[]]>([
    ['a draft: what its profile still lacks', subject('draft'), empty, currentlyDue(empty, DEFAULT_MCC_POLICY)],
    ['a draft without a profile: nothing', subject('draft'), undefined, []],
    [
      'changes requested: each field the feedback names, once, in order',
      subject('changes_requested', {
        openReasons: [{ target: 'businessLicense' }, { target: 'bankAccount' }, { target: 'businessLicense' }],
      }),
      empty,
      ['businessLicense', 'bankAccount'],
    ],
    ['changes requested without feedback: nothing', subject('changes_requested'), empty, []],
    [
      'bank verification with the deposit sent: its amount',
      subject('bank_verification', { deadlineKind: 'micro_deposit' }),
      empty,
      ['micro_deposit_amount'],
    ],
    ['bank verification before the deposit is sent: nothing', subject('bank_verification'), empty, []],
    ['the agreement offered: the agreement', subject('agreement_pending'), undefined, ['agreement']],
  ])('%s', (_, app, profile, expected) => {
    expect(dueNow(app, profile, DEFAULT_MCC_POLICY)).toEqual(expected);
  });

  it('is a non-empty list in a draft with an empty profile (the table above is not vacuous)', () => {
    expect(dueNow(subject('draft'), empty, DEFAULT_MCC_POLICY).length).toBeGreaterThan(0);
  });

  const nothingDue = APPLICATION_STATUSES.filter(
    (s) => !['draft', 'changes_requested', 'bank_verification', 'agreement_pending'].includes(s),
  );
  it.each(nothingDue)('nothing is due from the merchant while %s, whatever the row holds', (status) => {
    const busy = subject(status, { openReasons: [{ target: 'bankAccount' }], deadlineKind: 'micro_deposit' });
    expect(dueNow(busy, empty, DEFAULT_MCC_POLICY)).toEqual([]);
  });
});

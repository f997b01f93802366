import { DomainErrorCode, KIND_OF_RULE, RULE_CODES, type RuleCode } from '@mo/domain';
import { ApiErrorCode, statusFor } from './api-error';
import { apiCodeForRule, domainRefusalToApiError } from './domain-rule-errors';

/** Every rule code's answer, stated once more by hand: a change to the mapping must change this. */
const EXPECTED: Record<RuleCode, [ApiErrorCode, number]> = {
  wrong_status: [ApiErrorCode.IllegalTransition, 409],
  role_not_allowed: [ApiErrorCode.NotPermitted, 403],
  not_owner: [ApiErrorCode.NotPermitted, 403],
  own_application: [ApiErrorCode.NotPermitted, 403],
  claim_required: [ApiErrorCode.ClaimRequired, 409],
  claimed: [ApiErrorCode.ClaimedByAnotherReviewer, 409],
  senior_required: [ApiErrorCode.SeniorReviewerRequired, 403],
  four_eyes: [ApiErrorCode.FourEyesRequired, 403],
  stale_revision: [ApiErrorCode.ProfileChanged, 409],
  field_not_open: [ApiErrorCode.FieldNotOpen, 422],
  nothing_changed: [ApiErrorCode.RuleViolated, 422],
  invalid_value: [ApiErrorCode.RuleViolated, 422],
  activation_started: [ApiErrorCode.IllegalTransition, 409],
  screening_hits_unresolved: [ApiErrorCode.ScreeningHitsUnresolved, 409],
  screening_hit_unknown: [ApiErrorCode.ScreeningHitNotFound, 409],
  screening_hit_resolved: [ApiErrorCode.ScreeningHitResolved, 409],
};

/** Each kind of refusal stays within its class of HTTP answers. */
const STATUSES_OF_KIND: Record<DomainErrorCode, number[]> = {
  ILLEGAL_TRANSITION: [409],
  NOT_PERMITTED: [403],
  VALIDATION_FAILED: [400, 422],
};

describe('domain rule codes → HTTP', () => {
  it.each(RULE_CODES.map((rule) => [rule]))('%s has one API code and status', (rule) => {
    const [code, status] = EXPECTED[rule];
    expect(apiCodeForRule(rule)).toBe(code);
    expect(statusFor(apiCodeForRule(rule))).toBe(status);
    expect(STATUSES_OF_KIND[KIND_OF_RULE[rule]]).toContain(status);
    const failure = { type: KIND_OF_RULE[rule], message: 'no', details: [{ rule, field: 'f', fields: ['a'] }] };
    expect(domainRefusalToApiError(failure).code).toBe(code);
  });

  it('covers exactly the rule codes the domain exports', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual([...RULE_CODES].sort());
  });

  it('lists the fields a resubmission may not change, and the field a value rule names', () => {
    expect(
      domainRefusalToApiError({
        type: DomainErrorCode.ValidationFailed,
        message: 'not open',
        details: [{ rule: 'field_not_open', field: 'business.uscc', fields: ['business.uscc', 'bankAccount'] }],
      }).errors,
    ).toEqual([
      { field: 'business.uscc', message: 'is not open for resubmission' },
      { field: 'bankAccount', message: 'is not open for resubmission' },
    ]);
    expect(
      domainRefusalToApiError({
        type: DomainErrorCode.ValidationFailed,
        message: 'The current agreement is version 2026-01',
        details: [{ rule: 'invalid_value', field: 'version' }],
      }),
    ).toMatchObject({ code: ApiErrorCode.RuleViolated, errors: [{ field: 'version' }] });
  });

  it('maps a refusal without a rule code by its kind, and anything else to a 500', () => {
    expect(domainRefusalToApiError({ type: 'NOT_PERMITTED', message: 'no', details: [{}] }).code).toBe(
      ApiErrorCode.NotPermitted,
    );
    expect(domainRefusalToApiError({ type: 'SOMETHING_ELSE', message: 'no', details: [] }).code).toBe(
      ApiErrorCode.Internal,
    );
  });
});

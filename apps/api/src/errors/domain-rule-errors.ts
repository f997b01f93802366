/** Domain refusals → API errors: the one place a domain rule code becomes an HTTP answer. */
import type { ApplicationFailure } from '@temporalio/common';
import { DomainErrorCode, isRuleCode, type RuleCode } from '@mo/domain';
import { ApiError, ApiErrorCode, type FieldError } from './api-error';

/** Exhaustive: a new rule code cannot reach the API unmapped. */
export function apiCodeForRule(rule: RuleCode): ApiErrorCode {
  switch (rule) {
    case 'wrong_status':
    case 'activation_started':
      return ApiErrorCode.IllegalTransition;
    case 'role_not_allowed':
    case 'not_owner':
    case 'own_application':
      return ApiErrorCode.NotPermitted;
    case 'claim_required':
      return ApiErrorCode.ClaimRequired;
    case 'claimed':
      return ApiErrorCode.ClaimedByAnotherReviewer;
    case 'senior_required':
      return ApiErrorCode.SeniorReviewerRequired;
    case 'four_eyes':
      return ApiErrorCode.FourEyesRequired;
    case 'stale_revision':
      return ApiErrorCode.ProfileChanged;
    case 'field_not_open':
      return ApiErrorCode.FieldNotOpen;
    case 'screening_hits_unresolved':
      return ApiErrorCode.ScreeningHitsUnresolved;
    case 'screening_hit_unknown':
      return ApiErrorCode.ScreeningHitNotFound;
    case 'screening_hit_resolved':
      return ApiErrorCode.ScreeningHitResolved;
    // The same request changes something or nothing depending on the profile now: a rule, not a shape.
    case 'nothing_changed':
    case 'invalid_value':
      return ApiErrorCode.RuleViolated;
  }
}

/** For a refusal without a rule code (a worker older than the codes): by its kind. */
function apiCodeForKind(kind: string): ApiErrorCode {
  switch (kind as DomainErrorCode) {
    case DomainErrorCode.IllegalTransition:
      return ApiErrorCode.IllegalTransition;
    case DomainErrorCode.NotPermitted:
      return ApiErrorCode.NotPermitted;
    case DomainErrorCode.ValidationFailed:
      return ApiErrorCode.RuleViolated;
    default:
      return ApiErrorCode.Internal;
  }
}

/** A domain refusal, as the workflow reports it (an ApplicationFailure with the rule in details). */
export function domainRefusalToApiError(failure: Pick<ApplicationFailure, 'type' | 'message' | 'details'>): ApiError {
  const details = (failure.details?.[0] ?? {}) as { field?: string; rule?: unknown; fields?: string[] };
  if (!isRuleCode(details.rule)) {
    const code = apiCodeForKind(failure.type ?? '');
    return code === ApiErrorCode.Internal
      ? new ApiError(code, `Unexpected workflow failure ${failure.type}: ${failure.message}`)
      : new ApiError(code, failure.message, details.field ? [{ field: details.field, message: failure.message }] : []);
  }
  const errors: FieldError[] =
    details.rule === 'field_not_open'
      ? (details.fields ?? []).map((field) => ({ field, message: 'is not open for resubmission' }))
      : details.field
        ? [{ field: details.field, message: failure.message }]
        : [];
  return new ApiError(apiCodeForRule(details.rule), failure.message, errors);
}

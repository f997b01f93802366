/** Errors the API raises on its own (not from the domain), each with a stable machine-readable code. */
export const ApiErrorCode = {
  Unauthenticated: 'UNAUTHENTICATED',
  Forbidden: 'FORBIDDEN',
  RouteNotGuarded: 'ROUTE_NOT_GUARDED',
  ApplicationNotFound: 'APPLICATION_NOT_FOUND',
  RouteNotFound: 'ROUTE_NOT_FOUND',
  MethodNotAllowed: 'METHOD_NOT_ALLOWED',
  ValidationFailed: 'VALIDATION_FAILED',
  MalformedRequest: 'MALFORMED_REQUEST',
  PayloadTooLarge: 'PAYLOAD_TOO_LARGE',
  UnsupportedMediaType: 'UNSUPPORTED_MEDIA_TYPE',
  IllegalTransition: 'ILLEGAL_TRANSITION',
  ProfileChanged: 'PROFILE_CHANGED',
  FieldNotOpen: 'FIELD_NOT_OPEN',
  ApplicationIncomplete: 'APPLICATION_INCOMPLETE',
  IdempotencyKeyReused: 'IDEMPOTENCY_KEY_REUSED',
  IdempotencyKeyInProgress: 'IDEMPOTENCY_KEY_IN_PROGRESS',
  IdempotentReplayRefused: 'IDEMPOTENT_REPLAY_REFUSED',
  RateLimited: 'RATE_LIMITED',
  ClaimRequired: 'CLAIM_REQUIRED',
  ClaimedByAnotherReviewer: 'CLAIMED_BY_ANOTHER_REVIEWER',
  ScreeningHitsUnresolved: 'SCREENING_HITS_UNRESOLVED',
  ScreeningHitNotFound: 'SCREENING_HIT_NOT_FOUND',
  ScreeningHitResolved: 'SCREENING_HIT_RESOLVED',
  FourEyesRequired: 'FOUR_EYES_REQUIRED',
  SeniorReviewerRequired: 'SENIOR_REVIEWER_REQUIRED',
  RuleViolated: 'RULE_VIOLATED',
  DocumentNotFound: 'DOCUMENT_NOT_FOUND',
  DocumentQuotaExceeded: 'DOCUMENT_QUOTA_EXCEEDED',
  WebhookEndpointNotFound: 'WEBHOOK_ENDPOINT_NOT_FOUND',
  WebhookEndpointLimitReached: 'WEBHOOK_ENDPOINT_LIMIT_REACHED',
  CredentialAlreadyRevealed: 'CREDENTIAL_ALREADY_REVEALED',
  NotPermitted: 'NOT_PERMITTED',
  ServiceUnavailable: 'SERVICE_UNAVAILABLE',
  OpenApplicationLimitReached: 'OPEN_APPLICATION_LIMIT_REACHED',
  MerchantDocumentQuotaExceeded: 'MERCHANT_DOCUMENT_QUOTA_EXCEEDED',
  ProfileRevisionLimitReached: 'PROFILE_REVISION_LIMIT_REACHED',
  LongPollLimitReached: 'LONG_POLL_LIMIT_REACHED',
  LongPollCapacityReached: 'LONG_POLL_CAPACITY_REACHED',
  ReadModelLagging: 'READ_MODEL_LAGGING',
  Internal: 'INTERNAL_ERROR',
} as const;
export type ApiErrorCode = (typeof ApiErrorCode)[keyof typeof ApiErrorCode];

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly errors: readonly FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** The one mapping from code to HTTP status; exhaustive, so a new code cannot go unmapped. */
export function statusFor(code: ApiErrorCode): number {
  switch (code) {
    // Not an error: the action is done (its Update committed), the read model does not show it yet.
    case ApiErrorCode.ReadModelLagging:
      return 202;
    case ApiErrorCode.MalformedRequest:
    case ApiErrorCode.ValidationFailed:
      return 400;
    case ApiErrorCode.Unauthenticated:
      return 401;
    case ApiErrorCode.Forbidden:
    case ApiErrorCode.RouteNotGuarded:
    case ApiErrorCode.NotPermitted:
    case ApiErrorCode.FourEyesRequired:
    case ApiErrorCode.SeniorReviewerRequired:
      return 403;
    case ApiErrorCode.ApplicationNotFound:
    case ApiErrorCode.DocumentNotFound:
    case ApiErrorCode.WebhookEndpointNotFound:
    case ApiErrorCode.RouteNotFound:
      return 404;
    case ApiErrorCode.MethodNotAllowed:
      return 405;
    case ApiErrorCode.IllegalTransition:
    case ApiErrorCode.ProfileChanged:
    case ApiErrorCode.CredentialAlreadyRevealed:
    case ApiErrorCode.IdempotencyKeyInProgress:
    case ApiErrorCode.IdempotentReplayRefused:
    case ApiErrorCode.ClaimRequired:
    case ApiErrorCode.ClaimedByAnotherReviewer:
    case ApiErrorCode.ScreeningHitsUnresolved:
    case ApiErrorCode.ScreeningHitNotFound:
    case ApiErrorCode.ScreeningHitResolved:
      return 409;
    case ApiErrorCode.FieldNotOpen:
    case ApiErrorCode.ApplicationIncomplete:
    case ApiErrorCode.RuleViolated:
    case ApiErrorCode.IdempotencyKeyReused:
    case ApiErrorCode.WebhookEndpointLimitReached:
    case ApiErrorCode.DocumentQuotaExceeded:
    case ApiErrorCode.OpenApplicationLimitReached:
    case ApiErrorCode.MerchantDocumentQuotaExceeded:
    case ApiErrorCode.ProfileRevisionLimitReached:
      return 422;
    case ApiErrorCode.RateLimited:
    case ApiErrorCode.LongPollLimitReached:
      return 429;
    case ApiErrorCode.PayloadTooLarge:
      return 413;
    case ApiErrorCode.UnsupportedMediaType:
      return 415;
    case ApiErrorCode.ServiceUnavailable:
    case ApiErrorCode.LongPollCapacityReached:
      return 503;
    case ApiErrorCode.Internal:
      return 500;
  }
}

/**
 * An action whose Update committed while the read model did not show it within the wait: answered
 * 202 with the committed view (ProblemDetailsFilter), never 5xx. The write is retried by the
 * workflow until it lands; a read shows it then.
 */
export class ReadModelLagging extends Error {
  readonly code = ApiErrorCode.ReadModelLagging;
  constructor(
    readonly view: object,
    readonly version: number,
  ) {
    super(
      `The action is done (version ${version}), but the read model does not show it yet; reads show it once its write lands (wait with GET ?changedSince=${version - 1})`,
    );
    this.name = 'ReadModelLagging';
  }
}

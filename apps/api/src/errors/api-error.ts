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
      return 409;
    case ApiErrorCode.FieldNotOpen:
    case ApiErrorCode.ApplicationIncomplete:
    case ApiErrorCode.RuleViolated:
    case ApiErrorCode.IdempotencyKeyReused:
    case ApiErrorCode.WebhookEndpointLimitReached:
    case ApiErrorCode.DocumentQuotaExceeded:
      return 422;
    case ApiErrorCode.RateLimited:
      return 429;
    case ApiErrorCode.PayloadTooLarge:
      return 413;
    case ApiErrorCode.UnsupportedMediaType:
      return 415;
    case ApiErrorCode.ServiceUnavailable:
      return 503;
    case ApiErrorCode.Internal:
      return 500;
  }
}

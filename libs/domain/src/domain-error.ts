/** Typed domain errors: the one vocabulary of "no" that the workflow, the API and the tests share. */
export const DomainErrorCode = {
  IllegalTransition: 'ILLEGAL_TRANSITION',
  NotPermitted: 'NOT_PERMITTED',
  ValidationFailed: 'VALIDATION_FAILED',
} as const;
export type DomainErrorCode = (typeof DomainErrorCode)[keyof typeof DomainErrorCode];

export interface DomainError {
  readonly kind: 'domain_error';
  readonly code: DomainErrorCode;
  readonly message: string;
  readonly details?: Readonly<Record<string, unknown>>;
}

export function domainError(code: DomainErrorCode, message: string, details?: Record<string, unknown>): DomainError {
  return details === undefined
    ? { kind: 'domain_error', code, message }
    : { kind: 'domain_error', code, message, details };
}

export function isDomainError(value: unknown): value is DomainError {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'domain_error';
}

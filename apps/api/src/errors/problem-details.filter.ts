import { randomUUID } from 'node:crypto';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { describeError, safeError } from '@mo/observability';
import { markLocalized, negotiateLanguage } from '../common/language';
import { ApiError, ApiErrorCode, ReadModelLagging, statusFor, type FieldError } from './api-error';
import { isDependencyOutage } from './dependency-outage';
import { errorTitle } from './error-titles';
import { allowedMethods } from './method-not-allowed';

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ApiErrorCode;
  requestId: string;
  errors: readonly FieldError[];
  errorId?: string;
}

/**
 * The one edge where every error becomes an RFC 9457 problem document with a stable code; its
 * title is the code's, in the language Accept-Language asks for (`detail` and `errors[]` stay English).
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request & { id?: string }>();
    const response = http.getResponse<Response>();
    const requestId = request.id ?? randomUUID();
    if (exception instanceof ReadModelLagging) {
      // Done, and said so: the committed view, 202, and what to expect (`code`, `detail`).
      response.setHeader('Read-Model-Lagging', String(exception.version));
      markLocalized(response, negotiateLanguage(request.header('accept-language')));
      response.status(202).json({ ...exception.view, code: exception.code, detail: exception.message });
      return;
    }
    const allow = exception instanceof NotFoundException ? allowedMethods(request) : [];
    const error =
      allow.length > 0
        ? new ApiError(
            ApiErrorCode.MethodNotAllowed,
            `${request.method} is not a method of ${request.path}; it takes ${allow.join(', ')}`,
          )
        : this.toApiError(exception);
    const status = statusFor(error.code);
    const language = negotiateLanguage(request.header('accept-language'));
    const problem: ProblemDetails = {
      type: `urn:merchant-onboarding:problem:${error.code.toLowerCase()}`,
      title: errorTitle(error.code, language),
      status,
      detail: error.message,
      code: error.code,
      requestId,
      errors: error.errors,
    };
    if (status === 503) {
      // An outage, not a bug: one line per request, no stack.
      this.logger.warn(`requestId=${requestId} ${request.method} ${request.path}: 503 ${describe(exception)}`);
    } else if (status >= 500) {
      problem.errorId = randomUUID();
      problem.detail = error.code === ApiErrorCode.Internal ? 'An unexpected error occurred' : error.message;
      this.logger.error(
        `errorId=${problem.errorId} requestId=${requestId} ${request.method} ${request.path}: ${describe(exception)}`,
        exception instanceof Error ? safeError(exception).stack : undefined,
      );
    }
    // Nothing was lost: the client retries (with the same Idempotency-Key) once the dependency is back.
    // A caller over its long-poll cap retries once one of its waits has answered.
    if (status === 503 || error.code === ApiErrorCode.LongPollLimitReached) response.setHeader('Retry-After', '1');
    if (status === 405) response.setHeader('Allow', allow.join(', '));
    markLocalized(response, language);
    response.status(status).type('application/problem+json').json(problem);
  }

  private toApiError(exception: unknown): ApiError {
    if (exception instanceof ApiError) return exception;
    const bodyParser = exception as { type?: unknown; status?: unknown };
    if (bodyParser.type === 'entity.parse.failed') {
      return new ApiError(ApiErrorCode.MalformedRequest, 'The request body is not valid JSON');
    }
    if (bodyParser.type === 'entity.too.large') {
      return new ApiError(ApiErrorCode.PayloadTooLarge, 'The request body is too large');
    }
    if (exception instanceof HttpException) {
      switch (exception.getStatus()) {
        case 400:
          return new ApiError(ApiErrorCode.MalformedRequest, exception.message);
        case 404:
          return new ApiError(ApiErrorCode.RouteNotFound, 'No such route');
        case 413:
          return new ApiError(ApiErrorCode.PayloadTooLarge, 'The request body is too large');
        case 415:
          return new ApiError(ApiErrorCode.UnsupportedMediaType, exception.message);
        default:
          break;
      }
    }
    if (isDependencyOutage(exception)) {
      return new ApiError(
        ApiErrorCode.ServiceUnavailable,
        'The database or the workflow engine is briefly unavailable. Retry after the Retry-After delay with the same Idempotency-Key: the request is applied at most once',
      );
    }
    return new ApiError(ApiErrorCode.Internal, describe(exception));
  }
}

/** Driver errors (their message, detail and SQL parameters quote data) are redacted. */
const describe = describeError;

/**
 * The OpenAPI decorators every controller shares, so the spec says the same thing the same way on
 * each route: problem documents for errors, UUID path ids, and Idempotency-Key only where a state
 * change accepts it. Typed clients are generated from this spec; an e2e check holds every answer to it.
 */
import { applyDecorators } from '@nestjs/common';
import {
  ApiExtraModels,
  ApiHeader,
  ApiParam,
  ApiProperty,
  ApiPropertyOptional,
  ApiResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiErrorCode } from '../errors/api-error';

export class FieldError {
  @ApiProperty({ description: 'The field, query parameter or header at fault (dotted path for nested fields)' })
  field!: string;
  @ApiProperty() message!: string;
}

/** RFC 9457 problem details, as ProblemDetailsFilter writes them. */
export class ProblemDetails {
  @ApiProperty({ example: 'urn:merchant-onboarding:problem:validation_failed' }) type!: string;
  @ApiProperty({
    example: 'The request is invalid',
    description: "The code's title, in the language Accept-Language asks for (en, the default, or zh-CN)",
  })
  title!: string;
  @ApiProperty({ type: 'integer', minimum: 400, maximum: 599 }) status!: number;
  @ApiProperty() detail!: string;
  @ApiProperty({
    enum: Object.values(ApiErrorCode),
    enumName: 'ApiErrorCode',
    description: 'Stable machine-readable code; act on this, not on the text',
  })
  code!: ApiErrorCode;
  @ApiProperty({ description: 'Also in the X-Request-Id response header' }) requestId!: string;
  @ApiProperty({ type: [FieldError], description: 'One entry per invalid field (empty when none applies)' })
  errors!: FieldError[];
  @ApiPropertyOptional({ format: 'uuid', description: 'Only on 500: quote it when reporting the error' })
  errorId?: string;
}

/** The statuses ProblemDetailsFilter can answer (see statusFor). */
export type ProblemStatus = 400 | 401 | 403 | 404 | 409 | 413 | 415 | 422 | 429 | 500 | 503;

const TITLES: Record<ProblemStatus, string> = {
  400: 'The request is malformed or invalid',
  401: 'No valid bearer token',
  403: "The token's role may not do this",
  404: 'No such resource, or not yours',
  409: 'Not in a state that allows this now, or the same Idempotency-Key is still running',
  413: 'The body is too large',
  415: 'The media type is not accepted',
  422: 'A rule refuses it, or the Idempotency-Key was used for another request',
  429: 'Too many requests; retry after the Retry-After delay',
  500: 'Unexpected error; errorId names the log line',
  503: 'PostgreSQL or Temporal is briefly unavailable; retry with the same Idempotency-Key',
};

/** Documents `application/problem+json` answers for these statuses. */
export function ApiProblems(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetails, FieldError),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: TITLES[status],
        content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDetails) } } },
      }),
    ),
  );
}

/**
 * What any authenticated route can answer: bad input or header (a malformed Idempotency-Key is 400
 * on every route), no token, a body over the parser's limit (on any method), rate limit, failure, outage.
 */
export const ApiGuardedProblems = (): MethodDecorator & ClassDecorator =>
  ApiProblems(400, 401, 413, 415, 429, 500, 503);

/** Path parameters that must be UUIDs (UuidPipe answers 400 otherwise). */
export function ApiUuidParams(...names: string[]): MethodDecorator & ClassDecorator {
  return applyDecorators(...names.map((name) => ApiParam({ name, type: String, format: 'uuid', required: true })));
}

/** The route applies a request at most once per Idempotency-Key (see IdempotencyInterceptor). */
export function ApiIdempotent(
  description = 'Retries with the same key are applied at most once and replay the first answer',
): MethodDecorator {
  return applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description,
      // As readIdempotencyKey takes it: 1-255 visible ASCII characters.
      schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]+$' },
    }),
    ApiProblems(409, 422),
  );
}

import { ValidationPipe, type ValidationError } from '@nestjs/common';
import { ApiError, ApiErrorCode, type FieldError } from '../errors/api-error';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/** Unknown properties are rejected and every failure is reported per field. */
export function validationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // One message per field: the first rule it breaks.
    stopAtFirstError: true,
    exceptionFactory: (errors) =>
      new ApiError(ApiErrorCode.ValidationFailed, 'The request is invalid', flatten(errors)),
  });
}

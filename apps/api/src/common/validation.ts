import { applyDecorators, ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { IsDefined, ValidateIf } from 'class-validator';
import { ApiError, ApiErrorCode, type FieldError } from '../errors/api-error';
import { assertStorable } from './storable-text';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * Before any rule: text PostgreSQL cannot store is refused wherever it comes from (the middleware
 * has checked JSON bodies and queries already; multipart fields reach the route's pipes only).
 */
class StorableValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type !== 'custom') assertStorable(value, metadata.data ?? '');
    return super.transform(value, metadata);
  }
}

/** Unknown properties are rejected and every failure is reported per field. */
export function validationPipe(): ValidationPipe {
  return new StorableValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    // One message per field: the first rule it breaks.
    stopAtFirstError: true,
    exceptionFactory: (errors) =>
      new ApiError(ApiErrorCode.ValidationFailed, 'The request is invalid', flatten(errors)),
  });
}

/**
 * An optional field that may be left out but never sent as null: class-validator's @IsOptional
 * lets null through every other rule, and a null would then reach the profile as a value.
 */
export function OptionalNotNull(): PropertyDecorator {
  return applyDecorators(
    ValidateIf((_object: object, value: unknown) => value !== undefined),
    IsDefined({ message: '$property must not be null (leave it out instead)' }),
  );
}

import { createParamDecorator, type ExecutionContext, type PipeTransform, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { ApiError, ApiErrorCode } from '../errors/api-error';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Path ids are UUIDs; anything else is a 400 naming the parameter. */
@Injectable()
export class UuidPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!UUID.test(value)) {
      throw new ApiError(ApiErrorCode.ValidationFailed, 'The id in the path must be a UUID', [
        { field: 'id', message: 'must be a UUID' },
      ]);
    }
    return value.toLowerCase();
  }
}

const KEY = /^[\x21-\x7e]{1,255}$/;

/** The optional Idempotency-Key header: 1-255 visible ASCII characters. */
export function readIdempotencyKey(request: Request): string | undefined {
  const value = request.header('idempotency-key');
  if (value === undefined) return undefined;
  if (!KEY.test(value)) {
    throw new ApiError(ApiErrorCode.ValidationFailed, 'Idempotency-Key must be 1-255 visible ASCII characters', [
      { field: 'Idempotency-Key', message: 'must be 1-255 visible ASCII characters' },
    ]);
  }
  return value;
}

export const IdempotencyKey = createParamDecorator((_: unknown, ctx: ExecutionContext): string | undefined =>
  readIdempotencyKey(ctx.switchToHttp().getRequest<Request>()),
);

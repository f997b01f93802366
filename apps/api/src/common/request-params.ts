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

/**
 * A page size from the query string: a whole number from 1 to `max`, `fallback` when absent.
 * Anything else (abc, null, -1, 0, 1.5) is a 400 naming the parameter, never silently clamped.
 */
@Injectable()
export class PageLimitPipe implements PipeTransform<unknown, number> {
  constructor(
    private readonly fallback = 50,
    private readonly max = 200,
  ) {}

  transform(value: unknown): number {
    if (value === undefined) return this.fallback;
    // The global ValidationPipe may already have made a number of it (+"abc" is NaN, +"" is 0).
    const limit =
      typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,4}$/.test(value) ? Number(value) : NaN;
    if (!(Number.isInteger(limit) && limit >= 1 && limit <= this.max)) {
      throw new ApiError(ApiErrorCode.ValidationFailed, `limit must be a whole number from 1 to ${this.max}`, [
        { field: 'limit', message: `must be a whole number from 1 to ${this.max}` },
      ]);
    }
    return limit;
  }
}

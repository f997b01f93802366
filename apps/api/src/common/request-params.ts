import { createParamDecorator, type ExecutionContext, type PipeTransform, Injectable } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
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

export const SCREENING_HIT_ID_PATTERN = '^[A-Za-z0-9_-]{1,64}$';
const HIT_ID = new RegExp(SCREENING_HIT_ID_PATTERN);

/** A screening hit id in the path: URL-safe base64 characters; anything else is a 400 naming it. */
@Injectable()
export class ScreeningHitIdPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    if (!HIT_ID.test(value)) {
      throw new ApiError(ApiErrorCode.ValidationFailed, 'The screening hit id in the path is malformed', [
        { field: 'hitId', message: 'must be 1-64 characters of A-Z, a-z, 0-9, _ and -' },
      ]);
    }
    return value;
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
 * A whole number from the query string, `min` to `max`, `fallback` when absent (undefined when there
 * is none). Anything else (abc, null, -1, 1.5, too large) is a 400 naming the parameter, never
 * silently clamped.
 */
export class WholeNumberQueryPipe implements PipeTransform<unknown, number | undefined> {
  constructor(
    private readonly param: string,
    private readonly min: number,
    private readonly max: number,
    private readonly fallback?: number,
  ) {}

  transform(value: unknown): number | undefined {
    if (value === undefined) return this.fallback;
    // The global ValidationPipe may already have made a number of it (+"abc" is NaN, +"" is 0).
    const n =
      typeof value === 'number' ? value : typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : NaN;
    if (!(Number.isSafeInteger(n) && n >= this.min && n <= this.max)) {
      const message = `must be a whole number from ${this.min} to ${this.max}`;
      throw new ApiError(ApiErrorCode.ValidationFailed, `${this.param} ${message}`, [{ field: this.param, message }]);
    }
    return n;
  }
}

export const DEFAULT_PAGE_LIMIT = 50;
export const MAX_PAGE_LIMIT = 200;

/** A page size from the query string: a whole number from 1 to `max`, `fallback` when absent. */
@Injectable()
export class PageLimitPipe extends WholeNumberQueryPipe implements PipeTransform<unknown, number> {
  constructor(fallback = DEFAULT_PAGE_LIMIT, max = MAX_PAGE_LIMIT) {
    super('limit', 1, max, fallback);
  }

  override transform(value: unknown): number {
    return super.transform(value)!;
  }
}

/** The `limit` query parameter as PageLimitPipe (with its defaults) takes it. */
export const ApiPageLimit = (): MethodDecorator =>
  ApiQuery({
    name: 'limit',
    required: false,
    description: `Page size, 1 to ${MAX_PAGE_LIMIT}`,
    schema: { type: 'integer', minimum: 1, maximum: MAX_PAGE_LIMIT, default: DEFAULT_PAGE_LIMIT },
  });

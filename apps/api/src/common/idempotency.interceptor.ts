import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { from, type Observable, of, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import { IdempotencyRepository } from '@mo/persistence';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError, ApiErrorCode } from '../errors/api-error';
import { readIdempotencyKey } from './request-params';

export const IDEMPOTENCY_TTL_HOURS = 24;

/** JSON with sorted keys, so the same body always hashes the same. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * Idempotency-Key on state-changing requests, stored in PostgreSQL for 24 hours: the same key with
 * the same request replays the first answer (even after an API restart or a workflow
 * continue-as-new); with a different request it is refused with 422. The Temporal Update id is
 * derived from the caller, the action, the request and the key (applications/update-id.ts).
 * Multipart uploads are left to their content addressing.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly keys: IdempotencyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const http = context.switchToHttp();
    const request = http.getRequest<Request & AuthenticatedRequest>();
    const response = http.getResponse<Response>();
    const key = readIdempotencyKey(request);
    if (key === undefined || request.actor === undefined || !['POST', 'PATCH'].includes(request.method)) {
      return next.handle();
    }
    if (request.is('multipart/form-data')) return next.handle();
    const caller = `${request.actor.role}:${request.actor.id}`;
    const hash = createHash('sha256')
      .update(`${request.method} ${request.path}\n${canonical(request.body)}`)
      .digest('hex');
    return from(
      this.keys.claim(caller, key, hash, IDEMPOTENCY_TTL_HOURS, this.config.api.idempotencyLeaseSeconds),
    ).pipe(
      mergeMap((claim) => {
        switch (claim.kind) {
          case 'mismatch':
            return throwError(
              () =>
                new ApiError(
                  ApiErrorCode.IdempotencyKeyReused,
                  'This Idempotency-Key was used for a different request; use a new key for a new request',
                ),
            );
          case 'in_progress':
            return throwError(
              () =>
                new ApiError(
                  ApiErrorCode.IdempotencyKeyInProgress,
                  'A request with this Idempotency-Key is still running; retry shortly',
                ),
            );
          case 'replay':
            response.setHeader('Idempotent-Replayed', 'true');
            return of(claim.response);
          case 'new':
            return next.handle().pipe(
              mergeMap((body: unknown) =>
                from(this.keys.complete(caller, key, response.statusCode, body).then(() => body)),
              ),
              catchError((err: unknown) =>
                from(this.keys.release(caller, key)).pipe(mergeMap(() => throwError(() => err))),
              ),
            );
        }
      }),
    );
  }
}

import { createHash } from 'node:crypto';
import { type CallHandler, type ExecutionContext, Inject, Injectable, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { from, type Observable, throwError } from 'rxjs';
import { catchError, mergeMap } from 'rxjs/operators';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import type { Actor, Role } from '@mo/domain';
import { IDEMPOTENCY_TTL_HOURS, IdempotencyRepository, type ReplayMarker } from '@mo/persistence';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError, ApiErrorCode } from '../errors/api-error';
import { IDEMPOTENT_REPLAY, type ReplayPolicy } from './idempotent-replay.decorator';
import { readIdempotencyKey } from './request-params';

/** Renders an application for a caller from the read model (ApplicationReadsService.get). */
export interface ApplicationRenderer {
  get(caller: Actor & { role: Role }, applicationId: string): Promise<unknown>;
}
export const APPLICATION_RENDERER = Symbol('APPLICATION_RENDERER');

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An application view: what every application action answers. */
function applicationIdOf(body: unknown): string | null {
  if (body === null || typeof body !== 'object') return null;
  const v = body as Record<string, unknown>;
  return typeof v.id === 'string' && UUID.test(v.id) && typeof v.merchantId === 'string' && typeof v.status === 'string'
    ? v.id
    : null;
}

function markerFor(policy: ReplayPolicy, body: unknown): ReplayMarker {
  if (policy.mode === 'refuse') return { replay: 'refused', code: policy.code };
  const applicationId = applicationIdOf(body);
  return applicationId === null
    ? { replay: 'refused', code: ApiErrorCode.IdempotentReplayRefused }
    : { replay: 'application', applicationId };
}

const REFUSALS: Partial<Record<string, string>> = {
  [ApiErrorCode.CredentialAlreadyRevealed]:
    'The secret was shown to the first request with this Idempotency-Key; it cannot be shown again',
};

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
 *
 * The store keeps no answer: an application is rendered again for the caller from the read model
 * (so no view with ID or account numbers is persisted), and an answer that showed a secret once
 * is not replayable (409). See `@IdempotentReplay`.
 */
@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly keys: IdempotencyRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(APPLICATION_RENDERER) private readonly applications: ApplicationRenderer,
    private readonly reflector: Reflector,
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
    const actor = request.actor;
    const caller = `${actor.role}:${actor.id}`;
    const policy = this.reflector.getAllAndOverride<ReplayPolicy | undefined>(IDEMPOTENT_REPLAY, [
      context.getHandler(),
      context.getClass(),
    ]) ?? { mode: 'rerender' };
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
          case 'replay': {
            const marker = claim.marker;
            if (marker?.replay !== 'application') {
              const code = (Object.values(ApiErrorCode) as string[]).includes(marker?.code ?? '')
                ? (marker!.code as ApiErrorCode)
                : ApiErrorCode.IdempotentReplayRefused;
              const message =
                REFUSALS[code] ??
                'The first request with this Idempotency-Key succeeded; its answer is not kept (it can show a secret once), so it is not replayed';
              return throwError(() => new ApiError(code, message));
            }
            return from(
              this.applications.get(actor, marker.applicationId).then((view) => {
                response.status(claim.statusCode);
                response.setHeader('Idempotent-Replayed', 'true');
                return view;
              }),
            );
          }
          case 'new':
            return next.handle().pipe(
              mergeMap((body: unknown) =>
                from(this.keys.complete(caller, key, response.statusCode, markerFor(policy, body)).then(() => body)),
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

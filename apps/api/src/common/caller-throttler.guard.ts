import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError, ApiErrorCode } from '../errors/api-error';

/** Rate limits per caller: the token's subject when there is one, else the client address. */
@Injectable()
export class CallerThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const actor = (req as AuthenticatedRequest).actor;
    return actor ? `${actor.role}:${actor.id}` : `ip:${String(req.ip)}`;
  }

  protected override async throwThrottlingException(): Promise<void> {
    throw new ApiError(ApiErrorCode.RateLimited, 'Too many requests; slow down and retry after the Retry-After delay');
  }
}

const WINDOW_MS = 60_000;
/** Bounds the table under a flood from many addresses; expired windows are dropped first. */
const MAX_TRACKED_ADDRESSES = 100_000;

/**
 * Runs before authentication: counts the 401s each client address receives per minute and, past
 * AUTH_FAILURES_PER_MINUTE, answers 429 without verifying the token at all. The per-caller limit
 * needs a verified caller, so without this a flood of bad tokens would be answered 401 forever.
 */
@Injectable()
export class AuthFailureThrottlerGuard implements CanActivate {
  private readonly failures = new Map<string, { count: number; resetAt: number }>();
  private readonly limit: number;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.limit = config.api.authFailuresPerMinute;
  }

  canActivate(context: ExecutionContext): boolean {
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const address = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    const now = Date.now();
    const window = this.failures.get(address);
    if (window !== undefined && window.resetAt > now && window.count >= this.limit) {
      response.setHeader('Retry-After', String(Math.ceil((window.resetAt - now) / 1000)));
      throw new ApiError(
        ApiErrorCode.RateLimited,
        'Too many failed authentications from this address; retry after the Retry-After delay',
      );
    }
    response.once('finish', () => {
      if (response.statusCode === 401) this.recordFailure(address, Date.now());
    });
    return true;
  }

  private recordFailure(address: string, now: number): void {
    const window = this.failures.get(address);
    if (window !== undefined && window.resetAt > now) {
      window.count++;
      return;
    }
    if (this.failures.size >= MAX_TRACKED_ADDRESSES) this.prune(now);
    this.failures.set(address, { count: 1, resetAt: now + WINDOW_MS });
  }

  private prune(now: number): void {
    for (const [address, window] of this.failures) if (window.resetAt <= now) this.failures.delete(address);
    // Still full: forget the oldest entries rather than grow without bound.
    for (const address of this.failures.keys()) {
      if (this.failures.size < MAX_TRACKED_ADDRESSES) break;
      this.failures.delete(address);
    }
  }
}

import { createHash } from 'node:crypto';
import { type CanActivate, type ExecutionContext, Inject, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import type { AuthenticatedRequest } from '../auth/auth.decorators';
import { ApiError, ApiErrorCode } from '../errors/api-error';

const UNTHROTTLED_KEY = 'mo:unthrottled';
/**
 * Never rate limited nor locked out (/health, /metrics): a load balancer's probe and a scrape must
 * see the service as it is, whoever else is being throttled.
 */
export const Unthrottled = (): MethodDecorator & ClassDecorator => SetMetadata(UNTHROTTLED_KEY, true);

function unthrottled(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean>(UNTHROTTLED_KEY, [context.getHandler(), context.getClass()]) === true;
}

/**
 * Rate limits per caller: the token's subject when there is one, else the client address (req.ip,
 * which TRUST_PROXY reads from the load balancer's X-Forwarded-For). One count per caller across
 * all routes: the library's default key adds the route, which multiplied the limit by the routes.
 */
@Injectable()
export class CallerThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const actor = (req as AuthenticatedRequest).actor;
    return actor ? `${actor.role}:${actor.id}` : `ip:${String(req.ip)}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return createHash('sha256').update(`${name}-${tracker}`).digest('hex');
  }

  protected override async shouldSkip(context: ExecutionContext): Promise<boolean> {
    return unthrottled(this.reflector, context);
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

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly reflector: Reflector,
  ) {
    this.limit = config.api.authFailuresPerMinute;
  }

  canActivate(context: ExecutionContext): boolean {
    if (unthrottled(this.reflector, context)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    // The client's address as TRUST_PROXY reads it: behind a load balancer the socket's is the balancer's.
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

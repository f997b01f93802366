import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
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

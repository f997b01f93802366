import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { TokenError, TokenVerifier } from '@mo/auth';
import type { AuthConfig } from '@mo/config';
import type { Role } from '@mo/domain';
import { ApiError, ApiErrorCode } from '../errors/api-error';
import { AUTH_CONFIG } from './auth.module-tokens';
import { PUBLIC_KEY, ROLES_KEY, type AuthenticatedRequest } from './auth.decorators';

/**
 * Global guard: verifies the bearer token and the route's declared roles. A route that declares
 * neither roles nor @Public() is refused, so a forgotten decorator can never open a hole.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly verifier: TokenVerifier;

  constructor(
    private readonly reflector: Reflector,
    @Inject(AUTH_CONFIG) auth: AuthConfig,
  ) {
    this.verifier = new TokenVerifier({
      issuer: auth.issuer,
      audience: auth.audience,
      ...(auth.jwksUrl ? { jwksUrl: auth.jwksUrl } : { secret: auth.jwtSecret?.reveal() ?? '' }),
    });
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets)) return true;
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles || roles.length === 0) {
      throw new ApiError(ApiErrorCode.RouteNotGuarded, 'This route declares no roles and is closed');
    }
    const request = context.switchToHttp().getRequest<Request & AuthenticatedRequest>();
    const header = request.headers.authorization;
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header) : null;
    if (!match) {
      throw new ApiError(ApiErrorCode.Unauthenticated, 'A bearer token is required (Authorization: Bearer <token>)');
    }
    let claims;
    try {
      claims = await this.verifier.verify(match[1]!);
    } catch (err) {
      const detail = err instanceof TokenError ? err.message : 'The token could not be verified';
      throw new ApiError(ApiErrorCode.Unauthenticated, detail);
    }
    if (!roles.includes(claims.role)) {
      throw new ApiError(
        ApiErrorCode.Forbidden,
        `This route is for ${roles.join(', ')}; the token's role is ${claims.role}`,
      );
    }
    request.actor = { role: claims.role, id: claims.sub };
    return true;
  }
}

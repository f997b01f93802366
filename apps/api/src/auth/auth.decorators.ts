import { createParamDecorator, SetMetadata, type ExecutionContext } from '@nestjs/common';
import type { Actor, Role } from '@mo/domain';

export const ROLES_KEY = 'mo:roles';
export const PUBLIC_KEY = 'mo:public';

/** Declares which roles may call a route. Every route needs this or @Public(); the guard fails closed. */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);
/** Marks a route as reachable without a token (health, metrics, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

export interface AuthenticatedRequest {
  actor?: Actor & { role: Role };
}

/** The verified caller, as a domain Actor. */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor & { role: Role } => {
  const actor = ctx.switchToHttp().getRequest<AuthenticatedRequest>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});

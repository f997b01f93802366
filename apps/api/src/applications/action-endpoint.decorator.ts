/**
 * An application action's endpoint from its row of `ACTIONS`: route, status, roles and the OpenAPI
 * every action shares, so an action's controller method is this decorator and one line.
 */
import { applyDecorators, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse } from '@nestjs/swagger';
import { ACTIONS, type ActionName } from '@mo/contracts';
import { Roles } from '../auth/auth.decorators';
import { ApiIdempotent, ApiProblems, ApiUuidParams } from '../common/api-docs';
import { ApplicationView, CommittedApplicationView } from './dto/application-view.dto';

/** An action's path under `v1/applications`. */
export const actionPath = (action: ActionName): string =>
  [':id', ACTIONS[action].route.path.replace(/\{(\w+)\}/g, ':$1')].filter(Boolean).join('/');

/** Every action: done, but not yet readable (its write is late), is 202 with the committed view. */
export const ApiCommitted = (): MethodDecorator =>
  ApiAcceptedResponse({
    type: CommittedApplicationView,
    description: 'Done (committed), but reads do not show it yet; they will once its write lands',
    headers: {
      'Read-Model-Lagging': { description: 'The committed version reads do not show yet', schema: { type: 'integer' } },
    },
  });

/**
 * The endpoint of `action` on `/v1/applications/{id}`: its method and route (a POST answers 200),
 * the roles the domain's RULES allow, a UUID id, Idempotency-Key, and the application view it
 * answers (202 while its write is late). `description` documents the 200 answer.
 */
export function ActionEndpoint(action: ActionName, description?: string): MethodDecorator {
  const { route, roles } = ACTIONS[action];
  const path = actionPath(action);
  // Applied in the order stacked decorators would be (bottom first), so the spec lists the same.
  return applyDecorators(
    ApiOkResponse({ type: ApplicationView, ...(description === undefined ? {} : { description }) }),
    ApiCommitted(),
    ApiProblems(403, 404),
    ApiIdempotent(),
    ApiUuidParams('id'),
    Roles(...roles),
    ...(route.method === 'POST' ? [HttpCode(200), Post(path)] : [Patch(path)]),
  );
}

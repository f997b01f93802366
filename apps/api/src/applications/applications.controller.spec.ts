import { RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ACTION_NAMES, ACTIONS } from '@mo/contracts';
import { ROLES_KEY } from '../auth/auth.decorators';
import { ApplicationsController } from './applications.controller';

interface Route {
  readonly method: string;
  readonly path: string;
  readonly roles: readonly string[];
  readonly status: number | undefined;
}

/** The controller's routes as Nest will serve them. */
function routes(): Route[] {
  const proto = ApplicationsController.prototype as unknown as Record<string, object>;
  return Object.getOwnPropertyNames(proto)
    .filter((name) => name !== 'constructor')
    .map((name) => {
      const handler = proto[name]!;
      return {
        method: RequestMethod[Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod],
        path: Reflect.getMetadata(PATH_METADATA, handler) as string,
        roles: (Reflect.getMetadata(ROLES_KEY, handler) as string[] | undefined) ?? [],
        status: Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined,
      };
    });
}

describe('ApplicationsController and the table of actions', () => {
  it.each(ACTION_NAMES.map((a) => [a]))('%s is served at its route, for its roles', (action) => {
    const { route, roles } = ACTIONS[action];
    // Path parameters are written as OpenAPI spells them ({hitId}), served as Nest's (:hitId).
    const path = route.path === '' ? ':id' : `:id/${route.path.replace(/\{(\w+)\}/g, ':$1')}`;
    const served = routes().filter((r) => r.path === path && r.method === route.method);
    expect(served).toHaveLength(1);
    expect([...served[0]!.roles].sort()).toEqual([...roles].sort());
    // A POST that is done answers 200 with the application, not Nest's default 201.
    expect(served[0]!.status).toBe(route.method === 'POST' ? 200 : undefined);
  });
});

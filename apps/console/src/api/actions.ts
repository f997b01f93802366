/**
 * The allowed actions on an application, called by their `allowedActions` name: the route and
 * method come from the API's one action table (ACTION_ROUTES), never from a path written here.
 */
import { ACTION_ROUTES, type AllowedActionName } from '@contracts/action-routes';
import { api, onApplication, unwrap, type Application } from './client';
import type { paths } from './schema';

export type ActionName = AllowedActionName;
type Route<A extends ActionName> = (typeof ACTION_ROUTES)[A];

/** The action's route as openapi-fetch's paths spell it (a literal type, from the `as const` table). */
export type ActionPath<A extends ActionName> = Route<A>['path'] extends ''
  ? '/v1/applications/{id}'
  : `/v1/applications/{id}/${Route<A>['path']}`;

type At<T, K> = K extends keyof T ? T[K] : never;
type Operation<A extends ActionName> = At<At<paths, ActionPath<A>>, Lowercase<Route<A>['method']>>;

type RequestBody<Op> = Op extends { requestBody?: infer R } ? Exclude<R, undefined> : never;
type Json<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;

/** What the action sends: its JSON body (or nothing, where the body is optional), `void` when it takes none. */
export type ActionBody<A extends ActionName> = [RequestBody<Operation<A>>] extends [never]
  ? void
  : Operation<A> extends { requestBody: unknown }
    ? Json<RequestBody<Operation<A>>>
    : Json<RequestBody<Operation<A>>> | void;

export function actionPath<A extends ActionName>(action: A): ActionPath<A> {
  const { path } = ACTION_ROUTES[action];
  return (path === '' ? '/v1/applications/{id}' : `/v1/applications/{id}/${path}`) as ActionPath<A>;
}

/** openapi-fetch's `request`, seen without its per-path types: `perform` states them in its own signature. */
interface UntypedClient {
  request(
    method: string,
    url: string,
    init: object,
  ): Promise<{ data?: Application; error?: unknown; response: Response }>;
}

/**
 * Does one allowed action on one application (with a fresh Idempotency-Key) and answers the
 * application. `path` fills the route's other parameters (a screening hit's `hitId`).
 */
export async function perform<A extends ActionName>(
  action: A,
  applicationId: string,
  body: ActionBody<A>,
  path: Readonly<Record<string, string>> = {},
): Promise<Application> {
  const base = onApplication(applicationId);
  const init = {
    ...base,
    params: { ...base.params, path: { ...base.params.path, ...path } },
    ...(body === undefined ? {} : { body }),
  };
  const client = api as unknown as UntypedClient;
  return unwrap(await client.request(ACTION_ROUTES[action].method, actionPath(action), init));
}

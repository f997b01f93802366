/**
 * The methods a path takes, from the routes the HTTP router holds: a request the router found no
 * handler for, on a path that exists with other methods, is 405 with `Allow` rather than 404.
 */
import type { Request } from 'express';

interface RouterLayer {
  readonly route?: { readonly methods: Record<string, boolean> };
  match(path: string): unknown;
}

/** The methods of the routes matching the request's path, when none takes its method ([] otherwise). */
export function allowedMethods(request: Request): string[] {
  const stack = (request.app as unknown as { router?: { stack?: RouterLayer[] } } | undefined)?.router?.stack ?? [];
  const methods = new Set<string>();
  for (const layer of stack) {
    if (layer.route === undefined || !layer.match(request.path)) continue;
    for (const [method, on] of Object.entries(layer.route.methods)) {
      if (on && method !== '_all') methods.add(method.toUpperCase());
    }
  }
  if (methods.has('GET')) methods.add('HEAD');
  const asked = request.method.toUpperCase();
  // A handler of this very method answered 404 itself (an unknown id): not a method question.
  if (methods.size === 0 || methods.has(asked)) return [];
  return [...methods].sort();
}

import { Logger } from '@nestjs/common';
import { trace } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import {
  applicationIdIn,
  dependencyOutages,
  httpRequestDuration,
  idempotentReplays,
  rateLimitedRequests,
} from '@mo/observability';

const logger = new Logger('http');

/**
 * The route template a request matched (`/v1/applications/:id/approve`), so labels stay bounded;
 * `unmatched` for anything no route took (404s, scans).
 */
export function routeOf(req: Request): string {
  const path = (req.route as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' ? `${req.baseUrl ?? ''}${path}` : 'unmatched';
}

/**
 * Observes every response from the outside: its duration by route and status, and whether it was an
 * idempotent replay (the Idempotent-Replayed header), a rate-limit refusal (429) or a dependency
 * outage (503); then writes one structured log line (ids, route, status, duration; never a body).
 */
export function observeHttp(req: Request & { id?: string }, res: Response, next: NextFunction): void {
  const started = performance.now();
  // The HTTP server span is active here; the line is written after it may have ended.
  const traceId = trace.getActiveSpan()?.spanContext().traceId;
  res.on('finish', () => {
    const seconds = (performance.now() - started) / 1000;
    const route = routeOf(req);
    const status = res.statusCode;
    httpRequestDuration.observe({ method: req.method, route, status: String(status) }, seconds);
    if (res.getHeader('Idempotent-Replayed') === 'true') idempotentReplays.inc({ route });
    if (status === 429) rateLimitedRequests.inc({ route });
    if (status === 503) dependencyOutages.inc({ route });
    const actor = (req as Request & { actor?: { role: string; id: string } }).actor;
    const applicationId = req.path.startsWith('/v1/applications/') ? applicationIdIn(req.path) : undefined;
    logger.log({
      msg: 'request',
      requestId: req.id,
      ...(traceId ? { traceId } : {}),
      ...(applicationId ? { applicationId } : {}),
      method: req.method,
      route,
      status,
      durationMs: Math.round(seconds * 1000),
      ...(actor ? { actor: `${actor.role}:${actor.id}` } : {}),
    });
  });
  next();
}

/**
 * Serves the built console (a single-page app) at `/`: its files, and index.html for any other
 * GET a browser makes outside the API's own paths, so a reload of /applications/… keeps its place.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { AppConfig } from '@mo/config';
import { projectRoot } from '@mo/temporal';

/** Paths the API answers itself; everything else a browser asks for is the console's. */
const API_PATHS = /^\/(v1|docs|openapi\.json|metrics|health|codec)(\/|$)/;

export function consoleDir(config: AppConfig): string {
  return config.api.console.dir ?? join(projectRoot(), 'dist', 'console');
}

/** The console's Content-Security-Policy: its own scripts only, the identity provider for sign-in. */
export function consolePolicy(config: AppConfig): string {
  const issuer = config.api.console.oidc ? new URL(config.api.console.oidc.issuer).origin : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Charts and the document viewer set style attributes.
    "style-src 'self' 'unsafe-inline'",
    // Documents are fetched with the bearer token and shown from blob: URLs.
    "img-src 'self' blob: data:",
    "frame-src 'self' blob:",
    "object-src 'self' blob:",
    `connect-src 'self'${issuer ? ` ${issuer}` : ''}`,
    `form-action 'self'${issuer ? ` ${issuer}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join('; ');
}

/** Returns whether a console was found to serve. */
export function serveConsole(app: NestExpressApplication, config: AppConfig): boolean {
  const dir = consoleDir(config);
  const indexFile = join(dir, 'index.html');
  if (!existsSync(indexFile)) return false;
  const index = readFileSync(indexFile);
  const policy = consolePolicy(config);
  const html = (res: Response): void => {
    res.setHeader('Content-Security-Policy', policy);
    res.setHeader('Referrer-Policy', 'no-referrer');
    // The shell must be fresh after a deploy; the hashed assets it names are immutable.
    res.setHeader('Cache-Control', 'no-cache');
    res.type('html').send(index);
  };
  app.useStaticAssets(join(dir, 'assets'), { prefix: '/assets', immutable: true, maxAge: '365d', index: false });
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path)) return next();
    if (req.path.startsWith('/assets/')) return next();
    // A browser navigating says so; API clients (curl's */* included) keep their 404 problem documents.
    if (!(req.headers.accept ?? '').includes('text/html')) return next();
    html(res);
  });
  return true;
}

import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

const logger = new Logger('http');

const VALID = /^[A-Za-z0-9._:-]{1,128}$/;

/** Every response carries X-Request-Id: the caller's, when well-formed, or a new one. */
export function requestId(req: Request & { id?: string }, res: Response, next: NextFunction): void {
  const incoming = req.header('x-request-id');
  const id = incoming !== undefined && VALID.test(incoming) ? incoming : randomUUID();
  req.id = id;
  res.setHeader('X-Request-Id', id);
  const started = performance.now();
  // One line per request with its id; bodies and headers are never logged (they carry PII and tokens).
  res.on('finish', () => {
    const actor = (req as Request & { actor?: { role: string; id: string } }).actor;
    logger.log(
      `requestId=${id} ${req.method} ${req.path} ${res.statusCode} ${Math.round(performance.now() - started)}ms${actor ? ` ${actor.role}:${actor.id}` : ''}`,
    );
  });
  next();
}

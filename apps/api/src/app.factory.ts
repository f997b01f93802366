/** Builds the configured HTTP application; shared by main.ts, the e2e tests and the OpenAPI export. */
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '@mo/config';
import { nestLogger } from '@mo/observability';
import { AppModule } from './app.module';
import { requestId } from './common/request-id.middleware';
import { JSON_BODY_LIMIT, parseJsonBody, refusePrototypeKeys, requireJsonOrUpload } from './common/request-body';
import { refuseUnstorableText } from './common/storable-text';
import { observeHttp } from './metrics/http-observer.middleware';
import { validationPipe } from './common/validation';
import { createApiDocument } from './common/validation-docs';
import { ProblemDetailsFilter } from './errors/problem-details.filter';
import { serveConsole } from './console/console-static';

export async function createApiApp(): Promise<{ app: INestApplication; openapi: OpenAPIObject }> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.register(), {
    logger: nestLogger('api', config),
    // The parsers are ours, below: JSON only, depth-checked.
    bodyParser: false,
  });
  // Request ids must exist before anything can fail, including unknown routes.
  app.use(requestId);
  app.use(observeHttp);
  // No response (a document above all) may be sniffed into another type by a browser.
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    next();
  });
  app.use(requireJsonOrUpload);
  app.useBodyParser('raw', { type: 'application/json', limit: JSON_BODY_LIMIT });
  app.use(parseJsonBody);
  app.use(refusePrototypeKeys);
  app.use(refuseUnstorableText);
  const express = app.getHttpAdapter().getInstance() as {
    disable(setting: string): void;
    set(setting: string, value: unknown): void;
  };
  express.disable('x-powered-by');
  // Behind a load balancer every request comes from its address: the rate limits and the
  // failed-authentication lockout count per client only if req.ip is read from the trusted hops.
  const { trustProxy } = config.api;
  express.set('trust proxy', typeof trustProxy === 'object' ? [...trustProxy] : trustProxy);
  // The Temporal UI calls the codec endpoint from the browser.
  app.enableCors({
    origin: [...config.api.corsOrigins],
    methods: ['POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'X-Namespace'],
  });
  app.useGlobalPipes(validationPipe());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.enableShutdownHooks();
  serveConsole(app, config);
  const openapi = buildOpenApi(app);
  SwaggerModule.setup('docs', app, openapi, { jsonDocumentUrl: 'openapi.json', raw: ['json'] });
  return { app, openapi };
}

export function buildOpenApi(app: INestApplication): OpenAPIObject {
  const document = new DocumentBuilder()
    .setTitle('Merchant onboarding API')
    .setDescription(
      'Merchants apply for a wallet, reviewers decide, admins oversee. Every action is an update of the ' +
        "application's durable workflow and lands in its event timeline. Errors are RFC 9457 problem documents. " +
        'No string may contain U+0000 or an unpaired UTF-16 surrogate (PostgreSQL cannot store them: 400). ' +
        'Formats beyond JSON Schema (uscc, resident-id, id-number, cursor) are described on their fields.',
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  return createApiDocument(app, document);
}

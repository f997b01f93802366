/**
 * Boots the real API (HTTP) and a real worker (Nest context hosting a Temporal Worker) in this test
 * process, against the Temporal and PostgreSQL servers of the global setup.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, INestApplicationContext } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { App } from 'supertest/types';
import { signAccessToken } from '@mo/auth';
import { DEV_JWT_SECRET_PREFIX } from '@mo/config';
import type { Role } from '@mo/domain';
import { createApiApp } from '../../apps/api/src/app.factory';
import { TemporalWorkerService } from '../../apps/worker/src/temporal-worker.service';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { databaseUrl } from './database';
import { TEMPORAL_CLIENT } from '@mo/temporal';
import { temporalAddress, uniqueTaskQueue } from './temporal';

/** Marked as generated, like the secret `npm start` makes, so development sign-in works with it. */
export const TEST_JWT_SECRET = `${DEV_JWT_SECRET_PREFIX}test-secret-that-is-long-enough-for-hs256-signing`;

export interface Stack {
  readonly http: App;
  readonly app: INestApplication;
  /** A Temporal client on the same server, for assertions about workflows themselves. */
  readonly temporal: Client;
  readonly openapi: OpenAPIObject;
  readonly taskQueue: string;
  token(role: Role, sub: string): Promise<string>;
  stop(): Promise<void>;
}

const POLICY_VARIABLES = [
  'RESUBMISSION_WINDOW_DAYS',
  'RESUBMISSION_REMINDER_DAYS',
  'REVIEW_SLA_HOURS',
  'MICRO_DEPOSIT_DAYS',
  'AGREEMENT_DAYS',
  'DRAFT_INACTIVITY_DAYS',
  'CLAIM_IDLE_MINUTES',
];

/** `env` sets configuration for this stack only (e.g. a policy a test wants to exercise). */
export async function startStack(
  name: string,
  env: Record<string, string> = {},
  options: { readonly inProcessWorker?: boolean } = {},
): Promise<Stack> {
  const taskQueue = uniqueTaskQueue(name);
  for (const variable of POLICY_VARIABLES) delete process.env[variable];
  Object.assign(process.env, {
    DOCUMENT_STORE_DIR: mkdtempSync(join(tmpdir(), 'mo-test-docs-')),
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: databaseUrl(),
    TEMPORAL_ADDRESS: temporalAddress(),
    TEMPORAL_TASK_QUEUE: taskQueue,
    AUTH_JWT_SECRET: TEST_JWT_SECRET,
    // The console's development sign-in, where the configuration allows it (not in production, not with a JWKS).
    DEV_SIGN_IN: env.NODE_ENV === 'production' || env.AUTH_JWKS_URL ? '' : 'true',
    // Tests poll hard; the limit itself is tested with a low value of its own.
    RATE_LIMIT_PER_MINUTE: '1000000',
    AUTH_FAILURES_PER_MINUTE: '1000000',
    // Encrypted payloads, with a retired key still configured for decryption (rotation).
    TEMPORAL_CODEC_KEYS: `current:${Buffer.alloc(32, 7).toString('base64')},retired:${Buffer.alloc(32, 3).toString('base64')}`,
    TEMPORAL_CODEC_ACTIVE_KEY: 'current',
    ...env,
  });
  // A test may run its workers as separate processes instead (to kill them).
  const workerContext: INestApplicationContext | undefined =
    options.inProcessWorker === false
      ? undefined
      : await NestFactory.createApplicationContext(WorkerModule, { logger: ['error', 'warn'] });
  const worker = workerContext?.get(TemporalWorkerService);
  const running = worker?.run();
  const { app, openapi } = await createApiApp();
  await app.init();
  return {
    http: app.getHttpServer() as App,
    app,
    openapi,
    temporal: app.get<Client>(TEMPORAL_CLIENT),
    taskQueue,
    token: (role, sub) =>
      signAccessToken(
        { role, sub },
        { secret: TEST_JWT_SECRET, issuer: 'merchant-onboarding', audience: 'merchant-onboarding-api' },
      ),
    stop: async () => {
      await app.close();
      worker?.shutdown();
      await running;
      await workerContext?.close();
    },
  };
}

/**
 * The rate limit holds across API instances: counters live in PostgreSQL, so a caller who spreads
 * its requests over two API processes is limited once, not once per process.
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import type { App } from 'supertest/types';
import { createApiApp } from '../../apps/api/src/app.factory';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let second: INestApplication;

beforeAll(async () => {
  stack = await startStack('rate-limit-shared', { RATE_LIMIT_PER_MINUTE: '6' });
  second = (await createApiApp()).app;
  await second.init();
});
afterAll(async () => {
  await second?.close();
  await stack?.stop();
});

it('a caller alternating between two API instances gets the limit once in total', async () => {
  const instances = [stack.http, second.getHttpServer() as App];
  const carol = { Authorization: `Bearer ${await stack.token('reviewer', `carol-shared-${Date.now()}`)}` };
  // Windows are fixed minutes: start well inside one.
  const toBoundary = 60_000 - (Date.now() % 60_000);
  if (toBoundary < 5_000) await new Promise((r) => setTimeout(r, toBoundary + 200));
  const statuses: number[] = [];
  for (let i = 0; i < 8; i++)
    statuses.push(
      (
        await request(instances[i % 2]!)
          .get('/v1/review/queue')
          .set(carol)
      ).status,
    );
  // Six allowed in the window across both instances (each alone would have allowed six: twelve).
  expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 429, 429]);
});

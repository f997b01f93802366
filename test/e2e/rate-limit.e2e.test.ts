/**
 * Rate limiting per caller: a 6th request within the minute answers 429 with Retry-After; and per
 * client address for failed authentications, before any token is verified.
 */
import request from 'supertest';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;

beforeAll(async () => {
  stack = await startStack('rate-limit', { RATE_LIMIT_PER_MINUTE: '5', AUTH_FAILURES_PER_MINUTE: '5' });
});
afterAll(() => stack.stop());

describe('rate limit', () => {
  it('limits each caller separately and says when to come back', async () => {
    const alice = { Authorization: `Bearer ${await stack.token('reviewer', 'alice-rl')}` };
    const bob = { Authorization: `Bearer ${await stack.token('reviewer', 'bob-rl')}` };
    // The limit counts in fixed one-minute windows: start well inside one.
    const toBoundary = 60_000 - (Date.now() % 60_000);
    if (toBoundary < 5_000) await new Promise((r) => setTimeout(r, toBoundary + 200));
    for (let i = 0; i < 5; i++) await request(stack.http).get('/v1/review/queue').set(alice).expect(200);
    const limited = await request(stack.http).get('/v1/review/queue').set(alice);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await request(stack.http).get('/v1/review/queue').set(bob).expect(200);
  });

  // Last: it leaves this test's address blocked for the rest of the minute.
  it('limits a flood of bad tokens from one address before verifying them', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await request(stack.http).get('/v1/review/queue').set('Authorization', `Bearer forged.token.${i}`);
      statuses.push(res.status);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    // From that address even a valid token is refused until the window passes: it is not verified.
    const blocked = await request(stack.http)
      .get('/v1/review/queue')
      .set('Authorization', `Bearer ${await stack.token('reviewer', 'carol-rl')}`);
    expect(blocked.body).toMatchObject({ status: 429, code: 'RATE_LIMITED' });
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });
});

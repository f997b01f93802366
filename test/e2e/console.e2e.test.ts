/**
 * The console's side of the API: it is served at `/` (the built single-page app, with a strict
 * Content-Security-Policy) without taking over the API's own answers; its settings; and the
 * development sign-in, which exists only when asked for with the generated secret, never in production.
 */
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { startStack, type Stack } from '../support/stack';

describe('the console in development', () => {
  let stack: Stack;
  beforeAll(async () => {
    stack = await startStack('console');
  });
  afterAll(() => stack.stop());

  it('serves the app at / and at any page a browser reloads, with a strict policy', async () => {
    for (const path of ['/', '/queue', '/applications/8f0c1b7e-2c1a-4a40-9a57-8d1f1d2b3c4d']) {
      const res = await request(stack.http).get(path).set('Accept', 'text/html,application/xhtml+xml');
      expect({ path, status: res.status, type: res.type }).toEqual({ path, status: 200, type: 'text/html' });
      expect(res.text).toContain('<div id="root">');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-cache');
    }
    const asset = /src="(\/assets\/[^"]+\.js)"/.exec(
      (await request(stack.http).get('/').set('Accept', 'text/html')).text,
    )![1]!;
    const script = await request(stack.http).get(asset);
    expect(script.status).toBe(200);
    expect(script.headers['cache-control']).toContain('immutable');
  });

  it('leaves API clients their problem documents: unknown routes and API paths are never the app', async () => {
    const api = await request(stack.http).get('/v1/nothing-here').set('Accept', 'text/html');
    expect({ status: api.status, code: api.body.code }).toEqual({ status: 404, code: 'ROUTE_NOT_FOUND' });
    const curl = await request(stack.http).get('/nothing-here').set('Accept', '*/*');
    expect({ status: curl.status, code: curl.body.code }).toEqual({ status: 404, code: 'ROUTE_NOT_FOUND' });
  });

  it('tells the console how people sign in', async () => {
    const res = await request(stack.http).get('/v1/console/settings').expect(200);
    expect(res.body).toEqual({ oidc: null, devSignIn: true });
  });

  it('signs a developer in as any role, with a token the API accepts', async () => {
    const res = await request(stack.http)
      .post('/v1/dev/sign-in')
      .send({ role: 'reviewer', subject: 'carol' })
      .expect(200);
    expect(res.body).toMatchObject({ role: 'reviewer', subject: 'carol' });
    await request(stack.http).get('/v1/review/queue').set('Authorization', `Bearer ${res.body.token}`).expect(200);
    const bad = await request(stack.http).post('/v1/dev/sign-in').send({ role: 'root', subject: 'Eve Smith' });
    expect({ status: bad.status, code: bad.body.code }).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(bad.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['role', 'subject']);
  });
});

describe('the console in production', () => {
  let stack: Stack;
  let url: string;
  beforeAll(async () => {
    stack = await startStack('console-production', { NODE_ENV: 'production' });
    await stack.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(stack.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => stack.stop());

  // Plain fetch: in production the route is not in the API at all, so no operation of the spec answers.
  it('has no development sign-in: the route does not exist', async () => {
    const res = await fetch(`${url}/v1/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'admin', subject: 'mallory' }),
    });
    expect(res.status).toBe(404);
    expect(((await res.json()) as { code: string }).code).toBe('ROUTE_NOT_FOUND');
    const settings = await fetch(`${url}/v1/console/settings`);
    expect(await settings.json()).toEqual({ oidc: null, devSignIn: false });
  });
});

// A deployment that sets its own secret and forgets NODE_ENV: before, it served a sign-in that
// minted admin tokens with the operator's secret.
describe('a deployment with its own secret and no NODE_ENV', () => {
  let stack: Stack;
  let url: string;
  beforeAll(async () => {
    stack = await startStack('console-no-node-env', {
      NODE_ENV: '',
      DEV_SIGN_IN: '',
      AUTH_JWT_SECRET: 'an-operator-chose-this-secret-of-48-characters!!',
    });
    await stack.app.listen(0, '127.0.0.1');
    url = `http://127.0.0.1:${(stack.app.getHttpServer().address() as AddressInfo).port}`;
  });
  afterAll(() => stack.stop());

  it('has no development sign-in', async () => {
    const res = await fetch(`${url}/v1/dev/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'admin', subject: 'mallory' }),
    });
    expect(res.status).toBe(404);
    const settings = await fetch(`${url}/v1/console/settings`);
    expect(await settings.json()).toEqual({ oidc: null, devSignIn: false });
  });
});

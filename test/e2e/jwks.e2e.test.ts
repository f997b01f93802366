/** Production token verification: RS256 tokens checked against the identity provider's JWKS URL. */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import request from 'supertest';
import { startStack, type Stack } from '../support/stack';

let stack: Stack;
let jwks: Server;
let privateKey: CryptoKey;
let otherKey: CryptoKey;

async function token(key: CryptoKey, kid: string, role = 'reviewer'): Promise<string> {
  return new SignJWT({ role })
    .setProtectedHeader({ alg: 'RS256', kid })
    .setSubject('idp-user-1')
    .setIssuer('merchant-onboarding')
    .setAudience('merchant-onboarding-api')
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key);
}

beforeAll(async () => {
  const pair = await generateKeyPair('RS256');
  privateKey = pair.privateKey;
  otherKey = (await generateKeyPair('RS256')).privateKey;
  const jwk = { ...(await exportJWK(pair.publicKey)), kid: 'idp-key-1', alg: 'RS256', use: 'sig' };
  jwks = createServer((_, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] })),
  );
  await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
  const { port } = jwks.address() as AddressInfo;
  stack = await startStack('jwks', { AUTH_JWKS_URL: `http://127.0.0.1:${port}/.well-known/jwks.json` });
});
afterAll(async () => {
  await stack?.stop();
  await new Promise((resolve) => jwks.close(resolve));
});

describe('JWKS verification', () => {
  it('accepts a token signed by the identity provider and refuses anything else', async () => {
    await request(stack.http)
      .get('/v1/review/queue')
      .set('Authorization', `Bearer ${await token(privateKey, 'idp-key-1')}`)
      .expect(200);
    const forged = await request(stack.http)
      .get('/v1/review/queue')
      .set('Authorization', `Bearer ${await token(otherKey, 'idp-key-1')}`);
    expect({ status: forged.status, code: forged.body.code }).toEqual({ status: 401, code: 'UNAUTHENTICATED' });
    // The development HS256 secret means nothing once a JWKS is configured.
    const hs256 = await request(stack.http)
      .get('/v1/review/queue')
      .set('Authorization', `Bearer ${await stack.token('reviewer', 'x')}`);
    expect(hs256.status).toBe(401);
  });
});

/**
 * A real OpenID Connect provider (oidc-provider, ESM only) for the browser tests, run as a child
 * process: `node oidc-provider.mjs '<json>'` with {port, consoleUrl, clientId, audience, roles}.
 *
 * One public client (the console: authorization code, PKCE required, no client secret), CORS for
 * the console's origin only, and access tokens that are RS256 JWTs for the API (resource
 * indicators: audience `audience`) carrying a `role` claim from `roles` (login → role; a login
 * not in the map gets no role). Sign-in and consent are the provider's development pages: any
 * login, any password. Prints {"issuer": …} on stdout once listening; SIGTERM stops it.
 */
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider, { errors } from 'oidc-provider';

const { port, consoleUrl, clientId, audience, roles } = JSON.parse(process.argv[2] ?? '{}');
const issuer = `http://127.0.0.1:${port}`;
const consoleOrigin = new URL(consoleUrl).origin;
/** The API, as a resource indicator (an absolute URI); its tokens' `aud` is `audience`. */
const API_RESOURCE = 'urn:merchant-onboarding:api';

// A fresh signing key per run: the API can only trust it through the provider's JWKS.
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: `test-${randomBytes(4).toString('hex')}`,
  use: 'sig',
  alg: 'RS256',
};

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: clientId,
      token_endpoint_auth_method: 'none',
      grant_types: ['authorization_code'],
      response_types: ['code'],
      redirect_uris: [`${consoleUrl}/auth/callback`],
      post_logout_redirect_uris: [`${consoleUrl}/sign-in`],
    },
  ],
  jwks: { keys: [signingKey] },
  cookies: { keys: [randomBytes(32).toString('base64url')] },
  pkce: { required: () => true },
  clientBasedCORS: (_ctx, origin, client) => client.clientId === clientId && origin === consoleOrigin,
  findAccount: (_ctx, sub) => ({ accountId: sub, claims: () => ({ sub }) }),
  extraTokenClaims: (_ctx, token) =>
    token.kind === 'AccessToken' && Object.hasOwn(roles, token.accountId)
      ? { role: roles[token.accountId] }
      : undefined,
  ttl: {
    AccessToken: 600,
    AuthorizationCode: 60,
    IdToken: 600,
    Grant: 3600,
    Interaction: 600,
    Session: 3600,
  },
  features: {
    devInteractions: { enabled: true },
    resourceIndicators: {
      enabled: true,
      // The console asks for no resource: its tokens are for the API.
      defaultResource: () => API_RESOURCE,
      // An `openid` request would otherwise get an access token for userinfo only (opaque).
      useGrantedResource: () => true,
      getResourceServerInfo: (_ctx, resource) => {
        if (resource !== API_RESOURCE) throw new errors.InvalidTarget();
        return { scope: 'api', audience, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
});

const server = provider.listen(port, '127.0.0.1', () => process.stdout.write(`${JSON.stringify({ issuer })}\n`));
server.on('error', (err) => {
  process.stderr.write(`${err.stack ?? err}\n`);
  process.exit(1);
});
process.once('SIGTERM', () => {
  server.close();
  server.closeAllConnections();
  process.exit(0);
});

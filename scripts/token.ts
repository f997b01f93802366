/**
 * Mints a development bearer token: npm run token -- --role reviewer --sub alice
 * Signed with AUTH_JWT_SECRET or the secret `npm start` generated under .data/.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { signAccessToken } from '@mo/auth';
import { loadAuthConfig } from '@mo/config';
import { devJwtSecret } from '@mo/dev-infra';
import { ROLES, type Role } from '@mo/domain';
import { projectRoot } from '@mo/temporal';

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      role: { type: 'string' },
      sub: { type: 'string' },
      ttl: { type: 'string', default: '12h' },
    },
  });
  const role = values.role as Role | undefined;
  if (role === undefined || !ROLES.includes(role) || !values.sub) {
    process.stderr.write(`usage: npm run token -- --role <${ROLES.join('|')}> --sub <id> [--ttl 12h]\n`);
    process.exit(2);
  }
  const secret = devJwtSecret(process.env.DATA_DIR ?? join(projectRoot(), '.data'));
  // The same reader the API verifies with, so the token always matches what it expects.
  const { issuer, audience } = loadAuthConfig({ ...process.env, AUTH_JWT_SECRET: secret });
  const token = await signAccessToken({ role, sub: values.sub }, { secret, issuer, audience }, values.ttl);
  process.stdout.write(`${token}\n`);
}

void main();

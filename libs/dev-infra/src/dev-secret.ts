import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { DEV_JWT_SECRET_PREFIX, isGeneratedDevJwtSecret } from '@mo/config';

/**
 * The local HS256 secret for development tokens: AUTH_JWT_SECRET, or one generated once under
 * .data/ and marked as generated (the only kind development sign-in accepts). A file from before
 * the mark is replaced: tokens signed with it stop working, development ones only.
 */
export function devJwtSecret(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  if (env.AUTH_JWT_SECRET) return env.AUTH_JWT_SECRET;
  const file = join(dataDir, 'dev-jwt-secret');
  if (!existsSync(file) || !isGeneratedDevJwtSecret(readFileSync(file, 'utf8').trim())) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, `${DEV_JWT_SECRET_PREFIX}${randomBytes(48).toString('base64url')}`, { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

/** A local payload-encryption key for development (`dev:<base64 32 bytes>`), kept under .data/. */
export function devCodecKeys(dataDir: string): string {
  const file = join(dataDir, 'dev-codec-key');
  if (!existsSync(file)) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return `dev:${readFileSync(file, 'utf8').trim()}`;
}

/**
 * A real OpenID Connect provider (oidc-provider-backed, see oidc-provider.mjs) in a child process:
 * oidc-provider is ESM only, which Jest's CommonJS runtime cannot load.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { exited } from './processes';

export interface IdentityProviderOptions {
  readonly port: number;
  /** The console's origin: its /auth/callback is the client's only redirect URI. */
  readonly consoleUrl: string;
  readonly clientId: string;
  /** The `aud` of access tokens (the API's AUTH_JWT_AUDIENCE). */
  readonly audience: string;
  /** login → role claim; other logins get tokens without a role. */
  readonly roles: Record<string, string>;
}

export interface IdentityProvider {
  readonly issuer: string;
  stop(): Promise<void>;
}

export async function startIdentityProvider(options: IdentityProviderOptions): Promise<IdentityProvider> {
  const child: ChildProcess = spawn(process.execPath, [join(__dirname, 'oidc-provider.mjs'), JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Its warnings (development keys, devInteractions) are expected; shown only if it fails to start.
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const issuer = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('{'));
      if (line && stdout.includes('\n')) resolve((JSON.parse(line) as { issuer: string }).issuer);
    });
    child.once('exit', (code) => reject(new Error(`the OIDC provider did not start (exit ${code}): ${stderr}`)));
  });
  return {
    issuer,
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

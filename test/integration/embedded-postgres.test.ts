/**
 * A clone in a private folder (mktemp -d, anything under /root) still gets its PostgreSQL: as root,
 * PostgreSQL runs as the postgres user, which cannot reach node_modules there, so the binaries run
 * from a copy in a cache that user can read. Runs the compiled dev-infra (npm test builds it) from
 * a 0700 folder holding a hard-linked copy of node_modules, as `cp -al` after a clone would.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { COMPILED, freePort, requireCompiled } from '../support/processes';

const ROOT = join(__dirname, '..', '..');
let privateDir: string;
let cacheDir: string;

beforeAll(() => {
  requireCompiled();
  privateDir = mkdtempSync(join(tmpdir(), 'mo-private-clone-'));
  // A folder the cache code has to make (and open) itself, as /var/cache/merchant-onboarding would be.
  cacheDir = join(tmpdir(), `mo-pg-cache-test-${randomUUID()}`);
  const repo = join(privateDir, 'repo');
  mkdirSync(repo);
  cpSync(join(COMPILED.devInfra, '..'), join(repo, 'dist', 'libs', 'dev-infra', 'src'), { recursive: true });
  execFileSync('cp', ['-al', join(ROOT, 'node_modules'), join(repo, 'node_modules')]);
}, 120_000);
afterAll(() => {
  rmSync(privateDir, { recursive: true, force: true });
  rmSync(cacheDir, { recursive: true, force: true });
});

/** Starts PostgreSQL from the private clone, runs a query, stops it; resolves with what it printed. */
async function runFromPrivateClone(): Promise<{ code: number | null; output: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mo-private-pg-'));
  const script = `
    const { startEmbeddedPostgres } = require('./dist/libs/dev-infra/src/embedded-postgres.js');
    const { Client } = require('pg');
    (async () => {
      const pg = await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: ${await freePort()},
        database: 'private_clone', persistent: false, log: (l) => console.log(l) });
      const client = new Client({ connectionString: pg.url });
      await client.connect();
      console.log('answer', (await client.query('SELECT 6 * 7 AS n')).rows[0].n);
      await client.end();
      await pg.stop();
    })().catch((e) => { console.log('failed', String(e)); process.exit(1); });`;
  const child = spawn(process.execPath, ['-e', script], {
    cwd: join(privateDir, 'repo'),
    env: { ...process.env, EMBEDDED_POSTGRES_CACHE_DIR: cacheDir },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { code, output };
}

describe('embedded PostgreSQL from a private folder', () => {
  it('starts from a 0700 clone, and reuses the cached binaries the next time', async () => {
    expect(statSync(privateDir).mode & 0o777).toBe(0o700);
    const first = await runFromPrivateClone();
    expect(first).toEqual({ code: 0, output: expect.stringMatching(/answer 42/) });
    if (userInfo().uid === 0) {
      // Root: the copy the postgres user runs, with a manifest that pins its version and files.
      expect(first.output).toMatch(/copying PostgreSQL/);
      const [copy] = execFileSync('ls', [cacheDir], { encoding: 'utf8' }).trim().split('\n');
      const manifest = JSON.parse(readFileSync(join(cacheDir, copy!, '.manifest.json'), 'utf8')) as {
        version: string;
        files: Record<string, number>;
      };
      expect(manifest.files['bin/postgres']).toBeGreaterThan(0);
      expect(statSync(cacheDir).mode & 0o005).toBe(0o005);
    } else {
      // Anyone else runs PostgreSQL as themselves, straight from node_modules.
      expect(existsSync(cacheDir)).toBe(false);
    }
    const second = await runFromPrivateClone();
    expect(second).toEqual({ code: 0, output: expect.stringMatching(/answer 42/) });
    expect(second.output).not.toMatch(/copying PostgreSQL/);
  }, 120_000);
});

/**
 * The console's typed client is generated from the committed openapi.json (npm run
 * console:client). Regenerated here, it must equal the checked-in file, so the console cannot
 * drift from the API (and openapi.json itself is held to the API's answers by the e2e suite).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..', '..');

it('the console client is generated from the current openapi.json', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'mo-client-')), 'schema.d.ts');
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js'), join(root, 'openapi.json'), '-o', out],
    { stdio: 'pipe' },
  );
  const committedPath = join(root, 'apps', 'console', 'src', 'api', 'schema.d.ts');
  // Formatted as `npm run console:client` does (prettier's CLI: its API needs ESM in Jest).
  const generated = execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'prettier', 'bin', 'prettier.cjs'), '--stdin-filepath', committedPath],
    { input: readFileSync(out, 'utf8'), encoding: 'utf8' },
  );
  expect(generated === readFileSync(committedPath, 'utf8')).toBe(true);
}, 30_000);

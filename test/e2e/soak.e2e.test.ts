/**
 * The short version of `npm run soak`: the compiled soak runs for a few seconds against the test
 * servers (mixed journeys through the API to every ending) and must pass its own checks: no 5xx,
 * no stuck application, no drift, one wallet per active application.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseUrl } from '../support/database';
import { requireCompiled } from '../support/processes';
import { temporalAddress } from '../support/temporal';

const SOAK = join(__dirname, '..', '..', 'dist', 'scripts', 'soak.js');

it('a 15-second soak: every journey ends as it should, zero 5xx, zero drift', async () => {
  requireCompiled();
  const out = join(mkdtempSync(join(tmpdir(), 'mo-soak-')), 'soak.json');
  const child = spawn(process.execPath, [SOAK], {
    env: {
      ...process.env,
      SOAK_DURATION_S: '15',
      SOAK_CLIENTS: '3',
      SOAK_OUT: out,
      TEMPORAL_ADDRESS: temporalAddress(),
      DATABASE_URL: databaseUrl(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`soak exited ${code}:\n${output}`);

  const result = JSON.parse(readFileSync(out, 'utf8'));
  expect(result).toMatchObject({ serverErrors: 0, stuck: [], drift: [], walletsPerActiveApplication: 1 });
  expect(result.journeys.failed).toBe(0);
  for (const journey of ['approved', 'resubmitted', 'rejected', 'expired', 'withdrawn']) {
    expect(result.journeys.byJourney[journey].ended).toBeGreaterThan(0);
  }
  expect(result.requests).toBeGreaterThan(50);
  expect(result.memory.samples.length).toBeGreaterThan(3);
}, 120_000);

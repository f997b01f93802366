/**
 * Replays every history recorded from real runs (test/histories/*.json) against the current
 * workflow code: a change that would break a running application fails here, before it ships.
 * Record new ones with: RECORD_HISTORIES=1 npx jest --selectProjects workflow
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { workflowTracingSinks } from '@mo/observability';
import { sourceWorkflowBundle } from '../support/temporal';

const dir = join(__dirname, '..', 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));

describe('replay of recorded histories', () => {
  it('has recorded histories to replay', () => {
    expect(files.length).toBeGreaterThanOrEqual(3);
  });

  it.each(files)('%s replays deterministically', async (file) => {
    const history = JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown;
    await expect(
      Worker.runReplayHistory(
        { workflowBundle: await sourceWorkflowBundle(), sinks: workflowTracingSinks() },
        history,
        file.replace(/\.json$/, ''),
      ),
    ).resolves.toBeUndefined();
  });
});

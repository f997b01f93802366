/** Builds the workflow bundle the worker loads in production (dist/workflow-bundle.js). */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { projectRoot, workflowBundleOptions } from '@mo/temporal';

async function main(): Promise<void> {
  const root = projectRoot();
  const started = Date.now();
  const { code } = await bundleWorkflowCode(workflowBundleOptions(root));
  const out = join(root, 'dist', 'workflow-bundle.js');
  writeFileSync(out, code);
  process.stdout.write(`workflow bundle: ${out} (${Math.round(code.length / 1024)} KiB, ${Date.now() - started} ms)\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`workflow bundle build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

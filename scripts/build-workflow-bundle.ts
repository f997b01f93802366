/**
 * Builds the workflow bundles the compiled worker loads: dist/workflow-bundle.js, and
 * dist/workflow-bundle-traced.js (with the OpenTelemetry interceptors) for when tracing is on.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { projectRoot, WORKFLOW_BUNDLE_FILES, workflowBundleOptions } from '@mo/temporal';

async function main(): Promise<void> {
  const root = projectRoot();
  for (const tracing of [false, true]) {
    const started = Date.now();
    const { code } = await bundleWorkflowCode(workflowBundleOptions(root, { tracing }));
    const out = join(root, 'dist', tracing ? WORKFLOW_BUNDLE_FILES.traced : WORKFLOW_BUNDLE_FILES.plain);
    writeFileSync(out, code);
    process.stdout.write(
      `workflow bundle: ${out} (${Math.round(code.length / 1024)} KiB, ${Date.now() - started} ms)\n`,
    );
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`workflow bundle build failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

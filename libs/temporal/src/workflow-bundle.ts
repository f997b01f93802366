/**
 * How the workflow bundle is built: from `workflows/` with the `@mo/*` path aliases resolved, and
 * with Node builtins and server-side packages refused, so non-deterministic code cannot slip in.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BundleOptions } from '@temporalio/worker';
import { WORKFLOW_TRACING_MODULE } from '@mo/observability';

/** The prebuilt bundles in dist/, without and with the tracing interceptors. */
export const WORKFLOW_BUNDLE_FILES = { plain: 'workflow-bundle.js', traced: 'workflow-bundle-traced.js' } as const;

const FORBIDDEN_IN_WORKFLOWS = [
  '@nestjs/core',
  '@nestjs/common',
  'typeorm',
  'pg',
  '@temporalio/client',
  '@temporalio/activity',
];

function aliasesFromTsconfig(root: string): Record<string, string> {
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  return Object.fromEntries(
    Object.entries(tsconfig.compilerOptions.paths).map(([alias, [target]]) => [alias, join(root, target!)]),
  );
}

/**
 * `tracing` adds the OpenTelemetry workflow interceptors. They cost about 3 MB of worker memory per
 * cached workflow (measured: 300 open applications, worker RSS 1,316 MB with them, 488 MB without),
 * so the worker loads the traced bundle only when tracing is on. They add no commands, so a history
 * replays the same with either bundle.
 */
export function workflowBundleOptions(root: string, { tracing }: { readonly tracing: boolean }): BundleOptions {
  return {
    workflowsPath: join(root, 'workflows', 'index.ts'),
    // Workflow failures (update rejections quote domain messages) are encoded, hence encrypted.
    failureConverterPath: join(root, 'libs', 'temporal', 'src', 'failure-converter.ts'),
    // OpenTelemetry spans for workflow runs, updates and activity starts (exported through a sink).
    workflowInterceptorModules: tracing ? [WORKFLOW_TRACING_MODULE] : [],
    ignoreModules: [],
    webpackConfigHook: (config) => {
      const resolve = config.resolve ?? {};
      return {
        ...config,
        resolve: {
          ...resolve,
          extensions: ['.ts', '.js', ...(resolve.extensions ?? [])],
          alias: {
            ...(resolve.alias as Record<string, string> | undefined),
            ...aliasesFromTsconfig(root),
            // Resolving to a path that does not exist makes the build fail and name the module.
            ...Object.fromEntries(FORBIDDEN_IN_WORKFLOWS.map((m) => [m, `/forbidden-in-workflow-code/${m}`])),
          },
        },
      };
    },
  };
}

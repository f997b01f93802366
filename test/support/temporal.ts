/** Helpers for tests that talk to the real Temporal dev server started by the global setup. */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, NativeConnection, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { projectRoot, workflowBundleOptions } from '@mo/temporal';

export function temporalAddress(): string {
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!address) throw new Error('TEST_TEMPORAL_ADDRESS is not set: run through jest (global setup)');
  return address;
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;
/** The workflow bundle built from the current source (never a stale dist/), once per test process. */
export function sourceWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({
    ...workflowBundleOptions(projectRoot(__dirname), { tracing: true }),
    logger: quietLogger,
  });
  return bundle;
}

export async function connectClient(): Promise<Client> {
  const connection = await Connection.connect({ address: temporalAddress() });
  return new Client({ connection });
}

export function connectWorker(): Promise<NativeConnection> {
  return NativeConnection.connect({ address: temporalAddress() });
}

export const uniqueTaskQueue = (name: string): string => `test-${name}-${randomUUID()}`;

const noop = (): void => undefined;
const quietLogger = { trace: noop, debug: noop, info: noop, warn: noop, error: console.error, log: noop };

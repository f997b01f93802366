/**
 * The bench's baseline worker as a process of its own, started like the real worker: the same
 * environment (so the same tuning, through `workerTuning`), the same node flags, its own task queue
 * (TEMPORAL_TASK_QUEUE). No-op activities, no payload codec: what it costs is Temporal's cost.
 * Prints `ready` on stdout once it polls; stops on SIGTERM.
 */
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { loadConfig, workerTuning } from '@mo/config';
import { temporalConnectionOptions } from '@mo/temporal';
import type { BaselineActivities } from './baseline.workflow';

async function main(): Promise<void> {
  const config = loadConfig();
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const { code } = await bundleWorkflowCode({
    workflowsPath: require.resolve('./baseline.workflow'),
    logger: new DefaultLogger('WARN'),
  });
  const connection = await NativeConnection.connect(temporalConnectionOptions(config.temporal));
  const activities: BaselineActivities = { noop: async () => undefined, localNoop: async () => undefined };
  const worker = await Worker.create({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundle: { code },
    activities,
    shutdownGraceTime: '20 seconds',
    ...workerTuning(config.temporal),
  });
  process.once('SIGTERM', () => worker.shutdown());
  process.once('SIGINT', () => worker.shutdown());
  const running = worker.run();
  process.stdout.write('ready\n');
  try {
    await running;
  } finally {
    await connection.close();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`baseline worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

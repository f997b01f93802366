/** The worker process: a Nest application context hosting the Temporal Worker. */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Runtime } from '@temporalio/worker';
import { loadConfig, loadObservabilityConfig } from '@mo/config';
import { nestLogger, startTracing, TemporalPinoLogger } from '@mo/observability';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const logger = new Logger('worker');
  const config = loadConfig();
  const observability = loadObservabilityConfig();
  const tracing = startTracing('merchant-onboarding-worker');
  const appLogger = nestLogger('worker', config);
  // Once per process, before any connection: the SDK's log lines go to our logger (same format and
  // LOG_LEVEL), and its metrics (plus the workflows' and activities' own) to a Prometheus endpoint.
  Runtime.install({
    logger: new TemporalPinoLogger(appLogger.pino),
    ...(observability.workerMetrics
      ? {
          telemetryOptions: {
            metrics: {
              prometheus: {
                bindAddress: `${observability.workerMetrics.host}:${observability.workerMetrics.port}`,
                useSecondsForDurations: true,
              },
            },
          },
        }
      : {}),
  });
  const app = await NestFactory.createApplicationContext(WorkerModule, { logger: appLogger });
  if (observability.workerMetrics) {
    logger.log(`metrics on http://${observability.workerMetrics.host}:${observability.workerMetrics.port}/metrics`);
  }
  const worker = app.get(TemporalWorkerService);
  const stop = (signal: string): void => {
    logger.log(`${signal} received: draining in-flight work, then stopping`);
    worker.shutdown();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  try {
    await worker.run();
  } finally {
    await app.close();
    await tracing?.shutdown();
    logger.log('stopped');
  }
}

main().catch((err: unknown) => {
  // Config errors and start-up failures end here with a readable message.
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

/** The worker process: a Nest application context hosting the Temporal Worker. */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DefaultLogger, Runtime, type LogLevel as TemporalLogLevel } from '@temporalio/worker';
import { enabledLogLevels, loadConfig, type AppConfig } from '@mo/config';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const logger = new Logger('worker');
  const config = loadConfig();
  // The SDK's own log lines (worker state, task failures) follow LOG_LEVEL like ours.
  Runtime.install({ logger: new DefaultLogger(TEMPORAL_LOG_LEVEL[config.logLevel]) });
  const app = await NestFactory.createApplicationContext(WorkerModule, {
    logger: enabledLogLevels(config.logLevel),
  });
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
    logger.log('stopped');
  }
}

const TEMPORAL_LOG_LEVEL: Record<AppConfig['logLevel'], TemporalLogLevel> = {
  error: 'ERROR',
  warn: 'WARN',
  log: 'INFO',
  debug: 'DEBUG',
  verbose: 'TRACE',
};

main().catch((err: unknown) => {
  // Config errors and start-up failures end here with a readable message.
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

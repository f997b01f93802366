/** The worker process: a Nest application context hosting the Temporal Worker. */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { enabledLogLevels, loadConfig } from '@mo/config';
import { TemporalWorkerService } from './temporal-worker.service';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  const logger = new Logger('worker');
  const config = loadConfig();
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

main().catch((err: unknown) => {
  // Config errors and start-up failures end here with a readable message.
  process.stderr.write(`worker failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

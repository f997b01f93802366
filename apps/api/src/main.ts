/** The HTTP API process. */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@mo/config';
import { startTracing } from '@mo/observability';
import { createApiApp } from './app.factory';

async function main(): Promise<void> {
  const config = loadConfig();
  // Before the app is built: the HTTP server must be instrumented (off unless OTEL_EXPORTER_OTLP_* is set).
  const tracing = startTracing('merchant-onboarding-api');
  const { app } = await createApiApp();
  await app.listen(config.api.port, config.api.host);
  const logger = new Logger('api');
  logger.log(`listening on http://${config.api.host}:${config.api.port}`);
  // A deploy's SIGTERM: stop accepting, let requests in flight finish, then exit.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      logger.log(`${signal} received: finishing requests in flight, then stopping`);
      void app
        .close()
        .then(() => tracing?.shutdown())
        .then(() => process.exit(0));
    });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`api failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

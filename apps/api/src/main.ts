/** The HTTP API process. */
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { loadConfig } from '@mo/config';
import { createApiApp } from './app.factory';

async function main(): Promise<void> {
  const config = loadConfig();
  const { app } = await createApiApp();
  await app.listen(config.api.port, config.api.host);
  new Logger('api').log(`listening on http://${config.api.host}:${config.api.port}`);
}

main().catch((err: unknown) => {
  process.stderr.write(`api failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});

import './register-aliases';
import type { RunningPostgres, TemporalDevServer } from '@mo/dev-infra';

export default async function globalTeardown(): Promise<void> {
  const servers = (globalThis as Record<string, unknown>).__MO_TEST_SERVERS__ as
    { temporal?: TemporalDevServer; postgres?: RunningPostgres } | undefined;
  await servers?.temporal?.stop();
  await servers?.postgres?.stop();
}

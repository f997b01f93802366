import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { APP_CONFIG, type AppConfig } from '@mo/config';
import { clientInterceptors } from '@mo/observability';
import { temporalConnectionOptions } from './connection-options';
import { dataConverterFor } from './encryption-codec';

export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');

/** A Temporal client for the API, connected once at start-up and closed on shutdown. */
@Global()
@Module({
  providers: [
    {
      provide: TEMPORAL_CLIENT,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<Client> => {
        const connection = await Connection.connect(temporalConnectionOptions(config.temporal));
        return new Client({
          connection,
          namespace: config.temporal.namespace,
          dataConverter: dataConverterFor(config.temporal.codec),
          // Trace propagation (API span -> workflow -> activities) and Update latency/failure metrics.
          interceptors: { workflow: clientInterceptors() },
        });
      },
    },
  ],
  exports: [TEMPORAL_CLIENT],
})
export class TemporalClientModule implements OnApplicationShutdown {
  constructor(@Inject(TEMPORAL_CLIENT) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

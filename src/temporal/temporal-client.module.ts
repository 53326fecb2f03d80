import { Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { AppConfig } from '../config/app-config';
import { temporalConnectionSettings } from '../config/connections';
import { temporalClientInterceptors } from '../observability/temporal-interceptors';
import { SearchAttributeSupport, searchAttributesEnabled } from './search-attributes';

/** The Temporal client the API uses to start mandate workflows, send updates and run queries. */
@Global()
@Module({
  providers: [
    {
      provide: Client,
      inject: [AppConfig],
      useFactory: async (config: AppConfig) => {
        const connection = await Connection.connect(temporalConnectionSettings(config));
        return new Client({
          connection,
          namespace: config.TEMPORAL_NAMESPACE,
          interceptors: temporalClientInterceptors(),
        });
      },
    },
    {
      provide: SearchAttributeSupport,
      inject: [Client, AppConfig],
      useFactory: async (client: Client, config: AppConfig) =>
        new SearchAttributeSupport(await searchAttributesEnabled(client, config)),
    },
  ],
  exports: [Client, SearchAttributeSupport],
})
export class TemporalClientModule implements OnApplicationShutdown {
  constructor(@Inject(Client) private readonly client: Client) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.connection.close();
  }
}

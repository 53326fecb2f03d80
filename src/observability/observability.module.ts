import {
  type DynamicModule,
  Inject,
  Injectable,
  Module,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '../config/app-config';
import { type MetricsServer, startMetricsServer } from './metrics-server';
import { collectOutboxGauges } from './outbox-gauges';
import { temporalSdkMetricsUrl } from './temporal-runtime';
import { flushTracing } from './tracing';

const READS_DATABASE_GAUGES = Symbol('readsDatabaseGauges');

/**
 * The process's metrics listener, when METRICS_PORT is set. The outbox gauges are read from PostgreSQL by the
 * processes that serve the API (an operator scrapes those anyway); workers report their own work.
 */
@Injectable()
export class MetricsEndpoint implements OnApplicationBootstrap, OnApplicationShutdown {
  private server?: MetricsServer;

  /** Where it listens (METRICS_PORT=0 takes any free port). */
  get url(): string | undefined {
    return this.server?.url;
  }

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(READS_DATABASE_GAUGES) private readonly readsDatabaseGauges: boolean,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.METRICS_PORT === undefined) return;
    this.server = await startMetricsServer({
      host: this.config.METRICS_HOST,
      port: this.config.METRICS_PORT,
      temporalMetricsUrl: temporalSdkMetricsUrl(),
      ...(this.readsDatabaseGauges && { collect: () => collectOutboxGauges(this.dataSource) }),
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.server?.close();
    await flushTracing();
  }
}

@Module({})
export class ObservabilityModule {
  static forRoot({ api }: { api: boolean }): DynamicModule {
    return {
      module: ObservabilityModule,
      providers: [{ provide: READS_DATABASE_GAUGES, useValue: api }, MetricsEndpoint],
    };
  }
}

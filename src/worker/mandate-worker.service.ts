import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createActivities, NotificationActivities, ReadModelActivities } from '../../activities';
import { AppConfig } from '../config/app-config';
import { requireSetting } from '../config/require-setting';
import { MandateHistories } from '../mandates/mandate-histories.service';
import { channelsFrom } from '../notifications/channels';

/**
 * Runs the Temporal worker that hosts mandate workflows and their activities. Nest's shutdown hook (SIGTERM)
 * drains it: in-flight tasks finish, then the connection closes.
 */
@Injectable()
export class MandateWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MandateWorkerService.name);
  private worker?: Worker;
  private connection?: NativeConnection;
  /** A client for what activities read from Temporal (histories, to heal a gap in the read model). */
  private client?: Client;
  private running?: Promise<void>;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const address = requireSetting(this.config, 'TEMPORAL_ADDRESS');
    this.connection = await NativeConnection.connect({ address });
    this.client = new Client({
      connection: await Connection.connect({ address }),
      namespace: this.config.TEMPORAL_NAMESPACE,
    });
    const histories = new MandateHistories(this.client);
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowsPath: require.resolve('../../workflows'),
      interceptors: { workflowModules: [require.resolve('../../workflows/interceptors')] },
      ...(this.config.WORKER_MAX_CACHED_WORKFLOWS !== undefined && {
        maxCachedWorkflows: this.config.WORKER_MAX_CACHED_WORKFLOWS,
      }),
      activities: createActivities(
        new ReadModelActivities(this.dataSource, { events: (mandateId) => histories.events(mandateId, []) }),
        new NotificationActivities(this.dataSource, channelsFrom(this.config)),
      ),
    });
    this.running = this.worker.run();
    this.running.catch((err: unknown) => {
      this.logger.error(`the worker stopped with an error: ${String(err)}`);
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
    this.logger.log(`polling task queue "${this.config.TEMPORAL_TASK_QUEUE}"`);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') {
      this.worker.shutdown();
    }
    await this.running?.catch(() => undefined);
    await this.connection?.close();
    await this.client?.connection.close();
  }
}

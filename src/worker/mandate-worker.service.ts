import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import { createActivities, NotificationActivities, ReadModelActivities } from '../../activities';
import { AppConfig } from '../config/app-config';
import { temporalConnectionSettings } from '../config/connections';
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
  private running?: Promise<void>;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.connection = await NativeConnection.connect(temporalConnectionSettings(this.config));
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      workflowsPath: require.resolve('../../workflows'),
      ...(this.config.WORKER_MAX_CACHED_WORKFLOWS !== undefined && {
        maxCachedWorkflows: this.config.WORKER_MAX_CACHED_WORKFLOWS,
      }),
      activities: createActivities(
        new ReadModelActivities(this.dataSource),
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
  }
}

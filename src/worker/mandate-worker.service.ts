import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { DataSource } from 'typeorm';
import {
  ArchiveActivities,
  createActivities,
  LinkActivities,
  NotificationActivities,
  ReadModelActivities,
} from '../../activities';
import { ClosedRunSweeper } from '../archive/closed-run-sweeper';
import { MandateHistoryReader } from '../archive/mandate-history-reader';
import { AppConfig } from '../config/app-config';
import { domainEventsOf } from '../audit/history-events';
import { temporalConnectionSettings } from '../config/connections';
import { channelsFrom } from '../notifications/channels';
import { temporalClientInterceptors, workerObservability } from '../observability/temporal-interceptors';
import { workerLimits } from './worker-limits';
import { workerWorkflowCode } from './workflow-code';

/**
 * Runs the Temporal worker that hosts mandate workflows and their activities, and the sweeper that archives
 * closed runs. Nest's shutdown hook (SIGTERM) drains them: in-flight tasks and sweeps finish, then the connection
 * closes.
 */
@Injectable()
export class MandateWorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MandateWorkerService.name);
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;
  private sweeper?: ClosedRunSweeper;

  constructor(
    @Inject(AppConfig) private readonly config: AppConfig,
    @Inject(DataSource) private readonly dataSource: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.connection = await NativeConnection.connect(temporalConnectionSettings(this.config));
    const client = new Client({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      interceptors: temporalClientInterceptors(),
    });
    const histories = new MandateHistoryReader(client, this.dataSource);
    const { interceptors, sinks } = workerObservability();
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.TEMPORAL_NAMESPACE,
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      // Bundled apart, the workflow interceptor modules inside (src/worker/workflow-code.ts).
      ...(await workerWorkflowCode(this.config)),
      interceptors,
      sinks,
      ...workerLimits(this.config),
      activities: createActivities(
        new ReadModelActivities(this.dataSource, {
          events: async (mandateId) => domainEventsOf(await histories.runs(mandateId)),
        }),
        new NotificationActivities(this.dataSource, channelsFrom(this.config)),
        new ArchiveActivities(histories),
        new LinkActivities(client),
      ),
    });
    this.running = this.worker.run();
    this.running.catch((err: unknown) => {
      this.logger.error(`the worker stopped with an error: ${String(err)}`);
      process.exitCode = 1;
      process.kill(process.pid, 'SIGTERM');
    });
    this.sweeper = new ClosedRunSweeper(
      client,
      histories,
      this.config.RUN_ARCHIVE_SWEEP_SECONDS * 1000,
      this.config.TEMPORAL_TASK_QUEUE,
    );
    this.sweeper.start();
    if (!this.config.WORKER_LEGACY_QUERY_GUARD) {
      this.logger.warn('WORKER_LEGACY_QUERY_GUARD is off: a query during a pending workflow task can break a history');
    }
    this.logger.log(`polling task queue "${this.config.TEMPORAL_TASK_QUEUE}"`);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.sweeper?.stop();
    if (this.worker && this.worker.getState() === 'RUNNING') {
      this.worker.shutdown();
    }
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }
}

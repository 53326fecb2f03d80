import { ConflictException, Inject, Injectable, Logger } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { MandateHistoryReader } from '../archive/mandate-history-reader';
import { AppConfig } from '../config/app-config';
import { type DriftReport, ReadModelDrift } from './read-model-drift';
import { mandateWorkflowsOf, ReadModelRebuild, type RebuildProgress, type RebuildReport } from './read-model-rebuild';

export type JobState = 'running' | 'done' | 'failed';

export interface ReadModelJob<Report> {
  state: JobState;
  startedBy: string;
  startedAt: string;
  finishedAt?: string;
  progress?: RebuildProgress | { checked: number; mandates: number };
  report?: Report;
  error?: string;
}

/**
 * The administrator's read-model operations, run in the background of this API process, one of each kind at a
 * time: a rebuild from the histories, and the drift check. Their progress and report are kept until the next run.
 */
@Injectable()
export class ReadModelJobs {
  private readonly logger = new Logger(ReadModelJobs.name);
  private rebuildJob?: ReadModelJob<RebuildReport>;
  private driftJob?: ReadModelJob<DriftReport>;

  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(DataSource) private readonly dataSource: DataSource,
    @Inject(MandateHistoryReader) private readonly reader: MandateHistoryReader,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  private workflows() {
    return mandateWorkflowsOf(this.client, this.dataSource, this.config.TEMPORAL_TASK_QUEUE);
  }

  startRebuild(actor: string): ReadModelJob<RebuildReport> {
    if (this.rebuildJob?.state === 'running') throw new ConflictException('a rebuild is already running');
    const job: ReadModelJob<RebuildReport> = {
      state: 'running',
      startedBy: actor,
      startedAt: new Date().toISOString(),
    };
    this.rebuildJob = job;
    new ReadModelRebuild(this.dataSource, this.reader, this.workflows())
      .rebuild((progress) => (job.progress = progress))
      .then(
        (report) => Object.assign(job, { state: 'done', report, finishedAt: new Date().toISOString() }),
        (err: unknown) => this.failed(job, 'rebuild', err),
      );
    return job;
  }

  startDriftCheck(actor: string): ReadModelJob<DriftReport> {
    if (this.driftJob?.state === 'running') throw new ConflictException('a drift check is already running');
    const job: ReadModelJob<DriftReport> = { state: 'running', startedBy: actor, startedAt: new Date().toISOString() };
    this.driftJob = job;
    new ReadModelDrift(this.dataSource, this.reader, this.workflows())
      .check((checked, mandates) => (job.progress = { checked, mandates }))
      .then(
        (report) => Object.assign(job, { state: 'done', report, finishedAt: new Date().toISOString() }),
        (err: unknown) => this.failed(job, 'drift check', err),
      );
    return job;
  }

  rebuild(): ReadModelJob<RebuildReport> | undefined {
    return this.rebuildJob;
  }

  drift(): ReadModelJob<DriftReport> | undefined {
    return this.driftJob;
  }

  private failed(job: ReadModelJob<unknown>, what: string, err: unknown): void {
    const message = err instanceof Error ? err.message : String(err);
    this.logger.error(`the read model's ${what} failed: ${message}`);
    // Said plainly, without internals: the log has the rest.
    Object.assign(job, {
      state: 'failed',
      error: `the ${what} failed; the read model is unchanged`,
      finishedAt: new Date().toISOString(),
    });
  }
}

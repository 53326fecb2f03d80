import { Logger } from '@nestjs/common';
import type { Client } from '@temporalio/client';
import { MANDATE_WORKFLOW_TYPE } from '../../workflows/mandate/contract';
import type { MandateHistoryReader } from './mandate-history-reader';
import { runKey } from './run-archive';

export interface SweepReport {
  closedRuns: number;
  archived: number;
  failed: number;
}

const PAGE_SIZE = 100;

/**
 * Archives every closed mandate run that Temporal's visibility lists and the archive does not hold yet: runs
 * that continued as new, and those closed by a reset or a terminate, which no workflow code sees. Runs at start,
 * then every interval, well within any sensible retention period.
 */
export class ClosedRunSweeper {
  private readonly logger = new Logger(ClosedRunSweeper.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<unknown>;
  private stopped = false;
  private readonly query: string;

  constructor(
    private readonly client: Client,
    private readonly reader: MandateHistoryReader,
    private readonly intervalMs: number,
    taskQueue: string,
  ) {
    if (/['"\\]/.test(taskQueue)) throw new Error(`task queue ${taskQueue} cannot be named in a visibility query`);
    // This deployment's mandates only: another one may share the namespace with a database of its own.
    this.query =
      `WorkflowType = '${MANDATE_WORKFLOW_TYPE}' AND ExecutionStatus != 'Running'` + ` AND TaskQueue = '${taskQueue}'`;
  }

  start(): void {
    this.schedule(0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.sweeping;
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.sweeping = this.sweep()
        .then((report) => {
          if (report.archived > 0 || report.failed > 0) {
            this.logger.log(
              `closed runs: ${report.closedRuns}, archived now: ${report.archived}, failed: ${report.failed}`,
            );
          }
        })
        .catch((err: unknown) => this.logger.error(`the sweep of closed runs failed: ${String(err)}`))
        .finally(() => {
          if (!this.stopped) this.schedule(this.intervalMs);
        });
    }, delayMs);
  }

  /** One pass over the closed runs, a page at a time. */
  async sweep(): Promise<SweepReport> {
    const report: SweepReport = { closedRuns: 0, archived: 0, failed: 0 };
    let page: { workflowId: string; runId: string }[] = [];
    for await (const run of this.client.workflow.list({ query: this.query, pageSize: PAGE_SIZE })) {
      page.push({ workflowId: run.workflowId, runId: run.runId });
      if (page.length === PAGE_SIZE) {
        await this.archivePage(page, report);
        page = [];
      }
      if (this.stopped) return report;
    }
    await this.archivePage(page, report);
    return report;
  }

  private async archivePage(page: { workflowId: string; runId: string }[], report: SweepReport): Promise<void> {
    report.closedRuns += page.length;
    const archived = await this.reader.archive.archivedAmong(page);
    for (const { workflowId, runId } of page) {
      if (this.stopped) return;
      if (archived.has(runKey(workflowId, runId))) continue;
      try {
        if ((await this.reader.archiveRun(workflowId, runId)) === 'archived') report.archived++;
      } catch (err) {
        report.failed++;
        this.logger.warn(`could not archive ${workflowId} run ${runId}: ${String(err)}`);
      }
    }
  }
}

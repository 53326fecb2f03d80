import type { Client } from '@temporalio/client';
import type { HistoryAndWorkflowId } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { workflowBundle } from '../../src/audit/workflow-bundle';
// The replayer's own worker logs each start and stop; its warnings (a nondeterminism) are what matters here.
import './test-runtime';

/** The workflow code bundled once per process, as the audit replays use it (bundling takes seconds). */
export { workflowBundle };

/** A workflow run whose history the current workflow code does not replay. */
export interface ReplayFailure {
  workflowId: string;
  runId: string;
  message: string;
}

export interface ReplayReport {
  /** Every run replayed: open, closed and continued-as-new ones. */
  runs: number;
  failures: ReplayFailure[];
}

export type WorkflowRun = { workflowId: string; runId: string };

/**
 * Replays the given runs' histories, as a fresh worker (a restart, a cache eviction, another worker) would:
 * a history that does not replay is a mandate that answers 500 from then on.
 */
export async function replayRuns(client: Client, runs: WorkflowRun[]): Promise<ReplayReport> {
  async function* histories(): AsyncGenerator<HistoryAndWorkflowId> {
    for (const { workflowId, runId } of runs) {
      yield { workflowId, history: await client.workflow.getHandle(workflowId, runId).fetchHistory() };
    }
  }
  const failures: ReplayFailure[] = [];
  let replayed = 0;
  for await (const result of Worker.runReplayHistories({ workflowBundle: await workflowBundle() }, histories())) {
    replayed++;
    if (result.error) {
      failures.push({ workflowId: result.workflowId, runId: result.runId, message: result.error.message });
    }
  }
  return { runs: replayed, failures };
}

/** Every run of every workflow that ran on the task queue, as the server's visibility lists them. */
export async function runsOnTaskQueue(client: Client, taskQueue: string): Promise<WorkflowRun[]> {
  const runs: WorkflowRun[] = [];
  for await (const execution of client.workflow.list({ query: `TaskQueue = '${taskQueue}'` })) {
    runs.push({ workflowId: execution.workflowId, runId: execution.runId });
  }
  return runs;
}

export function describeFailures(failures: ReplayFailure[]): string {
  return failures.map((f) => `${f.workflowId} (run ${f.runId}): ${f.message}`).join('\n');
}

/** Fails with every run of the task queue whose history does not replay. */
export async function assertTaskQueueReplays(client: Client, taskQueue: string): Promise<ReplayReport> {
  const report = await replayRuns(client, await runsOnTaskQueue(client, taskQueue));
  if (report.failures.length > 0) {
    throw new Error(
      `${report.failures.length} of ${report.runs} workflow histories on task queue ${taskQueue} do not replay:\n` +
        describeFailures(report.failures),
    );
  }
  return report;
}

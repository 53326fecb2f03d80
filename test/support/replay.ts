import type { Client } from '@temporalio/client';
import type { HistoryAndWorkflowId } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
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
 * A run's whole history, read 25 events at a time: a page of the server's default size can exceed the client's
 * 4 MiB message limit when one run grows long (every command's result carries the state; the replay bench lets a run
 * grow to thousands of events, where a mandate continues as new at 1,000 or at the server's size hint).
 */
export async function wholeHistory(
  client: Client,
  { workflowId, runId }: WorkflowRun,
): Promise<temporal.api.history.v1.IHistory> {
  const events: temporal.api.history.v1.IHistoryEvent[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId, runId },
      maximumPageSize: 25,
      nextPageToken,
    });
    events.push(...(page.history?.events ?? []));
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return { events };
}

/** A run's first event (its start): one event read, however long the run. */
export async function startEvent(client: Client, { workflowId, runId }: WorkflowRun) {
  const page = await client.workflowService.getWorkflowExecutionHistory({
    namespace: client.options.namespace,
    execution: { workflowId, runId },
    maximumPageSize: 1,
  });
  return page.history?.events?.[0];
}

/**
 * Replays the given runs' histories, as a fresh worker (a restart, a cache eviction, another worker) would:
 * a history that does not replay is a mandate that answers 500 from then on.
 */
export async function replayRuns(client: Client, runs: WorkflowRun[]): Promise<ReplayReport> {
  async function* histories(): AsyncGenerator<HistoryAndWorkflowId> {
    for (const { workflowId, runId } of runs) {
      yield { workflowId, history: await wholeHistory(client, { workflowId, runId }) };
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

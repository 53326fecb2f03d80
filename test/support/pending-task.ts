import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { eventually } from './api';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * How long the server keeps a workflow task (or a query) on a worker's sticky queue before giving it to the
 * task queue's other workers: the SDK's default `stickyQueueScheduleToStartTimeout`.
 */
export const STICKY_TIMEOUT_MS = 10_000;

/** A projection activity a worker has started (and that waits, when the test holds the mandate's row). */
export interface StartedProjection {
  startedAt: number;
  workerIdentity: string;
}

export async function startedProjection(
  client: Client,
  workflowId: string,
  timeoutMs = 30_000,
): Promise<StartedProjection> {
  return eventually(async () => {
    const { raw } = await client.workflow.getHandle(workflowId).describe();
    const started = (raw.pendingActivities ?? []).find(
      (a) =>
        a.activityType?.name === 'projectMandate' &&
        a.state === temporal.api.enums.v1.PendingActivityState.PENDING_ACTIVITY_STATE_STARTED,
    );
    const startedAt = optionalTsToMs(started?.lastStartedTime);
    if (!started || startedAt === undefined) throw new Error(`${workflowId}: no projection started yet`);
    return { startedAt, workerIdentity: started.lastWorkerIdentity ?? '' };
  }, timeoutMs);
}

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

export async function historyEvents(client: Client, workflowId: string, runId?: string): Promise<HistoryEvent[]> {
  return (await client.workflow.getHandle(workflowId, runId).fetchHistory()).events ?? [];
}

/** Workflow tasks that waited on a sticky queue nobody polled until the server moved them to the task queue. */
export function stickyTimeouts(events: HistoryEvent[]): HistoryEvent[] {
  return events.filter(
    (e) =>
      e.workflowTaskTimedOutEventAttributes?.timeoutType ===
      temporal.api.enums.v1.TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START,
  );
}

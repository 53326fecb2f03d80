import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';
import { optionalTsToMs } from '@temporalio/common/lib/time';
import { TemporarilyUnavailable } from '../../src/common/temporarily-unavailable.error';
import { fromTemporal } from '../../src/mandates/temporal-errors';
import { eventually } from './api';

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * How long the server keeps a workflow task (or a query) on a worker's sticky queue before giving it to the
 * task queue's other workers: the SDK's default `stickyQueueScheduleToStartTimeout`.
 */
export const STICKY_TIMEOUT_MS = 10_000;

/** An error with the gRPC status under it: a client's ServiceError ("Failed to query Workflow") wraps one. */
export function withGrpcStatus(err: unknown): string {
  const cause = (err as { cause?: { code?: number; details?: string } } | undefined)?.cause;
  return cause?.code === undefined ? String(err) : `${String(err)} (gRPC ${cause.code}: ${cause.details ?? ''})`;
}

/**
 * A query from a Temporal client, or 'retry-later' where the API would answer 503 with Retry-After
 * (`fromTemporal`): the legacy-query guard refuses a query that reaches a worker while the mandate's workflow task
 * waits, and the server answers FAILED_PRECONDITION "no poller seen" to one sent to the sticky queue of a worker
 * that just died (it falls back to the task queue only on a timeout). Anything else is thrown, with its gRPC status.
 */
export async function queryOrRetryLater<T>(mandateId: string, query: () => Promise<T>): Promise<T | 'retry-later'> {
  try {
    return await query();
  } catch (err) {
    if (fromTemporal(err, mandateId) instanceof TemporarilyUnavailable) return 'retry-later';
    throw new Error(withGrpcStatus(err), { cause: err });
  }
}

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

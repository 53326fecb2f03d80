/**
 * Repairing a mandate whose history the current workflow code cannot replay (a nondeterminism error): the run is
 * reset to the last workflow task that does replay. Temporal then re-runs that task with the current code in a new
 * run that keeps every event before it, reapplying the updates (and signals) the broken tail held; the broken run
 * is kept, terminated, in the run archive. Nothing of the record is lost: the new run's history says it was reset
 * (a WorkflowTaskFailed with cause RESET_WORKFLOW naming the base run) and the base run stays readable.
 */
import type { Client } from '@temporalio/client';
import { historyFromJSON, historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { Worker } from '@temporalio/worker';
import Long from 'long';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ReadModelActivities } from '../../activities/read-model.activities';
import { mandateWorkflowId } from '../../workflows/mandate/contract';
import type { MandateHistoryReader } from '../archive/mandate-history-reader';
import { domainEventsOf, type HistoryJson } from '../audit/history-events';

export type ReplayVerdict = { replays: true } | { replays: false; eventId?: number; divergence: string };

export interface RepairPlan {
  /** Whether the history replays as it is (then there is nothing to repair). */
  replays: boolean;
  /** The history event the replay failed at, and why. */
  failedAt?: number;
  divergence?: string;
  /** The WorkflowTaskCompleted event of the task to run again: everything before it replays. */
  resetToEventId?: number;
}

const WORKFLOW_TASK_COMPLETED = 'EVENT_TYPE_WORKFLOW_TASK_COMPLETED';

/** Replays a history with this build's workflow code (and interceptors) and says where it diverges, if it does. */
export async function replayVerdict(history: HistoryJson): Promise<ReplayVerdict> {
  try {
    await Worker.runReplayHistory(
      {
        workflowsPath: require.resolve('../../workflows'),
        interceptors: { workflowModules: [require.resolve('../../workflows/interceptors')] },
        replayName: 'history-repair',
      },
      historyFromJSON(history),
    );
    return { replays: true };
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    const divergence = /Nondeterminism error: [^"}]*/.exec(message)?.[0] ?? message;
    const eventId = /HistoryEvent\(id: (\d+)/.exec(message)?.[1];
    return { replays: false, eventId: eventId ? Number(eventId) : undefined, divergence };
  }
}

/** The history up to (not including) `eventId`: what a new run reset to that point starts from. */
export function historyBefore(history: HistoryJson, eventId: number): HistoryJson {
  return { ...history, events: history.events.filter((e) => Number(e.eventId) < eventId) };
}

/**
 * Where to reset a history that does not replay: the WorkflowTaskCompleted event of the task that wrote the first
 * event the replay refused. The plan is checked: the history before that task must replay.
 */
export async function planRepair(history: HistoryJson): Promise<RepairPlan> {
  const verdict = await replayVerdict(history);
  if (verdict.replays) return { replays: true };
  const failedAt = verdict.eventId;
  if (failedAt === undefined) return { replays: false, divergence: verdict.divergence };
  const completed = history.events.filter(
    (e) => e.eventType === WORKFLOW_TASK_COMPLETED && Number(e.eventId) < failedAt,
  );
  const resetTo = completed[completed.length - 1];
  if (!resetTo) return { replays: false, failedAt, divergence: verdict.divergence };
  const resetToEventId = Number(resetTo.eventId);
  const prefix = await replayVerdict(historyBefore(history, resetToEventId));
  if (!prefix.replays) {
    throw new Error(
      `the history before event ${resetToEventId} does not replay either (${prefix.divergence}); repair it by hand`,
    );
  }
  return { replays: false, failedAt, divergence: verdict.divergence, resetToEventId };
}

/** The reset request for a plan: reapply every update and signal of the broken tail. */
export function resetRequest(
  namespace: string,
  workflowId: string,
  runId: string,
  resetToEventId: number,
  reason: string,
  requestId: string,
): temporal.api.workflowservice.v1.IResetWorkflowExecutionRequest {
  return {
    namespace,
    workflowExecution: { workflowId, runId },
    reason,
    workflowTaskFinishEventId: Long.fromNumber(resetToEventId),
    requestId,
    resetReapplyType: temporal.api.enums.v1.ResetReapplyType.RESET_REAPPLY_TYPE_ALL_ELIGIBLE,
  };
}

export interface RepairReport extends RepairPlan {
  mandateId: string;
  workflowId: string;
  /** The run that did not replay (kept, terminated, in the run archive) and the run that replaced it. */
  baseRunId: string;
  newRunId?: string;
  /** Whether the new run's history replays with this build's code. */
  newRunReplays?: boolean;
  /** Domain events the read model holds for the mandate after it was projected again from the histories. */
  readModelEvents?: number;
  dryRun: boolean;
}

/** What repairing a live mandate needs: Temporal, the run archive, and the read model to project it again. */
export interface RepairDependencies {
  client: Client;
  namespace: string;
  reader: MandateHistoryReader;
  dataSource: DataSource;
}

/**
 * Repairs a live mandate: plans the reset from its current run, resets it, waits for the new run to take its
 * first task, checks the new run replays, archives the base run, and projects the mandate's read-model rows again
 * from its histories (the dropped tail's events are re-recorded by the reapplied updates, with new times).
 */
export async function repairMandate(
  deps: RepairDependencies,
  mandateId: string,
  options: { reason: string; dryRun?: boolean; timeoutMs?: number },
): Promise<RepairReport> {
  const workflowId = mandateWorkflowId(mandateId);
  const handle = deps.client.workflow.getHandle(workflowId);
  const baseRunId = (await handle.describe()).runId;
  const history = JSON.parse(
    historyToJSON(await deps.client.workflow.getHandle(workflowId, baseRunId).fetchHistory()),
  ) as HistoryJson;
  const plan = await planRepair(history);
  const report: RepairReport = { mandateId, workflowId, baseRunId, dryRun: !!options.dryRun, ...plan };
  if (plan.replays || plan.resetToEventId === undefined || options.dryRun) return report;

  const { runId: newRunId } = await deps.client.workflowService.resetWorkflowExecution(
    resetRequest(deps.namespace, workflowId, baseRunId, plan.resetToEventId, options.reason, randomUUID()),
  );
  report.newRunId = newRunId;
  // The new run's first task after the reset point is what the current code writes; wait until it is done.
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    const events = (await deps.client.workflow.getHandle(workflowId, newRunId).fetchHistory()).events ?? [];
    const reset = events.findIndex((e) => e.workflowTaskFailedEventAttributes);
    if (reset >= 0 && events.slice(reset).some((e) => e.workflowTaskCompletedEventAttributes)) break;
    if (Date.now() > deadline) throw new Error(`the new run ${newRunId} took no workflow task; is a worker running?`);
    await new Promise((r) => setTimeout(r, 250));
  }
  const newHistory = JSON.parse(
    historyToJSON(await deps.client.workflow.getHandle(workflowId, newRunId).fetchHistory()),
  ) as HistoryJson;
  report.newRunReplays = (await replayVerdict(newHistory)).replays;
  await deps.reader.archiveRun(workflowId, baseRunId);
  report.readModelEvents = await reproject(deps, mandateId);
  return report;
}

/** Replaces a mandate's read-model rows with a projection of every event its histories hold. */
async function reproject(deps: RepairDependencies, mandateId: string): Promise<number> {
  const events = domainEventsOf(await deps.reader.runs(mandateId)).map(
    ({ runId: _run, historyEventId: _event, ...event }) => event,
  );
  await deps.dataSource.transaction(async (tx) => {
    await tx.query(`DELETE FROM mandate_events WHERE mandate_id = $1`, [mandateId]);
    await tx.query(`DELETE FROM mandates WHERE id = $1`, [mandateId]);
  });
  const projection = new ReadModelActivities(deps.dataSource, { events: () => Promise.resolve(events) });
  await projection.projectMandate({ mandateId, events, through: events[events.length - 1]?.sequence ?? 0 });
  return events.length;
}

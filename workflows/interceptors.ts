/**
 * Workflow interceptors the worker installs (`interceptors.workflowModules`). Workflow code: deterministic.
 *
 * The legacy-query guard. A query that reaches a worker while a workflow task is scheduled but not started (the
 * worker holding the sticky queue died or is overloaded, and the task waits for its schedule-to-start timeout) is
 * dispatched as a "legacy query" carrying the whole history, new events included. sdk-core (TypeScript SDK 1.24)
 * applies those new events to the cached run as a live activation, keeps the commands it emits, and answers the
 * query; when the real task then arrives with an update, the update runs in an activation of its own, and the
 * task records those kept commands before the update's. Replaying that history puts the update and the new events
 * in one activation, update first, and fails with a nondeterminism error (the same path, on a continued run's
 * first task, also consumed sdk-core's internal flags without writing them to the history). See the README,
 * "Why a query can fail with 503".
 *
 * The run's cache is the only thing that diverged, so the guard drops it. Such an activation applies history events
 * without a workflow task of its own, so its timestamp (sdk-core's workflow time: that of the last task started,
 * or of the run's start) is no later than the activation before it (or than the run's start), where every real task
 * brings a later one. When a legacy query follows such an activation, the query's activation fails, which makes
 * sdk-core evict the run and fail that query. The caller retries; the real task is then processed from the history,
 * as a replay is.
 */
import type { WorkflowInterceptorsFactory } from '@temporalio/workflow';

/** The query id sdk-core gives a query dispatched directly to a worker with a history. */
const LEGACY_QUERY_ID = 'legacy_query';

export const LEGACY_QUERY_REFUSED =
  'query refused: it arrived with events this worker had not processed in a workflow task; retry it';

/** A protobuf timestamp, to the nanosecond: two events' server times practically never coincide at that grain. */
interface Timestamp {
  seconds?: number | { toString(): string } | null;
  nanos?: number | null;
}

function instant(ts: Timestamp | null | undefined): [number, number] {
  return [Number(ts?.seconds?.toString() ?? 0), ts?.nanos ?? 0];
}

function notLater([s1, n1]: [number, number], [s2, n2]: [number, number]): boolean {
  return s1 < s2 || (s1 === s2 && n1 <= n2);
}

export const interceptors: WorkflowInterceptorsFactory = () => {
  /** Workflow time of the latest activation with jobs this run has seen. */
  let latest: [number, number] = [0, 0];
  /** Whether that activation applied events live without a workflow task of its own. */
  let detached = false;
  return {
    internals: [
      {
        activate(input, next) {
          const { activation } = input;
          const jobs = activation.jobs ?? [];
          if (jobs.some((j) => j.queryWorkflow?.queryId === LEGACY_QUERY_ID)) {
            if (detached) throw new Error(LEGACY_QUERY_REFUSED);
          } else if (jobs.length > 0 && !jobs.some((j) => j.queryWorkflow)) {
            const time = instant(activation.timestamp);
            // A run's first activation compares with the run's start (the started event's time).
            const init = jobs.find((j) => j.initializeWorkflow)?.initializeWorkflow;
            const before = init ? instant(init.startTime) : latest;
            detached = !activation.isReplaying && notLater(time, before);
            if (!notLater(time, latest)) latest = time;
          }
          return next(input);
        },
      },
    ],
  };
};

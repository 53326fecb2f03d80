import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import type { MandateStateView } from '../../workflows/mandate/contract';
import { stateAsOf, type AsOf } from './as-of';
import type { MandateExport } from './export';
import { domainEventsOf, type HistoryJson } from './history-events';

export interface ReplayReport {
  deterministic: boolean;
  runs: { runId: string; deterministic: boolean; divergence?: string }[];
  /** The state the histories lead to (or had at `asOf`), folded from the domain events they hold. */
  state?: MandateStateView;
  events: number;
}

/** An export file, or a single history as `temporal workflow show --output json` writes it. */
export function historiesOf(file: unknown): { runId: string; history: HistoryJson }[] {
  const asExport = file as Partial<MandateExport>;
  if (asExport.manifest && Array.isArray(asExport.histories)) {
    return asExport.histories.map((history, i) => ({
      runId: asExport.manifest!.runs[i]?.runId ?? `run-${i + 1}`,
      history,
    }));
  }
  const history = file as HistoryJson;
  if (!Array.isArray(history?.events)) throw new Error('neither an export nor a workflow history (no "events")');
  return [{ runId: 'history', history }];
}

/**
 * Replays each history against this build's workflow code with the Temporal SDK's replayer (no server) and
 * says whether it is deterministic or where it diverges; then folds the domain events into the state.
 */
export async function replayHistories(file: unknown, asOf?: AsOf): Promise<ReplayReport> {
  const runs = historiesOf(file);
  const results: ReplayReport['runs'] = [];
  for (const { runId, history } of runs) {
    try {
      await Worker.runReplayHistory(
        { workflowsPath: require.resolve('../../workflows'), replayName: `audit-${runId}` },
        historyFromJSON(history),
      );
      results.push({ runId, deterministic: true });
    } catch (err) {
      results.push({ runId, deterministic: false, divergence: err instanceof Error ? err.message : String(err) });
    }
  }
  const events = domainEventsOf(runs);
  const last = events[events.length - 1];
  return {
    deterministic: results.every((r) => r.deterministic),
    runs: results,
    state: last ? stateAsOf(events, asOf ?? { sequence: last.sequence }) : undefined,
    events: events.length,
  };
}

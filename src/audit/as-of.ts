import { type MandateStateView, type RecordedEvent, stateView } from '../../workflows/mandate/contract';
import { fold } from '../../workflows/mandate/lifecycle';

/** A moment in a mandate's history: after a given event, or at a given time. */
export type AsOf = { sequence: number } | { at: string };

/** The end of the moment: a bare date means the end of that day (UTC). */
export function momentOf(at: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(at) ? `${at}T23:59:59.999Z` : new Date(at).toISOString();
}

/**
 * The state a mandate had at a past moment, folded from its events with the same rules the workflow runs:
 * what a query would have answered then. Undefined when the mandate was not yet registered.
 */
export function stateAsOf(events: readonly RecordedEvent[], asOf: AsOf): MandateStateView | undefined {
  const included =
    'sequence' in asOf
      ? events.filter((e) => e.sequence <= asOf.sequence)
      : events.filter((e) => e.recordedAt <= momentOf(asOf.at));
  if (included.length === 0) return undefined;
  const state = fold(included);
  if (state.status === 'unregistered') return undefined;
  return stateView(state, included[0].recordedAt, included[included.length - 1]);
}

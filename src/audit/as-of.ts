import {
  type ContinuedRun,
  type MandateStateView,
  type RecordedEvent,
  stateView,
} from '../../workflows/mandate/contract';
import { fold } from '../../workflows/mandate/lifecycle';

/** A moment in a mandate's history: after a given event, or at a given time. */
export type AsOf = { sequence: number } | { at: string };

/** The end of the moment: a bare date means the end of that day (UTC). */
export function momentOf(at: string): string {
  return /^\d{4}-\d{2}-\d{2}$/.test(at) ? `${at}T23:59:59.999Z` : new Date(at).toISOString();
}

function isBy(asOf: AsOf, point: Pick<RecordedEvent, 'sequence' | 'recordedAt'>): boolean {
  return 'sequence' in asOf ? point.sequence <= asOf.sequence : point.recordedAt <= momentOf(asOf.at);
}

/**
 * The state a mandate had at a past moment, folded from its events with the same rules the workflow runs:
 * what a query would have answered then. Undefined when the mandate was not yet registered, or (starting from
 * a continued run's carried state) when the moment lies before what that state covers.
 */
export function stateAsOf(
  events: readonly RecordedEvent[],
  asOf: AsOf,
  from?: ContinuedRun,
): MandateStateView | undefined {
  if (from && !isBy(asOf, from.last)) return undefined;
  const included = events.filter((e) => isBy(asOf, e));
  const last = included[included.length - 1] ?? from?.last;
  if (!last) return undefined;
  const state = fold(included, from?.state);
  if (state.status === 'unregistered') return undefined;
  return stateView(state, from?.registeredAt ?? included[0].recordedAt, last);
}

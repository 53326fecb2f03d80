import type { ContinuedRun, RecordedEvent } from '../../workflows/mandate/contract';
import { fold, initialState, type MandateState } from '../../workflows/mandate/lifecycle';
import { canonicalJson } from './canonical-json';

/** Which domain events a replay folded, and whether they are the whole, unbroken sequence they should be. */
export interface Coverage {
  /** From the mandate's registration (sequence 1), or from the state a continued run's input carries. */
  startsFrom: 'registration' | 'carried-state';
  /** The last sequence before what the events cover: 0 from the registration, else the carried state's. */
  startsAfter: number;
  firstSequence?: number;
  lastSequence?: number;
  /** No event missing, none repeated or out of order, and every continued run starts where the one before ended. */
  complete: boolean;
  /** Sequence numbers that should be there and are not, as ranges. */
  missing: { from: number; to: number }[];
  /** Sequence numbers that come again, or after a later one. */
  outOfOrder: number[];
  /** Each finding in plain words. */
  problems: string[];
}

export interface CoveredRun {
  runId: string;
  /** What the run's input carries when it continues an earlier run. */
  continued?: ContinuedRun;
  events: readonly RecordedEvent[];
}

const range = (from: number, to: number) => (from === to ? `event ${from} is` : `events ${from} to ${to} are`);

/**
 * Checks that the runs' domain events are the contiguous sequence they claim to be: 1..n from the registration,
 * or last+1..n from a continued run's carried state; each later run must continue from exactly where the events
 * before it end, carrying the state those events lead to. A deleted or forged event shows here even when the
 * histories replay deterministically (replay does not compare activity inputs).
 */
export function coverageOf(runs: readonly CoveredRun[]): Coverage {
  const carried = runs[0]?.continued;
  const coverage: Coverage = {
    startsFrom: carried ? 'carried-state' : 'registration',
    startsAfter: carried?.last.sequence ?? 0,
    complete: true,
    missing: [],
    outOfOrder: [],
    problems: [],
  };
  let expected = carried ? carried.last.sequence + 1 : 1;
  let state: MandateState = carried ? carried.state : initialState;
  for (const [i, run] of runs.entries()) {
    if (i > 0) {
      if (!run.continued) {
        coverage.problems.push(`run ${run.runId} does not continue the run before it`);
      } else {
        const { last } = run.continued;
        if (last.sequence >= expected) {
          coverage.missing.push({ from: expected, to: last.sequence });
          coverage.problems.push(`${range(expected, last.sequence)} missing before run ${run.runId}`);
          expected = last.sequence + 1;
        } else if (last.sequence !== expected - 1) {
          coverage.problems.push(`run ${run.runId} continues from event ${last.sequence}, not ${expected - 1}`);
        } else if (canonicalJson(run.continued.state) !== canonicalJson(state)) {
          coverage.problems.push(`run ${run.runId} starts from a state that the events before it do not lead to`);
        }
      }
    }
    for (const event of run.events) {
      if (event.sequence < expected || !Number.isInteger(event.sequence)) {
        coverage.outOfOrder.push(event.sequence);
        coverage.problems.push(`event ${event.sequence} comes again or out of order (after event ${expected - 1})`);
        continue;
      }
      if (event.sequence > expected) {
        coverage.missing.push({ from: expected, to: event.sequence - 1 });
        coverage.problems.push(`${range(expected, event.sequence - 1)} missing`);
      }
      coverage.firstSequence ??= event.sequence;
      coverage.lastSequence = event.sequence;
      expected = event.sequence + 1;
      try {
        state = fold([event], state);
      } catch {
        coverage.problems.push(`event ${event.sequence} (${String(event.type)}) does not apply to the state before it`);
      }
    }
  }
  coverage.complete = coverage.problems.length === 0;
  return coverage;
}

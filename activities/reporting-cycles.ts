import type { RecordedEvent } from '../workflows/mandate/contract';
import { evolve, type MandateState } from '../workflows/mandate/lifecycle';

/** A reporting cycle completed by an accepted report: when it was due, when the report came, who held the mandate. */
export interface CompletedCycle {
  mandateId: string;
  /** The sequence of the event that completed it (ProgressReportAccepted): the row's key. */
  sequence: number;
  cycle: number;
  dueOn: string;
  reportId: string;
  submittedAt: string;
  acceptedAt: string;
  dependency?: string;
  dependencyId?: string;
  /** Submitted on or before the due date in force (extensions included), counted in UTC days. */
  onTime: boolean;
}

/**
 * Folds `events` onto `state`, as the workflow does, and lists the reporting cycles they complete: an accepted
 * report completes the cycle that was running (see `evolve`), and its submission date says whether it was on time.
 */
export function foldWithCycles(
  mandateId: string,
  state: MandateState,
  events: readonly RecordedEvent[],
): { state: MandateState; cycles: CompletedCycle[] } {
  const cycles: CompletedCycle[] = [];
  for (const event of events) {
    if (event.type === 'ProgressReportAccepted' && state.status !== 'unregistered') {
      const running = state.reporting?.current;
      const report = state.reports.find((r) => r.reportId === event.data.reportId);
      if (running && report) {
        cycles.push({
          mandateId,
          sequence: event.sequence,
          cycle: running.cycle,
          dueOn: running.dueOn,
          reportId: report.reportId,
          submittedAt: report.submittedAt,
          acceptedAt: event.data.reviewedAt,
          dependency: state.assignee?.dependency,
          dependencyId: state.assignee?.dependencyId,
          onTime: report.submittedAt.slice(0, 10) <= running.dueOn,
        });
      }
    }
    state = evolve(state, event);
  }
  return { state, cycles };
}

/** The row's values, in the column order of `insertCycleSql`. */
export function cycleRow(c: CompletedCycle): unknown[] {
  return [
    c.mandateId,
    c.sequence,
    c.cycle,
    c.dueOn,
    c.reportId,
    c.submittedAt,
    c.acceptedAt,
    c.dependency ?? null,
    c.dependencyId ?? null,
    c.onTime,
  ];
}

export const insertCycleSql = (
  table = 'reporting_cycles',
) => `INSERT INTO ${table} (mandate_id, sequence, cycle, due_on, report_id, submitted_at,
    accepted_at, dependency, dependency_id, on_time)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
  ON CONFLICT (mandate_id, sequence) DO NOTHING`;

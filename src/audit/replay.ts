import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import type { ContinuedRun, MandateStateView, RecordedEvent } from '../../workflows/mandate/contract';
import { type AsOf, stateAsOf } from './as-of';
import { type Coverage, coverageOf } from './coverage';
import {
  crossCheckExport,
  EXPORT_FORMAT,
  type ManifestCheck,
  parseAuditFile,
  RETIRED_EXPORT_FORMAT,
  UnreadableAuditFile,
} from './export';
import { continuedRunOf, domainEventsOf, type HistoryJson } from './history-events';
import type { ReplaySession } from './replay-session';

/** What replay checks, in the report's own words. */
export const REPLAY_CHECKS =
  "determinism: each history replays against this build's workflow code (Temporal's replayer, no server), and " +
  'the domain events it folds are one unbroken sequence; for an export, the manifest matches the histories. ' +
  'Not integrity: only verification with a trusted key proves the file is the one the service signed';

export interface ReplayedRun {
  runId: string;
  historyEvents: number;
  deterministic: boolean;
  /** Where the replay diverged, in the replayer's words (without its stack). */
  divergence?: string;
  /** The domain events this run holds. */
  firstSequence?: number;
  lastSequence?: number;
}

export interface ReplayReport {
  /** The outcome in one sentence. */
  verdict: string;
  checked: string;
  deterministic: boolean;
  /** The folded events are the whole sequence from where they start (see coverage). */
  complete: boolean;
  runs: ReplayedRun[];
  events: number;
  coverage: Coverage;
  /** For an export: its manifest against its histories (digests, events, chain); the signature is verify's job. */
  manifest?: ManifestCheck;
  /** The state the histories lead to (or had at `asOf`), folded from the domain events they hold. */
  state?: MandateStateView;
}

/** The histories to replay, from an export (every run) or one history (`temporal workflow show --output json`). */
export interface ReplayInput {
  workflowId: string;
  runs: { runId: string; history: HistoryJson }[];
  manifest?: ManifestCheck;
}

function historyAt(value: unknown, where: string): HistoryJson {
  const events = (value as { events?: unknown } | null)?.events;
  if (!Array.isArray(events) || events.length === 0) throw new UnreadableAuditFile(`${where} has no "events"`);
  return value as HistoryJson;
}

/** Reads the file to replay; throws UnreadableAuditFile when it is neither an export nor a workflow history. */
export function replayInputOf(text: string): ReplayInput {
  const file = parseAuditFile(text);
  if ('format' in file || 'histories' in file || 'manifest' in file) {
    if (file.format !== EXPORT_FORMAT && file.format !== RETIRED_EXPORT_FORMAT) {
      throw new UnreadableAuditFile(
        `unsupported format ${JSON.stringify(file.format ?? null).slice(0, 80)}: replay reads ${EXPORT_FORMAT} ` +
          `(and ${RETIRED_EXPORT_FORMAT}) exports, or a workflow history`,
      );
    }
    if (!Array.isArray(file.histories) || file.histories.length === 0) {
      throw new UnreadableAuditFile('the export has no "histories"');
    }
    const manifest = file.manifest as { workflowId?: unknown; runs?: { runId?: unknown }[] } | undefined;
    return {
      workflowId: typeof manifest?.workflowId === 'string' ? manifest.workflowId : 'mandate',
      runs: file.histories.map((history, i) => {
        const runId = Array.isArray(manifest?.runs) ? manifest.runs[i]?.runId : undefined;
        return {
          runId: typeof runId === 'string' ? runId : `run-${i + 1}`,
          history: historyAt(history, `history ${i + 1} of the export`),
        };
      }),
      manifest: crossCheckExport(file),
    };
  }
  if (!('events' in file)) {
    throw new UnreadableAuditFile('neither an export ("histories") nor a workflow history ("events")');
  }
  return { workflowId: 'mandate', runs: [{ runId: 'history', history: historyAt(file, 'the history') }] };
}

const FAILURE_MESSAGE = /Failure \{ failure: Some\(Failure \{ message: "((?:[^"\\]|\\.)*)"/;

/** A string as Rust's Debug format escaped it (close to JSON's, but not always: `\u{…}`). */
function unescaped(text: string): string {
  try {
    return JSON.parse(`"${text}"`) as string;
  } catch {
    return text.replace(/\\(["\\])/g, '$1');
  }
}

/**
 * The replayer's reason, without what only helps the SDK's own developers: the workflow's stack trace (with
 * the bundle's absolute paths and `evalmachine` frames) is cut, and any path left is blanked.
 */
export function divergenceOf(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const inner = FAILURE_MESSAGE.exec(message)?.[1];
  const kind = /nondeterminism/i.test(message)
    ? 'nondeterminism'
    : /workflow task failure/i.test(message)
      ? 'the workflow task failed on replay'
      : undefined;
  const reason = inner ? `${kind ? `${kind}: ` : ''}${unescaped(inner)}` : message.split('\n')[0];
  return reason
    .replace(/\s+at\s.*$/s, '')
    .replace(/(?:file:\/\/)?(?:\/[\w.@+-]+)+(?::\d+)*/g, '<path>')
    .replace(/evalmachine\.<anonymous>(?::\d+)*/g, '<workflow>')
    .slice(0, 1000);
}

function decodedHistory(history: HistoryJson): ReturnType<typeof historyFromJSON> | string {
  try {
    return historyFromJSON(history);
  } catch (err) {
    return `the history cannot be read: ${divergenceOf(err)}`;
  }
}

/**
 * Why a history is not one the replayer can take whole, if it is not: it must begin with the workflow's start
 * and number its events 1..n (the SDK's replayer waits forever on some that do not).
 */
export function wholeHistoryProblem(history: HistoryJson): string | undefined {
  const [first] = history.events;
  if (first?.eventType !== 'EVENT_TYPE_WORKFLOW_EXECUTION_STARTED' && first?.eventType !== 'WorkflowExecutionStarted') {
    return 'the history does not begin with WorkflowExecutionStarted';
  }
  const gap = history.events.findIndex((e, i) => String(e?.eventId) !== String(i + 1));
  return gap >= 0
    ? `the history's events are not numbered 1 to n: event ${gap + 1} is missing or out of place`
    : undefined;
}

/** Replays the runs one after the other; a history that cannot be decoded or replayed is a divergence. */
async function replayRuns(input: ReplayInput, session: ReplaySession): Promise<ReplayedRun[]> {
  const replayed: ReplayedRun[] = [];
  for (const { runId, history } of input.runs) {
    const run = { runId, historyEvents: history.events.length };
    const decoded = wholeHistoryProblem(history) ?? decodedHistory(history);
    if (typeof decoded === 'string') {
      replayed.push({ ...run, deterministic: false, divergence: decoded });
      continue;
    }
    const error = await session.replay(input.workflowId, decoded).catch((err: unknown) => err);
    replayed.push(
      error ? { ...run, deterministic: false, divergence: divergenceOf(error) } : { ...run, deterministic: true },
    );
  }
  return replayed;
}

/** Each run's domain events and carried state; a run whose inputs cannot be read counts as a gap. */
function eventsOfRuns(input: ReplayInput): {
  runs: { runId: string; continued?: ContinuedRun; events: RecordedEvent[] }[];
  unreadable: string[];
} {
  const unreadable: string[] = [];
  const runs = input.runs.map(({ runId, history }) => {
    try {
      return { runId, continued: continuedRunOf(history), events: domainEventsOf([{ runId, history }]) };
    } catch (err) {
      unreadable.push(`the domain events of run ${runId} cannot be read: ${divergenceOf(err)}`);
      return { runId, events: [] };
    }
  });
  return { runs, unreadable };
}

/** The state the events lead to; none when they do not apply in order (a gap the coverage reports). */
function foldedState(events: RecordedEvent[], asOf: AsOf, from?: ContinuedRun): MandateStateView | undefined {
  try {
    return stateAsOf(events, asOf, from);
  } catch {
    return undefined;
  }
}

function verdictOf(report: Omit<ReplayReport, 'verdict'>): string {
  const { coverage } = report;
  const carried =
    coverage.startsFrom === 'carried-state'
      ? `, folded from the state the run carries (through event ${coverage.startsAfter})`
      : '';
  const span =
    coverage.firstSequence === undefined
      ? `no domain event${carried}`
      : `domain events ${coverage.firstSequence} to ${coverage.lastSequence}${carried}`;
  const parts = [
    report.deterministic
      ? `Deterministic: ${report.runs.length === 1 ? 'the history replays' : `all ${report.runs.length} histories replay`} against this build's workflow code.`
      : `Not deterministic: ${report.runs.filter((r) => !r.deterministic).length} of ${report.runs.length} histories diverge from this build's workflow code.`,
    report.complete ? `Complete: ${span}, none missing.` : `Not complete (${span}): ${coverage.problems.join('; ')}.`,
  ];
  if (report.manifest) {
    parts.push(
      report.manifest.consistent
        ? 'The manifest matches the histories.'
        : `The manifest does not match the histories: ${report.manifest.problem}.`,
    );
  }
  parts.push('Integrity is not checked by replay: verify the export with a trusted key.');
  return parts.join(' ');
}

/**
 * Replays each history against this build's workflow code (the session's bundle) with the Temporal SDK's replayer
 * (no server) and says whether it is deterministic or where it diverges; checks that the domain events are
 * one unbroken sequence (from sequence 1, or from the state a continued run carries) and, for an export, that
 * the manifest matches the histories; then folds the events into the state.
 */
export async function replayHistories(input: ReplayInput, session: ReplaySession, asOf?: AsOf): Promise<ReplayReport> {
  const replayed = await replayRuns(input, session);
  const { runs, unreadable } = eventsOfRuns(input);
  const coverage = coverageOf(runs);
  if (unreadable.length > 0) {
    coverage.problems.unshift(...unreadable);
    coverage.complete = false;
  }
  const events = runs.flatMap((r) => r.events);
  const last = events[events.length - 1] ?? runs[0]?.continued?.last;
  const report: Omit<ReplayReport, 'verdict'> = {
    checked: REPLAY_CHECKS,
    deterministic: replayed.every((r) => r.deterministic),
    complete: coverage.complete,
    runs: replayed.map((run, i) => ({
      ...run,
      firstSequence: runs[i].events[0]?.sequence,
      lastSequence: runs[i].events[runs[i].events.length - 1]?.sequence,
    })),
    events: events.length,
    coverage,
    manifest: input.manifest,
    state: last ? foldedState(events, asOf ?? { sequence: last.sequence }, runs[0]?.continued) : undefined,
  };
  return { verdict: verdictOf(report), ...report };
}

/** Whether a replay proved what it claims: deterministic, complete, and (for an export) a consistent manifest. */
export function replayHolds(report: ReplayReport): boolean {
  return report.deterministic && report.complete && (report.manifest?.consistent ?? true);
}

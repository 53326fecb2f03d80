import { Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { canonicalJson } from '../audit/canonical-json';
import type { HistoryJson } from '../audit/history-events';
import { RecordAltered, RunStillOpen } from './record-errors';

export type RunClosure = 'completed' | 'failed' | 'timed_out' | 'canceled' | 'terminated' | 'continued_as_new';

const CLOSING_EVENTS: Readonly<Record<string, RunClosure>> = {
  EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: 'completed',
  EVENT_TYPE_WORKFLOW_EXECUTION_FAILED: 'failed',
  EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT: 'timed_out',
  EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED: 'canceled',
  EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED: 'terminated',
  EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: 'continued_as_new',
};

type EventWithTime = HistoryJson['events'][number] & { eventTime?: string };

/** How a run closed, from its last event; undefined while it is open (its history is not complete yet). */
export function closureOf(history: HistoryJson): { closeStatus: RunClosure; closedAt?: string } | undefined {
  const last = history.events[history.events.length - 1] as EventWithTime | undefined;
  const closeStatus = last ? CLOSING_EVENTS[last.eventType] : undefined;
  return closeStatus && { closeStatus, closedAt: last?.eventTime };
}

/** SHA-256 of the history's canonical JSON: the same digest an export's manifest gives the run. */
export function historyDigest(history: HistoryJson): string {
  return createHash('sha256').update(canonicalJson(history)).digest('hex');
}

/** What archiving a run did: a repeat with the same digest is a no-op; a different one is an alarm. */
export type ArchiveOutcome = 'archived' | 'already-archived' | 'digest-mismatch';

/**
 * The `run_archive` table: each closed run's raw history (`historyToJSON` text, exactly as read), kept after
 * Temporal's retention deletes the run. Rows are only ever inserted (triggers refuse anything else), and every
 * read checks the history against its digest.
 */
export class RunArchive {
  constructor(
    private readonly dataSource: DataSource,
    private readonly logger = new Logger(RunArchive.name),
  ) {}

  /** Archives a closed run's history, given as `historyToJSON` text. */
  async archive(workflowId: string, runId: string, text: string): Promise<ArchiveOutcome> {
    const history = JSON.parse(text) as HistoryJson;
    const closure = closureOf(history);
    if (!closure) throw new RunStillOpen(workflowId, runId);
    const sha256 = historyDigest(history);
    const inserted = await this.dataSource.query<unknown[]>(
      `INSERT INTO run_archive (workflow_id, run_id, history, sha256, history_events, close_status, closed_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (workflow_id, run_id) DO NOTHING
       RETURNING run_id`,
      [workflowId, runId, text, sha256, history.events.length, closure.closeStatus, closure.closedAt ?? null],
    );
    if (inserted.length > 0) return 'archived';
    const [kept] = await this.dataSource.query<{ sha256: string }[]>(
      `SELECT sha256 FROM run_archive WHERE workflow_id = $1 AND run_id = $2`,
      [workflowId, runId],
    );
    if (kept?.sha256 === sha256) return 'already-archived';
    // The archive keeps what it first read; Temporal now serves something else for the same closed run.
    this.logger.error(
      `ALARM: ${workflowId} run ${runId} was archived with digest ${kept?.sha256}, but Temporal now serves ` +
        `a history with digest ${sha256}; the archived history is kept`,
    );
    return 'digest-mismatch';
  }

  /** The archived history of a run, checked against its digest; undefined when it was never archived. */
  async read(workflowId: string, runId: string): Promise<HistoryJson | undefined> {
    const [row] = await this.dataSource.query<{ history: string; sha256: string; history_events: number }[]>(
      `SELECT history, sha256, history_events FROM run_archive WHERE workflow_id = $1 AND run_id = $2`,
      [workflowId, runId],
    );
    if (!row) return undefined;
    let history: HistoryJson;
    try {
      history = JSON.parse(row.history) as HistoryJson;
    } catch {
      throw new RecordAltered(workflowId, runId, 'its history is not JSON');
    }
    if (historyDigest(history) !== row.sha256.trim() || history.events?.length !== row.history_events) {
      throw new RecordAltered(workflowId, runId, 'its history does not match its digest');
    }
    return history;
  }

  /** Which of these runs are archived already. */
  async archivedAmong(runs: readonly { workflowId: string; runId: string }[]): Promise<Set<string>> {
    if (runs.length === 0) return new Set();
    const rows = await this.dataSource.query<{ workflow_id: string; run_id: string }[]>(
      `SELECT workflow_id, run_id FROM run_archive
       WHERE (workflow_id, run_id) IN (SELECT * FROM unnest($1::varchar[], $2::varchar[]))`,
      [runs.map((r) => r.workflowId), runs.map((r) => r.runId)],
    );
    return new Set(rows.map((r) => runKey(r.workflow_id, r.run_id)));
  }

  /** The run of a workflow that closed last, for a workflow Temporal no longer knows at all. */
  async lastRunId(workflowId: string): Promise<string | undefined> {
    const [row] = await this.dataSource.query<{ run_id: string }[]>(
      `SELECT run_id FROM run_archive WHERE workflow_id = $1 ORDER BY closed_at DESC NULLS LAST LIMIT 1`,
      [workflowId],
    );
    return row?.run_id;
  }
}

export const runKey = (workflowId: string, runId: string) => `${workflowId}\u0000${runId}`;

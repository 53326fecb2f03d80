import { isDeepStrictEqual } from 'node:util';
import type { DataSource } from 'typeorm';
import { type MandateStateView, stateView } from '../../workflows/mandate/contract';
import { fold } from '../../workflows/mandate/lifecycle';
import type { MandateHistoryReader } from '../archive/mandate-history-reader';
import { historyEvents, type MandateWorkflows } from './read-model-rebuild';
import { inParallel } from '../common/in-parallel';

const CONCURRENCY = 8;

export type DriftKind = 'missing' | 'orphan' | 'behind' | 'differs' | 'unreadable';

export interface Drift {
  mandateId: string;
  /** missing: no row for a workflow; orphan: a row with no workflow; behind: the row lags its history; differs. */
  kind: DriftKind;
  fields?: { field: string; readModel: unknown; workflow: unknown }[];
  error?: string;
}

export interface DriftReport {
  checked: number;
  drifted: Drift[];
  durationMs: number;
}

interface Row {
  id: string;
  status: string;
  body: string;
  resolution_symbol: string;
  paragraph: string | null;
  title: string | null;
  area: string | null;
  adopted_on: string | null;
  dependency: string | null;
  dependency_id: string | null;
  officer: string | null;
  closure_outcome: string | null;
  next_due_on: string | null;
  last_sequence: number;
  state: MandateStateView;
}

/** The row a mandate's state projects to: the columns the projection writes, and the state itself. */
function expectedRow(state: MandateStateView): Omit<Row, 'id'> {
  const r = state.registration;
  return {
    status: state.status,
    body: r.body,
    resolution_symbol: r.resolutionSymbol,
    paragraph: r.paragraph ?? null,
    title: r.title ?? null,
    area: r.area ?? null,
    adopted_on: r.adoptedOn ?? null,
    dependency: state.assignee?.dependency ?? null,
    dependency_id: state.assignee?.dependencyId ?? null,
    officer: state.assignee?.officer ?? null,
    closure_outcome: state.closure?.outcome ?? null,
    next_due_on: state.status === 'closed' ? null : (state.reporting?.current?.dueOn ?? null),
    last_sequence: state.lastSequence,
    state,
  };
}

function differences(expected: object, actual: object, prefix: string): NonNullable<Drift['fields']> {
  const want = JSON.parse(JSON.stringify(expected)) as Record<string, unknown>;
  const have = JSON.parse(JSON.stringify(actual)) as Record<string, unknown>;
  return [...new Set([...Object.keys(want), ...Object.keys(have)])]
    .filter((key) => (prefix === '' ? key in want : true) && !isDeepStrictEqual(want[key], have[key]))
    .map((key) => ({ field: `${prefix}${key}`, readModel: have[key] ?? null, workflow: want[key] ?? null }));
}

/**
 * Compares every mandate's read-model row with its workflow's state, folded from its histories with the
 * workflow's own rules (the history is the record; a query would need a worker and replay each workflow). A row
 * behind its history is checked again after a moment: the projection follows the workflow within moments, so only
 * a row still behind then is drift.
 */
export class ReadModelDrift {
  constructor(
    private readonly dataSource: DataSource,
    private readonly reader: MandateHistoryReader,
    private readonly workflows: MandateWorkflows,
    private readonly settleMs = 2_000,
  ) {}

  async check(onProgress: (checked: number, total: number) => void = () => undefined): Promise<DriftReport> {
    const started = Date.now();
    const ids = await this.workflows.mandateIds();
    const known = new Set(ids);
    const drifted: Drift[] = [];
    let checked = 0;
    const behind: string[] = [];
    await inParallel(ids, CONCURRENCY, async (mandateId) => {
      const drift = await this.compare(mandateId);
      if (drift?.kind === 'behind') behind.push(mandateId);
      else if (drift) drifted.push(drift);
      onProgress(++checked, ids.length);
    });
    if (behind.length > 0) {
      await new Promise((resolve) => setTimeout(resolve, this.settleMs));
      for (const mandateId of behind) {
        const drift = await this.compare(mandateId);
        if (drift) drifted.push(drift);
      }
    }
    const rows = await this.dataSource.query<{ id: string }[]>(`SELECT id FROM mandates`);
    for (const { id } of rows) if (!known.has(id)) drifted.push({ mandateId: id, kind: 'orphan' });
    drifted.sort((a, b) => a.mandateId.localeCompare(b.mandateId));
    return { checked: ids.length, drifted, durationMs: Date.now() - started };
  }

  private async compare(mandateId: string): Promise<Drift | undefined> {
    let expected: Omit<Row, 'id'>;
    try {
      const events = await historyEvents(this.reader, mandateId);
      const state = fold(events);
      if (state.status === 'unregistered' || events.length === 0) return undefined;
      expected = expectedRow(stateView(state, events[0].recordedAt, events[events.length - 1]));
    } catch (err) {
      return { mandateId, kind: 'unreadable', error: err instanceof Error ? err.message : String(err) };
    }
    const [row] = await this.dataSource.query<Row[]>(
      `SELECT id, status, body, resolution_symbol, paragraph, title, area, adopted_on::text AS adopted_on, dependency,
              dependency_id, officer, closure_outcome, next_due_on::text AS next_due_on, last_sequence, state
       FROM mandates WHERE id = $1`,
      [mandateId],
    );
    if (!row) return { mandateId, kind: 'missing' };
    if (row.last_sequence < expected.last_sequence) return { mandateId, kind: 'behind' };
    const fields = [
      ...differences(expected, row, ''),
      // The state, key by key: a report names what differs rather than two whole states.
      ...differences(expected.state, row.state, 'state.'),
    ].filter((d) => d.field !== 'state');
    return fields.length > 0 ? { mandateId, kind: 'differs', fields } : undefined;
  }
}

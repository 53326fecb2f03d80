import { type MandateStateView, type RecordedEvent, stateView } from '../workflows/mandate/contract';
import { initialState, type MandateLink } from '../workflows/mandate/lifecycle';
import { cycleRow, foldWithCycles, insertCycleSql } from './reporting-cycles';

/**
 * The link an event records on this mandate: a MandateLinked, or a closure as superseded, which is the closed
 * mandate's side of the link its successor records as `supersedes` (the same link id: the closure's sequence).
 */
function linkOf(mandateId: string, event: RecordedEvent): MandateLink | undefined {
  if (event.type === 'MandateLinked') return event.data;
  if (event.type === 'MandateClosed' && event.data.outcome === 'superseded' && event.data.successorMandateId) {
    return {
      linkId: `${mandateId}#${event.sequence}`,
      relation: 'superseded_by',
      otherMandateId: event.data.successorMandateId,
      reason: event.data.reason,
    };
  }
  return undefined;
}

/** A connection or a transaction: where the writes go. */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/**
 * The read model's writes for a mandate's new events: the events, its links to other mandates, the reporting cycles
 * the events complete and the row folded with the workflow's own `evolve`. The live projection writes the tables on the search path; a rebuild
 * writes a fresh set in a schema of its own with the very same statements.
 */
export class ReadModelWriter {
  private readonly mandates: string;
  private readonly events: string;
  private readonly cycles: string;
  private readonly links: string;

  constructor(schema?: string) {
    const table = (name: string) => (schema ? `"${schema}"."${name}"` : name);
    this.mandates = table('mandates');
    this.events = table('mandate_events');
    this.cycles = table('reporting_cycles');
    this.links = table('mandate_links');
  }

  /** Applies `fresh` (contiguous, after what `current` reflects) onto the row. */
  async apply(
    q: Queryable,
    mandateId: string,
    current: MandateStateView | undefined,
    fresh: RecordedEvent[],
  ): Promise<MandateStateView> {
    for (const event of fresh) await this.insertEvent(q, mandateId, event);
    const { state, cycles } = foldWithCycles(mandateId, current ?? initialState, fresh);
    for (const cycle of cycles) await q.query(insertCycleSql(this.cycles), cycleRow(cycle));
    if (state.status === 'unregistered') throw new Error(`mandate ${mandateId}: no registration event`);
    const view = stateView(state, current?.registeredAt ?? fresh[0].recordedAt, fresh[fresh.length - 1]);
    await this.upsertMandate(q, view);
    return view;
  }

  private async insertEvent(q: Queryable, mandateId: string, event: RecordedEvent): Promise<void> {
    const link = linkOf(mandateId, event);
    if (link) {
      await q.query(
        `INSERT INTO ${this.links} (mandate_id, link_id, relation, other_mandate_id, reason, sequence, recorded_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (mandate_id, link_id) DO NOTHING`,
        [mandateId, link.linkId, link.relation, link.otherMandateId, link.reason, event.sequence, event.recordedAt],
      );
    }
    await q.query(
      `INSERT INTO ${this.events} (mandate_id, sequence, type, actor, request_id, recorded_at, data)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (mandate_id, sequence) DO NOTHING`,
      [
        mandateId,
        event.sequence,
        event.type,
        event.actor,
        event.requestId,
        event.recordedAt,
        JSON.stringify(event.data),
      ],
    );
  }

  private async upsertMandate(q: Queryable, state: MandateStateView): Promise<void> {
    const r = state.registration;
    await q.query(
      `INSERT INTO ${this.mandates} (id, status, body, resolution_symbol, paragraph, title, area, adopted_on,
                             dependency, officer, closure_outcome, last_sequence, registered_at, updated_at, state,
                             next_due_on, dependency_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (id) DO UPDATE SET
         status = EXCLUDED.status, dependency = EXCLUDED.dependency, dependency_id = EXCLUDED.dependency_id,
         officer = EXCLUDED.officer,
         closure_outcome = EXCLUDED.closure_outcome, last_sequence = EXCLUDED.last_sequence,
         updated_at = EXCLUDED.updated_at, state = EXCLUDED.state, next_due_on = EXCLUDED.next_due_on
       WHERE ${this.mandates}.last_sequence < EXCLUDED.last_sequence`,
      [
        state.mandateId,
        state.status,
        r.body,
        r.resolutionSymbol,
        r.paragraph ?? null,
        r.title ?? null,
        r.area ?? null,
        r.adoptedOn ?? null,
        state.assignee?.dependency ?? null,
        state.assignee?.officer ?? null,
        state.closure?.outcome ?? null,
        state.lastSequence,
        state.registeredAt,
        state.updatedAt,
        JSON.stringify(state),
        state.status === 'closed' ? null : (state.reporting?.current?.dueOn ?? null),
        state.assignee?.dependencyId ?? null,
      ],
    );
  }
}

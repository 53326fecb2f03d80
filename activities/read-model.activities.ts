import type { DataSource, EntityManager } from 'typeorm';
import { type MandateStateView, type RecordedEvent, stateView } from '../workflows/mandate/contract';
import { initialState } from '../workflows/mandate/lifecycle';
import { cycleRow, foldWithCycles, INSERT_CYCLE } from './reporting-cycles';

export interface ProjectMandateInput {
  mandateId: string;
  /** New events, in sequence order. */
  events: RecordedEvent[];
  /** The read model must reflect every event up to this sequence once the activity is done. */
  through?: number;
}

/** Where the projection reads events it was not handed: the mandate's histories (every run). */
export interface MandateEventSource {
  events(mandateId: string): Promise<RecordedEvent[]>;
}

/**
 * Writes a mandate's events into the PostgreSQL read model and folds them, with the same `evolve` the workflow
 * runs, onto the state the row holds: the read model is a projection of the history, never a second source.
 * Idempotent and order-safe: events are keyed by (mandate, sequence), the row is locked while it moves, and
 * events it already reflects are skipped, so activity retries and workflow replays neither duplicate nor roll
 * back anything. A gap (events it was not handed: a projection abandoned when a run continued as new, a read
 * model emptied by hand) is healed from the histories rather than retried forever.
 */
export class ReadModelActivities {
  constructor(
    private readonly dataSource: DataSource,
    private readonly source: MandateEventSource,
  ) {}

  async projectMandate({ mandateId, events, through }: ProjectMandateInput): Promise<void> {
    const target = Math.max(through ?? 0, events[events.length - 1]?.sequence ?? 0);
    await this.dataSource.transaction(async (tx) => {
      const [row] = await tx.query<{ state: MandateStateView }[]>(
        `SELECT state FROM mandates WHERE id = $1 FOR UPDATE`,
        [mandateId],
      );
      const from = row?.state.lastSequence ?? 0;
      if (target <= from) return;
      let fresh = events.filter((e) => e.sequence > from);
      if (fresh[0]?.sequence !== from + 1 || fresh[fresh.length - 1].sequence < target) {
        fresh = await this.heal(mandateId, from, target, fresh);
      }
      for (const event of fresh) await this.insertEvent(tx, mandateId, event);
      const { state, cycles } = foldWithCycles(mandateId, row?.state ?? initialState, fresh);
      for (const cycle of cycles) await tx.query(INSERT_CYCLE, cycleRow(cycle));
      if (state.status === 'unregistered') throw new Error(`mandate ${mandateId}: no registration event`);
      await this.upsertMandate(
        tx,
        stateView(state, row?.state.registeredAt ?? fresh[0].recordedAt, fresh[fresh.length - 1]),
      );
    });
  }

  /** The events after `from` up to `target`, contiguous, from the histories and what the activity was handed. */
  private async heal(
    mandateId: string,
    from: number,
    target: number,
    handed: RecordedEvent[],
  ): Promise<RecordedEvent[]> {
    const bySequence = new Map<number, RecordedEvent>();
    for (const e of await this.source.events(mandateId)) if (e.sequence > from) bySequence.set(e.sequence, e);
    for (const e of handed) bySequence.set(e.sequence, e);
    const healed: RecordedEvent[] = [];
    for (let sequence = from + 1; sequence <= target; sequence++) {
      const event = bySequence.get(sequence);
      // Not yet in any history (a projection scheduled after this one): retry, the next attempt finds it.
      if (!event) throw new Error(`mandate ${mandateId}: event ${sequence} is in no history yet`);
      healed.push(event);
    }
    return healed;
  }

  private async insertEvent(tx: EntityManager, mandateId: string, event: RecordedEvent): Promise<void> {
    await tx.query(
      `INSERT INTO mandate_events (mandate_id, sequence, type, actor, request_id, recorded_at, data)
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

  private async upsertMandate(tx: EntityManager, state: MandateStateView): Promise<void> {
    const r = state.registration;
    await tx.query(
      `INSERT INTO mandates (id, status, body, resolution_symbol, paragraph, title, area, adopted_on, dependency,
                             officer, closure_outcome, last_sequence, registered_at, updated_at, state, next_due_on,
                             dependency_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
       ON CONFLICT (id) DO UPDATE SET
         status = EXCLUDED.status, dependency = EXCLUDED.dependency, dependency_id = EXCLUDED.dependency_id,
         officer = EXCLUDED.officer,
         closure_outcome = EXCLUDED.closure_outcome, last_sequence = EXCLUDED.last_sequence,
         updated_at = EXCLUDED.updated_at, state = EXCLUDED.state, next_due_on = EXCLUDED.next_due_on
       WHERE mandates.last_sequence < EXCLUDED.last_sequence`,
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

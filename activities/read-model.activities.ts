import type { DataSource } from 'typeorm';
import type { MandateStateView, RecordedEvent } from '../workflows/mandate/contract';
import { ReadModelWriter } from './read-model-writer';

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
  private readonly writer = new ReadModelWriter();

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
      await this.writer.apply(tx, mandateId, row?.state, fresh);
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
}

import type { DataSource } from 'typeorm';
import type { MandateStateView, RecordedEvent } from '../workflows/mandate/contract';

export interface ProjectMandateInput {
  state: MandateStateView;
  /** New events, in sequence order, ending with the one `state` reflects. */
  events: RecordedEvent[];
}

/**
 * Writes a mandate's events and latest state into the PostgreSQL read model. Idempotent and order-safe:
 * events are keyed by (mandate, sequence) and the mandate row only moves to a higher sequence, so activity
 * retries and workflow replays neither duplicate nor roll back rows.
 */
export class ReadModelActivities {
  constructor(private readonly dataSource: DataSource) {}

  async projectMandate({ state, events }: ProjectMandateInput): Promise<void> {
    await this.dataSource.transaction(async (tx) => {
      for (const event of events) {
        await tx.query(
          `INSERT INTO mandate_events (mandate_id, sequence, type, actor, request_id, recorded_at, data)
           VALUES ($1, $2, $3, $4, $5, $6, $7)
           ON CONFLICT (mandate_id, sequence) DO NOTHING`,
          [
            state.mandateId,
            event.sequence,
            event.type,
            event.actor,
            event.requestId,
            event.recordedAt,
            JSON.stringify(event.data),
          ],
        );
      }
      const r = state.registration;
      await tx.query(
        `INSERT INTO mandates (id, status, body, resolution_symbol, paragraph, title, area, adopted_on, dependency,
                               officer, closure_outcome, last_sequence, registered_at, updated_at, state, next_due_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
         ON CONFLICT (id) DO UPDATE SET
           status = EXCLUDED.status, dependency = EXCLUDED.dependency, officer = EXCLUDED.officer,
           closure_outcome = EXCLUDED.closure_outcome, last_sequence = EXCLUDED.last_sequence,
           updated_at = EXCLUDED.updated_at, state = EXCLUDED.state, next_due_on = EXCLUDED.next_due_on
         WHERE mandates.last_sequence < EXCLUDED.last_sequence`,
        [
          state.mandateId,
          state.status,
          r.body,
          r.resolutionSymbol,
          r.paragraph,
          r.title,
          r.area ?? null,
          r.adoptedOn,
          state.assignee?.dependency ?? null,
          state.assignee?.officer ?? null,
          state.closure?.outcome ?? null,
          state.lastSequence,
          state.registeredAt,
          state.updatedAt,
          JSON.stringify(state),
          state.status === 'closed' ? null : (state.reporting?.current?.dueOn ?? null),
        ],
      );
    });
  }
}

import type { QueryRunner } from 'typeorm';
import { cycleRow, foldWithCycles, insertCycleSql } from '../../activities/reporting-cycles';
import type { RecordedEvent } from '../../workflows/mandate/contract';
import { initialState } from '../../workflows/mandate/lifecycle';

const BATCH = 500;

type EventRow = Pick<RecordedEvent, 'sequence' | 'type' | 'actor' | 'requestId'> & {
  recorded_at: Date;
  data: RecordedEvent['data'];
};

/** Completed reporting cycles of the mandates already in the read model, folded from their events there. */
export async function backfillReportingCycles(queryRunner: QueryRunner): Promise<void> {
  let after = '';
  for (;;) {
    const ids = (
      (await queryRunner.query(
        `SELECT DISTINCT mandate_id FROM mandate_events
         WHERE mandate_id > $1 AND type = 'ProgressReportAccepted' ORDER BY mandate_id LIMIT ${BATCH}`,
        [after],
      )) as { mandate_id: string }[]
    ).map((r) => r.mandate_id);
    if (ids.length === 0) return;
    for (const mandateId of ids) {
      const rows = (await queryRunner.query(
        `SELECT sequence, type, actor, request_id AS "requestId", recorded_at, data
         FROM mandate_events WHERE mandate_id = $1 ORDER BY sequence`,
        [mandateId],
      )) as EventRow[];
      const events = rows.map(
        ({ recorded_at, ...e }) => ({ ...e, recordedAt: recorded_at.toISOString() }) as RecordedEvent,
      );
      for (const cycle of foldWithCycles(mandateId, initialState, events).cycles) {
        await queryRunner.query(insertCycleSql(), cycleRow(cycle));
      }
    }
    after = ids[ids.length - 1];
  }
}

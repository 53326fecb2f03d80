import { ApplicationFailure } from '@temporalio/common';
import type { MandateHistoryReader } from '../src/archive/mandate-history-reader';
import { RecordIncomplete, RunStillOpen } from '../src/archive/record-errors';
import type { ArchiveOutcome } from '../src/archive/run-archive';

export interface ArchiveRunInput {
  workflowId: string;
  runId: string;
}

/**
 * Copies a closed run's history into the run archive before Temporal's retention deletes it. A continued run
 * calls it for its predecessor. Idempotent: archiving a run again is a no-op, or an alarm in the worker's log
 * when Temporal now serves a different history.
 */
export class ArchiveActivities {
  constructor(private readonly reader: Pick<MandateHistoryReader, 'archiveRun'>) {}

  async archiveRun({ workflowId, runId }: ArchiveRunInput): Promise<ArchiveOutcome> {
    try {
      return await this.reader.archiveRun(workflowId, runId);
    } catch (err) {
      // Retrying cannot help: an open run's history is incomplete; a deleted, unarchived one is lost.
      if (err instanceof RunStillOpen || err instanceof RecordIncomplete) {
        throw ApplicationFailure.nonRetryable(err.message, err.name);
      }
      throw err;
    }
  }
}

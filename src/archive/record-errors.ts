import { UnservableRecordError } from '../common/answerable-errors';

/** A mandate's permanent record cannot be served whole: never answered with a gap, always with this. */
export abstract class MandateRecordError extends UnservableRecordError {
  constructor(
    message: string,
    readonly workflowId: string,
    readonly runId: string,
  ) {
    super(message);
  }
}

/** A closed run that neither Temporal (past its retention) nor the run archive holds. */
export class RecordIncomplete extends MandateRecordError {
  readonly title = 'Record Incomplete';

  constructor(workflowId: string, runId: string) {
    super(
      `the record of ${workflowId} is incomplete: run ${runId} is neither in Temporal nor in the run archive`,
      workflowId,
      runId,
    );
    this.name = 'RecordIncomplete';
  }
}

/** An archived run whose history no longer matches its digest, or no longer links to the run after it. */
export class RecordAltered extends MandateRecordError {
  readonly title = 'Record Altered';

  constructor(workflowId: string, runId: string, what: string) {
    super(`the archived history of ${workflowId} run ${runId} was altered: ${what}`, workflowId, runId);
    this.name = 'RecordAltered';
  }
}

/** Only a closed run's history is complete; an open one is never archived. */
export class RunStillOpen extends Error {
  constructor(
    readonly workflowId: string,
    readonly runId: string,
  ) {
    super(`${workflowId} run ${runId} is still open: its history is not complete and is not archived`);
    this.name = 'RunStillOpen';
  }
}

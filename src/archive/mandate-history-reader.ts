import { Logger } from '@nestjs/common';
import { type Client, isGrpcServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { DataSource } from 'typeorm';
import { mandateWorkflowId } from '../../workflows/mandate/contract';
import type { HistoryJson } from '../audit/history-events';
import { fromTemporal } from '../mandates/temporal-errors';
import { RecordAltered, RecordIncomplete } from './record-errors';
import { type ArchiveOutcome, closureOf, RunArchive } from './run-archive';

export interface MandateRun {
  runId: string;
  history: HistoryJson;
}

// gRPC status code (grpc/doc/statuscodes.md); fetchHistory does not translate it.
const GRPC_NOT_FOUND = 5;

function isNotFound(err: unknown): boolean {
  return err instanceof WorkflowNotFoundError || (isGrpcServiceError(err) && Number(err.code) === GRPC_NOT_FOUND);
}

type StartedAttributes = { continuedExecutionRunId?: string; originalExecutionRunId?: string };
type ContinuedAttributes = { workflowExecutionContinuedAsNewEventAttributes?: { newExecutionRunId?: string } };

const startedOf = (history: HistoryJson): StartedAttributes =>
  history.events[0]?.workflowExecutionStartedEventAttributes ?? {};

/**
 * Reads a mandate's runs, oldest first, whatever Temporal's retention: the current run from Temporal, each
 * earlier one from the run archive (checked against its digest), else from Temporal and archived on the way.
 * A closed run found in neither is an error, never a gap. Used by the API and by the worker's activities.
 */
export class MandateHistoryReader {
  readonly archive: RunArchive;

  constructor(
    private readonly client: Client,
    dataSource: DataSource,
    private readonly logger = new Logger(MandateHistoryReader.name),
  ) {
    this.archive = new RunArchive(dataSource);
  }

  async runs(mandateId: string): Promise<MandateRun[]> {
    const workflowId = mandateWorkflowId(mandateId);
    const current = await this.currentRunId(mandateId, workflowId);
    const runs: MandateRun[] = [];
    let runId: string | undefined = current;
    while (runId) {
      const successor = runs[0];
      const history: HistoryJson =
        runId === current
          ? await this.currentRun(workflowId, runId)
          : await this.earlierRun(workflowId, runId, successor.history);
      runs.unshift({ runId, history });
      runId = startedOf(history).continuedExecutionRunId || undefined;
    }
    return runs;
  }

  /** Fetches a closed run from Temporal and archives it (idempotent; a different digest raises the alarm). */
  async archiveRun(workflowId: string, runId: string): Promise<ArchiveOutcome> {
    let text: string;
    try {
      text = await this.fetch(workflowId, runId);
    } catch (err) {
      if (isNotFound(err) && (await this.archive.read(workflowId, runId))) return 'already-archived';
      if (isNotFound(err)) throw new RecordIncomplete(workflowId, runId);
      throw err;
    }
    return this.archive.archive(workflowId, runId, text);
  }

  private async currentRunId(mandateId: string, workflowId: string): Promise<string> {
    try {
      return (await this.client.workflow.getHandle(workflowId).describe()).runId;
    } catch (err) {
      // A mandate whose last run closed and outlived retention lives on in the archive alone.
      const archived = err instanceof WorkflowNotFoundError ? await this.archive.lastRunId(workflowId) : undefined;
      if (archived) return archived;
      throw fromTemporal(err, mandateId);
    }
  }

  private async currentRun(workflowId: string, runId: string): Promise<HistoryJson> {
    let text: string;
    try {
      text = await this.fetch(workflowId, runId);
    } catch (err) {
      if (!isNotFound(err)) throw err;
      return (await this.archive.read(workflowId, runId)) ?? this.missing(workflowId, runId);
    }
    const history = JSON.parse(text) as HistoryJson;
    if (closureOf(history)) await this.archiveQuietly(workflowId, runId, text);
    return history;
  }

  private async earlierRun(workflowId: string, runId: string, successor: HistoryJson): Promise<HistoryJson> {
    const archived = await this.archive.read(workflowId, runId);
    if (archived) {
      // A history swapped in from another run keeps its own digest, but not its place in the chain.
      const continuedTo = (archived.events[archived.events.length - 1] as ContinuedAttributes | undefined)
        ?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId;
      const { originalExecutionRunId } = startedOf(successor);
      if (originalExecutionRunId && continuedTo !== originalExecutionRunId) {
        throw new RecordAltered(workflowId, runId, `it does not continue as new into run ${originalExecutionRunId}`);
      }
      return archived;
    }
    let text: string;
    try {
      text = await this.fetch(workflowId, runId);
    } catch (err) {
      if (isNotFound(err)) return this.missing(workflowId, runId);
      throw err;
    }
    await this.archiveQuietly(workflowId, runId, text);
    return JSON.parse(text) as HistoryJson;
  }

  private async fetch(workflowId: string, runId: string): Promise<string> {
    return historyToJSON(await this.client.workflow.getHandle(workflowId, runId).fetchHistory());
  }

  /** Archiving on the way serves the reader first: a failure is logged; the sweeper tries again later. */
  private async archiveQuietly(workflowId: string, runId: string, text: string): Promise<void> {
    try {
      await this.archive.archive(workflowId, runId, text);
    } catch (err) {
      this.logger.warn(`could not archive ${workflowId} run ${runId} on the way: ${String(err)}`);
    }
  }

  private missing(workflowId: string, runId: string): never {
    const error = new RecordIncomplete(workflowId, runId);
    this.logger.error(error.message);
    throw error;
  }
}

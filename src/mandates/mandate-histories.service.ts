import { Inject, Injectable } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { mandateWorkflowId, type RecordedEvent } from '../../workflows/mandate/contract';
import { domainEventsOf, type HistoryJson } from '../audit/history-events';
import { fromTemporal } from './temporal-errors';

export type HistoryEvent = RecordedEvent & { runId?: string; historyEventId?: number };

/** A mandate's raw Temporal histories, across the runs continue-as-new links, and the domain events they hold. */
@Injectable()
export class MandateHistories {
  constructor(@Inject(Client) private readonly client: Client) {}

  /** Every run of the mandate's workflow, oldest first. */
  async runs(mandateId: string): Promise<{ runId: string; history: HistoryJson }[]> {
    const workflowId = mandateWorkflowId(mandateId);
    const runs: { runId: string; history: HistoryJson }[] = [];
    try {
      let runId: string | undefined = (await this.client.workflow.getHandle(workflowId).describe()).runId;
      while (runId) {
        const history = JSON.parse(
          historyToJSON(await this.client.workflow.getHandle(workflowId, runId).fetchHistory()),
        ) as HistoryJson;
        runs.unshift({ runId, history });
        runId = history.events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
      }
    } catch (err) {
      throw fromTemporal(err, mandateId);
    }
    return runs;
  }

  /**
   * The domain events across runs, each with the run and history event (the projection that carried it) it
   * came from; `recent` (the current run's own log) adds those too new to be projected yet.
   */
  async events(mandateId: string, recent: RecordedEvent[]): Promise<HistoryEvent[]> {
    const runs = await this.runs(mandateId);
    const fromHistories: HistoryEvent[] = domainEventsOf(runs);
    const last = fromHistories[fromHistories.length - 1]?.sequence ?? 0;
    const currentRun = runs[runs.length - 1]?.runId;
    return [...fromHistories, ...recent.filter((e) => e.sequence > last).map((e) => ({ ...e, runId: currentRun }))];
  }
}

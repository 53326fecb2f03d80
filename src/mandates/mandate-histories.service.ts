import { Inject, Injectable } from '@nestjs/common';
import type { RecordedEvent } from '../../workflows/mandate/contract';
import { MandateHistoryReader } from '../archive/mandate-history-reader';
import { domainEventsOf, type HistoryJson } from '../audit/history-events';

export type HistoryEvent = RecordedEvent & { runId?: string; historyEventId?: number };

/** A mandate's raw histories, across the runs continue-as-new links (through the run archive), and their events. */
@Injectable()
export class MandateHistories {
  constructor(@Inject(MandateHistoryReader) private readonly reader: MandateHistoryReader) {}

  /** Every run of the mandate's workflow, oldest first. */
  runs(mandateId: string): Promise<{ runId: string; history: HistoryJson }[]> {
    return this.reader.runs(mandateId);
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

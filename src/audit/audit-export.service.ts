import { Inject, Injectable, type OnModuleInit, ServiceUnavailableException } from '@nestjs/common';
import { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { KeyObject } from 'node:crypto';
import { mandateWorkflowId, type RecordedEvent } from '../../workflows/mandate/contract';

export type HistoryEvent = RecordedEvent & { runId?: string; historyEventId?: number };
import { AppConfig } from '../config/app-config';
import { fromTemporal } from '../mandates/temporal-errors';
import { buildExport, type MandateExport, serializeExport, verifyExport, type Verdict } from './export';
import { domainEventsOf, type HistoryJson } from './history-events';
import { loadSigningKey, publicKeyPem } from './signing-key';

/** Exports a mandate's raw Temporal histories with a signed manifest, and checks exports. */
@Injectable()
export class AuditExportService implements OnModuleInit {
  private key?: KeyObject;

  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(AppConfig) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    if (this.config.AUDIT_SIGNING_KEY_FILE) this.key = loadSigningKey(this.config.AUDIT_SIGNING_KEY_FILE);
  }

  private signingKey(): KeyObject {
    if (!this.key) {
      throw new ServiceUnavailableException('exports are signed with AUDIT_SIGNING_KEY_FILE, which is not set');
    }
    return this.key;
  }

  publicKey(): string {
    return publicKeyPem(this.signingKey());
  }

  /** Every run of the mandate's workflow, oldest first (continue-as-new links each run to the one before). */
  private async runs(mandateId: string): Promise<{ runId: string; history: HistoryJson }[]> {
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
   * The mandate's whole history of domain events across its runs, each with the run and the history event
   * (the read-model projection that carried it) it came from; events too recent to be projected yet follow,
   * from the workflow's own log.
   */
  async history(mandateId: string, recent: RecordedEvent[]): Promise<HistoryEvent[]> {
    const runs = await this.runs(mandateId);
    const fromHistories: HistoryEvent[] = domainEventsOf(runs);
    const last = fromHistories[fromHistories.length - 1]?.sequence ?? 0;
    const currentRun = runs[runs.length - 1]?.runId;
    return [...fromHistories, ...recent.filter((e) => e.sequence > last).map((e) => ({ ...e, runId: currentRun }))];
  }

  async export(mandateId: string): Promise<string> {
    const file: MandateExport = buildExport(
      mandateId,
      mandateWorkflowId(mandateId),
      await this.runs(mandateId),
      this.signingKey(),
      new Date(),
    );
    return serializeExport(file);
  }

  verify(text: string): Verdict {
    return verifyExport(text, this.publicKey());
  }
}

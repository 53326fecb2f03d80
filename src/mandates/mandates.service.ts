import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  ServiceError,
  WithStartWorkflowOperation,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import { createHash } from 'node:crypto';
import {
  assignUpdate,
  closeUpdate,
  type CommandMeta,
  type CommandResult,
  type Envelope,
  eventsQuery,
  extendDeadlineUpdate,
  linkUpdate,
  MANDATE_WORKFLOW_TYPE,
  type MandateStateView,
  type MandateWorkflowInput,
  mandateWorkflowId,
  reassignUpdate,
  type RecordedEvent,
  recordFollowUpUpdate,
  registerUpdate,
  RULE_REQUEST_ALREADY_APPLIED,
  reviewProgressReportUpdate,
  setReportingScheduleUpdate,
  stateQuery,
  submitProgressReportUpdate,
  type UpdateResult,
} from '../../workflows/mandate/contract';
import { initialState, MandateRuleViolation, type Registration } from '../../workflows/mandate/lifecycle';
import { validate } from '../../workflows/mandate/command-checks';
import { canonicalJson } from '../audit/canonical-json';
import { AppConfig } from '../config/app-config';
import { SearchAttributeSupport } from '../temporal/search-attributes';
import { notificationPolicyFrom } from '../config/notification-settings';
import type {
  AssignMandateDto,
  CloseMandateDto,
  ExtendDeadlineDto,
  LinkMandateDto,
  ReassignMandateDto,
  RecordFollowUpDto,
  ReviewProgressReportDto,
  SetReportingScheduleDto,
  SubmitProgressReportDto,
} from './dto/mandate-commands.dto';
import type { RegisterMandateDto } from './dto/register-mandate.dto';
import { toReportingSchedule } from './dto/reporting-schedule.dto';
import { MandateHistories } from './mandate-histories.service';
import { MandateNotFound } from './mandate-not-found.error';
import { fromTemporal } from './temporal-errors';

export function toRegistration(dto: RegisterMandateDto): Registration {
  const { reportingSchedule, ...rest } = dto;
  return { ...rest, ...(reportingSchedule && { reportingSchedule: toReportingSchedule(reportingSchedule) }) };
}

/** Commands and queries on mandates, through their workflows (the event store). */
@Injectable()
export class MandatesService {
  constructor(
    @Inject(Client) private readonly client: Client,
    @Inject(AppConfig) private readonly config: AppConfig,
    private readonly histories: MandateHistories,
    @Inject(SearchAttributeSupport) private readonly searchAttributes: SearchAttributeSupport,
  ) {}

  /** Starts the mandate's workflow. The same resolution paragraph twice is a 409, never a second workflow. */
  async register(dto: RegisterMandateDto, meta: CommandMeta): Promise<MandateStateView> {
    return this.registerRegistration(toRegistration(dto), meta);
  }

  /** A registration as the decider takes it (the API's, or an import row's). */
  async registerRegistration(registration: Registration, meta: CommandMeta): Promise<MandateStateView> {
    const notificationPolicy = notificationPolicyFrom(this.config);
    // The rules run here first so that a refused registration starts nothing.
    const [registered] = validate(
      initialState,
      { type: 'RegisterMandate', registration, notificationPolicy },
      new Date(),
    );
    if (registered.type !== 'MandateRegistered') {
      throw new Error(`registration produced ${registered.type}`);
    }
    const { mandateId } = registered.data;
    const digest = createHash('sha256')
      .update(canonicalJson({ command: registerUpdate.name, body: registration }))
      .digest('hex');
    const input: MandateWorkflowInput = {
      registration,
      notificationPolicy,
      meta: { ...meta, digest },
      searchAttributes: this.searchAttributes.enabled,
    };
    // One round trip: the workflow starts (unless it runs already) and the update answers with its state; the same
    // request again gets the mandate it registered, another request for the same paragraph a 409.
    const startWorkflowOperation = new WithStartWorkflowOperation(MANDATE_WORKFLOW_TYPE, {
      workflowId: mandateWorkflowId(mandateId),
      taskQueue: this.config.TEMPORAL_TASK_QUEUE,
      args: [input],
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      // A registration whose workflow failed may be made again; one that stands may not.
      workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
    });
    try {
      const result = await this.client.workflow.executeUpdateWithStart(registerUpdate, {
        args: [{ meta: { ...meta, digest } }],
        updateId: `${registerUpdate.name}:${meta.requestId}:${digest.slice(0, 16)}`,
        startWorkflowOperation,
      });
      return result.state ?? (await this.state(mandateId));
    } catch (err) {
      throw fromTemporal(err, mandateId);
    }
  }

  /** What a registered mandate was registered with, and by which request; undefined when it is not registered. */
  async registrationOf(mandateId: string): Promise<{ registration: Registration; requestId: string } | undefined> {
    const [first] = await this.events(mandateId, 0);
    return first?.type === 'MandateRegistered'
      ? { registration: first.data.registration, requestId: first.requestId }
      : undefined;
  }

  async state(mandateId: string): Promise<MandateStateView> {
    return this.query(mandateId, () => this.handle(mandateId).query(stateQuery));
  }

  /** The domain events after `afterSequence`; those of earlier runs (continue-as-new) come from their histories. */
  async events(mandateId: string, afterSequence: number): Promise<RecordedEvent[]> {
    const recent = await this.query(mandateId, () => this.handle(mandateId).query(eventsQuery, afterSequence));
    if ((recent[0]?.sequence ?? Infinity) === afterSequence + 1) return recent;
    const state = await this.state(mandateId);
    if (state.lastSequence === afterSequence) return recent;
    const all = await this.histories.events(mandateId, recent);
    return all
      .filter((e) => e.sequence > afterSequence)
      .map(({ runId: _runId, historyEventId: _eventId, ...event }) => event);
  }

  assign(mandateId: string, dto: AssignMandateDto, meta: CommandMeta): Promise<CommandResult> {
    const { reason, ...assignee } = dto;
    return this.execute(mandateId, assignUpdate, { meta, command: { assignee, reason } });
  }

  reassign(mandateId: string, dto: ReassignMandateDto, meta: CommandMeta): Promise<CommandResult> {
    const { reason, ...assignee } = dto;
    return this.execute(mandateId, reassignUpdate, { meta, command: { assignee, reason } });
  }

  recordFollowUp(mandateId: string, dto: RecordFollowUpDto, meta: CommandMeta): Promise<CommandResult> {
    return this.execute(mandateId, recordFollowUpUpdate, { meta, command: { ...dto } });
  }

  submitProgressReport(mandateId: string, dto: SubmitProgressReportDto, meta: CommandMeta): Promise<CommandResult> {
    return this.execute(mandateId, submitProgressReportUpdate, { meta, command: { ...dto } });
  }

  reviewProgressReport(
    mandateId: string,
    reportId: string,
    dto: ReviewProgressReportDto,
    meta: CommandMeta,
  ): Promise<CommandResult> {
    return this.execute(mandateId, reviewProgressReportUpdate, { meta, command: { reportId, ...dto } });
  }

  async close(mandateId: string, dto: CloseMandateDto, meta: CommandMeta): Promise<CommandResult> {
    if (dto.outcome === 'superseded' && dto.successorMandateId !== undefined && dto.successorMandateId !== mandateId) {
      await this.requireRegistered(dto.successorMandateId, 'successor-not-registered');
    }
    return this.execute(mandateId, closeUpdate, { meta, command: { ...dto } });
  }

  setReportingSchedule(mandateId: string, dto: SetReportingScheduleDto, meta: CommandMeta): Promise<CommandResult> {
    const command = { schedule: toReportingSchedule(dto.schedule), reason: dto.reason };
    return this.execute(mandateId, setReportingScheduleUpdate, { meta, command });
  }

  extendDeadline(mandateId: string, dto: ExtendDeadlineDto, meta: CommandMeta): Promise<CommandResult> {
    return this.execute(mandateId, extendDeadlineUpdate, { meta, command: { ...dto } });
  }

  /** Links two mandates; the other records the inverse relation (the workflow sends it). */
  async link(mandateId: string, dto: LinkMandateDto, meta: CommandMeta): Promise<CommandResult> {
    if (dto.otherMandateId !== mandateId)
      await this.requireRegistered(dto.otherMandateId, 'other-mandate-not-registered');
    return this.execute(mandateId, linkUpdate, { meta, command: { ...dto } });
  }

  private async requireRegistered(mandateId: string, rule: string): Promise<void> {
    try {
      await this.state(mandateId);
    } catch (err) {
      if (err instanceof MandateNotFound) {
        throw new MandateRuleViolation(rule, `mandate ${mandateId} is not registered`);
      }
      throw err;
    }
  }

  private handle(mandateId: string) {
    return this.client.workflow.getHandle(mandateWorkflowId(mandateId));
  }

  private async query<T>(mandateId: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw fromTemporal(err, mandateId);
    }
  }

  /**
   * Sends a command as an update and answers with its events and the state after them (the update's own result:
   * one round trip; the state query when the result carries none, for a state too long to carry or a result
   * recorded before states were carried). The update id is the command's name, the request id and a digest of the
   * command, so a retried request applies once, and the same request id with another body is refused by the
   * workflow.
   */
  private async execute<C>(
    mandateId: string,
    update: UpdateDefinition<UpdateResult, [Envelope<C>]>,
    input: Envelope<C>,
  ): Promise<CommandResult> {
    const digest = createHash('sha256')
      .update(canonicalJson({ command: update.name, body: input.command }))
      .digest('hex');
    const envelope: Envelope<C> = { ...input, meta: { ...input.meta, digest } };
    const send = () =>
      this.handle(mandateId).executeUpdate(update, {
        args: [envelope],
        updateId: `${update.name}:${input.meta.requestId}:${digest.slice(0, 16)}`,
      });
    let result: UpdateResult;
    try {
      result = await this.sendOnce(mandateId, send);
    } catch (err) {
      // A request applied in an earlier run (the mandate continued as new since): its original outcome.
      if (!(err instanceof MandateRuleViolation) || err.rule !== RULE_REQUEST_ALREADY_APPLIED) throw err;
      const events = (await this.events(mandateId, 0)).filter((e) => e.requestId === input.meta.requestId);
      return { events, state: await this.state(mandateId) };
    }
    return { events: result.events, state: result.state ?? (await this.state(mandateId)) };
  }

  /**
   * An update that reached a run as it continued as new is failed by the server without being applied: it is sent
   * again, to the new run (which refuses it as already applied if the old run had applied it after all).
   */
  private async sendOnce(mandateId: string, send: () => Promise<UpdateResult>): Promise<UpdateResult> {
    try {
      return await send();
    } catch (err) {
      if (!(err instanceof ServiceError) || err instanceof WorkflowUpdateFailedError)
        throw fromTemporal(err, mandateId);
      try {
        return await send();
      } catch (retryErr) {
        throw fromTemporal(retryErr, mandateId);
      }
    }
  }
}

/**
 * One workflow per mandate: its history is the mandate's event store. This file is wiring: it keeps the state,
 * registers update and query handlers that call the pure lifecycle rules, and hands new events to the
 * read-model activity. The rules themselves live in ./lifecycle.
 */
import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import type { MandateActivities } from '../../activities';
import {
  assignUpdate,
  closeUpdate,
  type CommandMeta,
  type ContinuedRun,
  type UpdateResult,
  stateView,
  type Envelope,
  eventsQuery,
  extendDeadlineUpdate,
  INVALID_MANDATE_COMMAND,
  MANDATE_RULE_VIOLATION,
  type MandateStateView,
  type MandateWorkflowInput,
  reassignUpdate,
  type RecordedEvent,
  recordFollowUpUpdate,
  reviewProgressReportUpdate,
  setReportingScheduleUpdate,
  stateQuery,
  submitProgressReportUpdate,
} from './contract';
import { DEFAULT_NOTIFICATION_POLICY, nextNotificationAt } from './deadlines';
import {
  decide,
  evolve,
  type IssuedNotification,
  notificationPlan,
  initialState,
  InvalidMandateCommand,
  type MandateCommand,
  type MandateState,
  MandateRuleViolation,
} from './lifecycle';

/** Introduced behind a patch: histories recorded before it replay as they ran (see the README). */
const CONTINUE_AS_NEW = 'continue-as-new-when-suggested';

/** The actor of what the mandate does by itself: reminders, escalations, delivery records. */
const SYSTEM_ACTOR = 'system';

const { deliverNotification } = proxyActivities<MandateActivities>({
  // An e-mail and a webhook call; a delivery lost with a crashed worker is retried after this.
  startToCloseTimeout: '30 seconds',
  // Failing deliveries retry with backoff until they go through; the outbox shows them meanwhile.
  retry: { initialInterval: '30 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

const { projectMandate } = proxyActivities<MandateActivities>({
  // A few inserts in one transaction; a projection lost with a crashed worker is retried after this.
  startToCloseTimeout: '10 seconds',
  // The read model must catch up eventually: keep retrying with a capped backoff while PostgreSQL is away.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Turns domain errors into failures the caller sees; anything else is a bug and fails the workflow task. */
function asFailure(err: unknown): unknown {
  if (err instanceof MandateRuleViolation) {
    return ApplicationFailure.create({
      type: MANDATE_RULE_VIOLATION,
      message: err.message,
      details: [{ rule: err.rule }],
      nonRetryable: true,
    });
  }
  if (err instanceof InvalidMandateCommand) {
    return ApplicationFailure.create({
      type: INVALID_MANDATE_COMMAND,
      message: err.message,
      details: [{ field: err.field }],
      nonRetryable: true,
    });
  }
  return err;
}

/** How many request ids a run carries into the next, so that a retry spanning runs is still refused. */
const CARRIED_REQUEST_IDS = 1000;

class MandateLedger {
  private state: MandateState = initialState;
  /** This run's events; earlier runs' are in their own histories. */
  readonly events: RecordedEvent[] = [];
  private readonly base: number;
  private readonly registeredAt?: string;
  private readonly carriedLast?: { sequence: number; recordedAt: string };
  private readonly appliedBefore: ReadonlySet<string>;

  constructor(continued?: ContinuedRun) {
    this.base = continued?.last.sequence ?? 0;
    this.registeredAt = continued?.registeredAt;
    this.carriedLast = continued?.last;
    this.appliedBefore = new Set(continued?.appliedRequestIds ?? []);
    if (continued) this.state = continued.state;
  }

  decide(command: MandateCommand, meta?: CommandMeta) {
    try {
      // Temporal answers a repeated update id within a run; across runs the ids are carried here.
      if (meta && this.appliedBefore.has(meta.requestId)) {
        throw new MandateRuleViolation('request-already-applied', `request ${meta.requestId} was already applied`);
      }
      return decide(this.state, command, new Date());
    } catch (err) {
      throw asFailure(err);
    }
  }

  /** Decides and records a command's events; throws (recording nothing) when the rules refuse it. */
  execute(command: MandateCommand, meta: CommandMeta): UpdateResult {
    const recordedAt = new Date().toISOString();
    const first = this.lastSequence + 1;
    const recorded = this.decide(command, meta).map((event, i): RecordedEvent => {
      this.state = evolve(this.state, event);
      return { ...event, sequence: first + i, actor: meta.actor, requestId: meta.requestId, recordedAt };
    });
    this.events.push(...recorded);
    return { events: recorded };
  }

  /** When the next reminder or escalation is due, if one is planned. */
  nextNotificationAt(now: Date): string | undefined {
    return nextNotificationAt(notificationPlan(this.state), now);
  }

  get lastSequence(): number {
    return this.base + this.events.length;
  }

  view(): MandateStateView {
    const last = this.events[this.events.length - 1] ?? this.carriedLast;
    const registeredAt = this.registeredAt ?? this.events[0]?.recordedAt;
    if (this.state.status === 'unregistered' || !last || !registeredAt) {
      throw ApplicationFailure.nonRetryable('the mandate is not registered', MANDATE_RULE_VIOLATION);
    }
    return stateView(this.state, registeredAt, last);
  }

  /** What the next run starts from: the state, where the sequence stands, the request ids applied. */
  snapshot(): ContinuedRun {
    const view = this.view();
    const { lastSequence, registeredAt, updatedAt, ...state } = view;
    return {
      state,
      registeredAt,
      last: { sequence: lastSequence, recordedAt: updatedAt },
      appliedRequestIds: [...this.appliedBefore, ...this.events.map((e) => e.requestId)].slice(-CARRIED_REQUEST_IDS),
    };
  }
}

export async function mandateWorkflow(input: MandateWorkflowInput): Promise<void> {
  const ledger = new MandateLedger(input.continued);
  if (!input.continued) {
    ledger.execute(
      {
        type: 'RegisterMandate',
        registration: input.registration,
        notificationPolicy: input.notificationPolicy ?? DEFAULT_NOTIFICATION_POLICY,
      },
      input.meta,
    );
  }

  /** Every command is an update whose synchronous validator runs the same rules first: a refusal writes nothing. */
  function command<C>(
    update: UpdateDefinition<UpdateResult, [Envelope<C>]>,
    toCommand: (command: C) => MandateCommand,
  ): void {
    setHandler(update, ({ meta, command }) => ledger.execute(toCommand(command), meta), {
      validator: (input: Envelope<C>) => void ledger.decide(toCommand(input.command), input.meta),
    });
  }

  command(assignUpdate, (c) => ({ type: 'AssignMandate', ...c }));
  command(reassignUpdate, (c) => ({ type: 'ReassignMandate', ...c }));
  command(recordFollowUpUpdate, (c) => ({ type: 'RecordFollowUp', ...c }));
  command(submitProgressReportUpdate, (c) => ({ type: 'SubmitProgressReport', ...c }));
  command(reviewProgressReportUpdate, (c) => ({ type: 'ReviewProgressReport', ...c }));
  command(closeUpdate, (c) => ({ type: 'CloseMandate', ...c }));
  command(setReportingScheduleUpdate, (c) => ({ type: 'SetReportingSchedule', ...c }));
  command(extendDeadlineUpdate, (c) => ({ type: 'ExtendDeadline', ...c }));

  setHandler(stateQuery, () => ledger.view());
  setHandler(eventsQuery, (afterSequence = 0) => ledger.events.filter((e) => e.sequence > afterSequence));

  /** Sends an issued notification through the outbox and records each channel's delivery when it is done. */
  let deliveriesInFlight = 0;
  async function deliver(notification: IssuedNotification): Promise<void> {
    deliveriesInFlight++;
    try {
      await deliverAndRecord(notification);
    } finally {
      deliveriesInFlight--;
    }
  }

  async function deliverAndRecord(notification: IssuedNotification): Promise<void> {
    const { mandateId, registration } = ledger.view();
    const deliveries = await deliverNotification({
      mandateId,
      title: registration.title,
      resolutionSymbol: registration.resolutionSymbol,
      paragraph: registration.paragraph,
      notification,
    });
    for (const delivery of deliveries) {
      ledger.execute(
        { type: 'RecordNotificationDelivery', delivery },
        { actor: SYSTEM_ACTOR, requestId: `delivery:${delivery.key}:${delivery.channel}` },
      );
    }
  }

  // The mandate's own clock: issue reminders and escalations when due (a durable timer waits for the next one,
  // and any command re-plans it), and project new events into the read model, in order, one batch at a time.
  // A closed mandate's workflow stays open on purpose: a completed workflow's history is deleted after the
  // namespace's retention period, and this history is the mandate's permanent record.
  let projected = ledger.lastSequence - ledger.events.length;
  for (;;) {
    const issued = ledger.execute(
      { type: 'IssueDueNotifications' },
      { actor: SYSTEM_ACTOR, requestId: `notifications:${new Date().toISOString()}` },
    );
    for (const event of issued.events) {
      if (event.type === 'NotificationIssued') void deliver(event.data);
    }
    if (ledger.lastSequence > projected) {
      const batch = ledger.events.filter((e) => e.sequence > projected);
      await projectMandate({ mandateId: ledger.view().mandateId, events: batch });
      projected = batch[batch.length - 1].sequence;
      continue;
    }
    // A long-lived mandate moves to a fresh run when Temporal suggests it, once everything is projected, no
    // delivery is under way and no handler is running; the next run starts from this one's state.
    if (workflowInfo().continueAsNewSuggested && deliveriesInFlight === 0 && patched(CONTINUE_AS_NEW)) {
      await condition(allHandlersFinished);
      if (ledger.lastSequence === projected) {
        return await continueAsNew<typeof mandateWorkflow>({ ...input, continued: ledger.snapshot() });
      }
      continue;
    }
    const seen = ledger.lastSequence;
    const next = ledger.nextNotificationAt(new Date());
    await condition(() => ledger.lastSequence !== seen, next ? Date.parse(next) - Date.now() : undefined);
  }
}

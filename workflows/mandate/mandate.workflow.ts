/**
 * One workflow per mandate: its history is the mandate's event store. This file is wiring: it keeps the state
 * (./ledger), registers update and query handlers that call the pure lifecycle rules, and runs the mandate's own
 * work: projecting events into the read model, issuing and delivering reminders and escalations on durable timers,
 * and continuing as new when the history grows long.
 *
 * Design v3, and why. Update handlers and the completions of activities and timers change the same state. So that
 * the commands a workflow task emits never depend on the order in which one activation delivers those jobs, they
 * only change state and mark it `dirty`; every command comes from one place, the main loop's `reconcile()`, which
 * runs once the activation's jobs are all applied. (What protects against jobs being split differently between a
 * live task and its replay is the legacy-query guard, ../interceptors.ts.) Projections and deliveries run beside
 * the loop, never in it, so a failing one can hold up neither reminders nor continue-as-new.
 */
import {
  allHandlersFinished,
  CancellationScope,
  condition,
  continueAsNew,
  isCancellation,
  patched,
  proxyActivities,
  setHandler,
  sleep,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type { SearchAttributeUpdatePair, UpdateDefinition } from '@temporalio/common';
import type { MandateActivities } from '../../activities';
import {
  assignUpdate,
  closeUpdate,
  type Envelope,
  eventsQuery,
  type ContinuedRun,
  extendDeadlineUpdate,
  linkUpdate,
  MANDATE_SEARCH_ATTRIBUTES,
  type MandateWorkflowInput,
  reassignUpdate,
  recordCounterpartLinkUpdate,
  recordFollowUpUpdate,
  registerUpdate,
  reviewProgressReportUpdate,
  RUN_HISTORY_LIMIT,
  setReportingScheduleUpdate,
  stateQuery,
  submitProgressReportUpdate,
  type UpdateResult,
  updateResult,
} from './contract';
import { parseMeta, parseNotificationPolicy, parseRegistration } from './command-input';
import { addDays, DEFAULT_NOTIFICATION_POLICY } from './deadlines';
import { INVERSE_RELATION, type IssuedNotification, type MandateCommand } from './lifecycle';
import { checkCommand } from './command-checks';
import { asFailure, MandateLedger, SYSTEM_ACTOR } from './ledger';
import { runLegacyMandate } from './legacy.workflow';

/** Runs started before design v3 keep the main loop they started with (see ./legacy.workflow.ts). */
export const DESIGN_V3 = 'mandate-design-v3';

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

/** A new run's input: the registration, its metadata and policy, with the rules an update would meet. */
function checkStart(input: MandateWorkflowInput): void {
  try {
    const registration = parseRegistration(input.registration);
    const notificationPolicy = parseNotificationPolicy(input.notificationPolicy ?? DEFAULT_NOTIFICATION_POLICY);
    parseMeta(input.meta);
    checkCommand({ type: 'RegisterMandate', registration, notificationPolicy }, new Date());
  } catch (err) {
    throw asFailure(err);
  }
}

const { recordCounterpartLink } = proxyActivities<MandateActivities>({
  // One update on the other mandate's workflow.
  startToCloseTimeout: '30 seconds',
  // The other mandate may be busy or its worker away: keep trying; a missing or refusing mandate fails for good.
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '10 minutes' },
});

const { archiveRun } = proxyActivities<MandateActivities>({
  // Reads a closed run's history from Temporal and stores it; long histories take a while.
  startToCloseTimeout: '2 minutes',
  // It must happen before the namespace's retention deletes the run: keep trying (the worker's sweeper also does).
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

export async function mandateWorkflow(input: MandateWorkflowInput): Promise<void> {
  const v3 = patched(DESIGN_V3);
  // Any Temporal client can start a mandate workflow: a v3 run checks what it was started with, as an update is
  // checked, and fails (writing no event) if the registration is not well-formed.
  if (v3 && !input.continued) checkStart(input);
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

  let dirty = true;
  /**
   * Every command is an update whose synchronous validator checks all a client sent and the rules first: a
   * refusal writes nothing. The handler applies it and answers with its events and the state after them.
   */
  function command<C>(
    update: UpdateDefinition<UpdateResult, [Envelope<C>]>,
    toCommand: (command: C) => MandateCommand,
  ): void {
    setHandler(
      update,
      ({ meta, command }) => {
        const { events, state } = ledger.execute(toCommand(command), meta);
        dirty = true;
        return updateResult(events, state);
      },
      { validator: (input: Envelope<C>) => ledger.validate(update.name, input) },
    );
  }

  command(assignUpdate, (c) => ({ type: 'AssignMandate', ...c }));
  command(reassignUpdate, (c) => ({ type: 'ReassignMandate', ...c }));
  command(recordFollowUpUpdate, (c) => ({ type: 'RecordFollowUp', ...c }));
  command(submitProgressReportUpdate, (c) => ({ type: 'SubmitProgressReport', ...c }));
  command(reviewProgressReportUpdate, (c) => ({ type: 'ReviewProgressReport', ...c }));
  command(closeUpdate, (c) => ({ type: 'CloseMandate', ...c }));
  command(setReportingScheduleUpdate, (c) => ({ type: 'SetReportingSchedule', ...c }));
  command(extendDeadlineUpdate, (c) => ({ type: 'ExtendDeadline', ...c }));

  // Registration by update-with-start; runs of every design answer it (a handler emits no command).
  setHandler(
    registerUpdate,
    () =>
      updateResult(
        ledger.events.filter((e) => e.type === 'MandateRegistered'),
        ledger.view(),
      ),
    { validator: (registerInput: unknown) => ledger.validateRegistration(registerInput, input.meta) },
  );
  setHandler(stateQuery, () => ledger.view());
  setHandler(eventsQuery, (afterSequence = 0) => ledger.events.filter((e) => e.sequence > afterSequence));

  // Histories written before design v3 replay through the main loop that wrote them.
  if (!v3) return runLegacyMandate(input, ledger);
  const historyLimit = input.historyLimit ?? RUN_HISTORY_LIMIT;

  const { mandateId } = ledger.view();

  // Lineage (design v3): links to other mandates, recorded on both. The other side is sent by this workflow.
  command(linkUpdate, (c) => ({ type: 'LinkMandate', ...c }));
  command(recordCounterpartLinkUpdate, (c) => ({ type: 'RecordCounterpartLink', ...c }));
  type Counterpart = NonNullable<ContinuedRun['pendingCounterparts']>[number];
  /** Links whose other side is still to be recorded, by link id; those in flight are marked. */
  const counterparts = new Map<string, Counterpart>(
    (input.continued?.pendingCounterparts ?? []).map((c) => [c.link.linkId, c]),
  );
  const sending = new Set<string>();
  let linksSeenThrough = ledger.base;
  /** The other sides this run's new events ask for: links made here, and a closure naming its successor. */
  function collectCounterparts(): void {
    for (const event of ledger.events.filter((e) => e.sequence > linksSeenThrough)) {
      const meta = { actor: event.actor, actorName: event.actorName, roles: event.actorRoles };
      const linkId = `${mandateId}#${event.sequence}`;
      if (event.type === 'MandateLinked' && event.data.linkId === linkId) {
        counterparts.set(linkId, {
          targetMandateId: event.data.otherMandateId,
          link: { ...event.data, relation: INVERSE_RELATION[event.data.relation], otherMandateId: mandateId },
          meta,
        });
      }
      if (event.type === 'MandateClosed' && event.data.outcome === 'superseded' && event.data.successorMandateId) {
        counterparts.set(linkId, {
          targetMandateId: event.data.successorMandateId,
          link: { linkId, relation: 'supersedes', otherMandateId: mandateId, reason: event.data.reason },
          meta,
        });
      }
    }
    linksSeenThrough = ledger.lastSequence;
  }
  function sendCounterparts(): void {
    for (const [linkId, counterpart] of counterparts) {
      if (sending.has(linkId)) continue;
      sending.add(linkId);
      recordCounterpartLink(counterpart).then(
        () => settle(() => [counterparts.delete(linkId), sending.delete(linkId)]),
        // A mandate that does not exist or refuses it: the link stays one-sided; nothing to retry.
        () => settle(() => [counterparts.delete(linkId), sending.delete(linkId)]),
      );
    }
  }

  // --- Projection into the read model: one batch in flight at a time, beside the main loop.
  /** Events up to here were handed to a projection (those of earlier runs: by those runs). */
  let scheduledThrough = ledger.base;
  let projecting = false;
  /** A continued run's first projection runs even with no new event, to heal what its predecessor left undone. */
  let mustSync = !!input.continued;
  function project(): void {
    const events = ledger.events.filter((e) => e.sequence > scheduledThrough);
    if (events.length === 0 && !mustSync) return;
    mustSync = false;
    scheduledThrough = ledger.lastSequence;
    projecting = true;
    // `through`: the read model must reflect every event up to there (a continued run's first projection heals
    // what its predecessor's last one may have left undone).
    projectMandate({ mandateId, events, through: scheduledThrough }).then(
      () => settle(() => (projecting = false)),
      () => settle(() => (projecting = false)),
    );
  }

  // --- Deliveries of issued notifications, beside the main loop; each records its channels when done.
  const delivering = new Set<string>();
  function deliver(notification: IssuedNotification): void {
    if (delivering.has(notification.key)) return;
    delivering.add(notification.key);
    const { registration } = ledger.view();
    deliverNotification({
      mandateId,
      title: registration.title,
      resolutionSymbol: registration.resolutionSymbol,
      paragraph: registration.paragraph,
      notification,
    }).then(
      (deliveries) =>
        settle(() => {
          delivering.delete(notification.key);
          for (const delivery of deliveries) {
            ledger.execute(
              { type: 'RecordNotificationDelivery', delivery },
              { actor: SYSTEM_ACTOR, requestId: `delivery:${delivery.key}:${delivery.channel}` },
            );
          }
        }),
      () => settle(() => delivering.delete(notification.key)),
    );
  }

  // --- The mandate's clock: one durable timer, for the next reminder or escalation.
  let armedFor: string | undefined;
  let armedScope: CancellationScope | undefined;
  function arm(at: string | undefined): void {
    if (at === armedFor) return;
    armedScope?.cancel();
    armedFor = at;
    armedScope = undefined;
    if (at === undefined) return;
    const scope = new CancellationScope();
    armedScope = scope;
    scope
      .run(() => sleep(Math.max(1, Date.parse(at) - Date.now())))
      .then(
        () =>
          settle(() => {
            if (armedScope === scope) [armedFor, armedScope] = [undefined, undefined];
          }),
        (err: unknown) => {
          if (!isCancellation(err)) throw err;
        },
      );
  }

  /** What a completion does: change state, never emit a command; the main loop reconciles. */
  function settle(change: () => void): void {
    change();
    dirty = true;
  }

  // A continued run first redelivers what its predecessor left under way, and catches the read model up.
  if (input.continued) {
    const pending = new Set(input.continued.pendingDeliveries ?? []);
    const state = ledger.view();
    for (const n of state.notifications) if (pending.has(n.key)) deliver(n);
  }

  // A continued run stores its predecessor's history in the run archive, before retention can delete it.
  let archivePredecessor = workflowInfo().continuedFromExecutionRunId;

  // --- What Temporal indexes of the mandate: upserted when it changes (and once at the start of each run).
  const indexed = new Map<string, string>();
  /** When the mandate turns overdue (the day after its due date begins), if that is still ahead. */
  function overdueFrom(now: Date): string | undefined {
    const view = ledger.view();
    const current = view.status === 'closed' ? undefined : view.reporting?.current;
    const at = current && `${addDays(current.dueOn, 1)}T00:00:00.000Z`;
    return at && at > now.toISOString() ? at : undefined;
  }
  function index(now: Date): void {
    if (!input.searchAttributes) return;
    const view = ledger.view();
    const current = view.status === 'closed' ? undefined : view.reporting?.current;
    const keys = MANDATE_SEARCH_ATTRIBUTES;
    const pairs: SearchAttributeUpdatePair[] = [
      { key: keys.status, value: view.status },
      { key: keys.body, value: view.registration.body },
      { key: keys.dependency, value: view.assignee?.dependencyId ?? view.assignee?.dependency ?? null },
      { key: keys.nextDueOn, value: current ? new Date(`${current.dueOn}T00:00:00.000Z`) : null },
      { key: keys.overdue, value: !!current && current.dueOn < now.toISOString().slice(0, 10) },
    ];
    const changed = pairs.filter((p) => indexed.get(p.key.name) !== JSON.stringify(p.value));
    if (changed.length === 0) return;
    for (const p of changed) indexed.set(p.key.name, JSON.stringify(p.value));
    upsertSearchAttributes(changed);
  }

  /** All commands come from here, once the activation's jobs are applied, in one fixed order. */
  function reconcile(): void {
    if (archivePredecessor) {
      archiveRun({ workflowId: workflowInfo().workflowId, runId: archivePredecessor }).catch(() => undefined);
      archivePredecessor = undefined;
    }
    const issued = ledger.execute(
      { type: 'IssueDueNotifications' },
      { actor: SYSTEM_ACTOR, requestId: `notifications:${new Date().toISOString()}` },
    );
    for (const event of issued.events) if (event.type === 'NotificationIssued') deliver(event.data);
    collectCounterparts();
    sendCounterparts();
    if (!projecting) project();
    const now = new Date();
    index(now);
    const wakes = [ledger.nextNotificationAt(now), input.searchAttributes ? overdueFrom(now) : undefined];
    arm(wakes.filter((at): at is string => at !== undefined).sort()[0]);
  }

  // A closed mandate's workflow stays open on purpose: a completed workflow's history is deleted after the
  // namespace's retention period, and this history is the mandate's permanent record.
  for (;;) {
    await condition(() => dirty);
    dirty = false;
    reconcile();
    const info = workflowInfo();
    if (info.continueAsNewSuggested || info.historyLength >= historyLimit) {
      // Not postponed for work under way: every event is handed to a projection (its input stays in this history,
      // the next run heals the read model), and deliveries under way are redone by the next run (the outbox sends
      // each once).
      if (ledger.lastSequence > scheduledThrough) project();
      await condition(allHandlersFinished);
      return await continueAsNew<typeof mandateWorkflow>({
        ...input,
        historyLimit: RUN_HISTORY_LIMIT,
        continued: ledger.snapshot([...delivering], [...counterparts.values()]),
      });
    }
  }
}

/**
 * The mandate workflow's contract: its name, task queue, inputs, updates, queries and the shapes they carry.
 * The API (client side) and the workflow both import this file; it imports nothing from Node, Nest or TypeORM.
 */
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { CommandMeta } from './command-input';
import type { NotificationPolicy } from './deadlines';
import type { MandateCommand, MandateEvent, MandateLink, MandateState, Registration } from './lifecycle';

export type { CommandMeta } from './command-input';

export const MANDATE_TASK_QUEUE = 'mandates';
export const MANDATE_WORKFLOW_TYPE = 'mandateWorkflow';

/** Workflow ids carry a prefix so that other workflow types can share the namespace. */
export function mandateWorkflowId(mandateId: string): string {
  return `mandate:${mandateId}`;
}

/** What a run hands to the next when it continues as new. */
export interface ContinuedRun {
  state: Exclude<MandateState, { status: 'unregistered' }>;
  registeredAt: string;
  last: { sequence: number; recordedAt: string };
  /** Request ids applied in earlier runs (the latest ones), so that a retry spanning runs is still refused. */
  appliedRequestIds: string[];
  /** The digest of each of those requests' bodies, where it was given: a reused id with another body is refused. */
  requestDigests?: Record<string, string>;
  /** Notifications whose delivery was under way when the run continued: the next run delivers them again. */
  pendingDeliveries?: string[];
  /** Links whose other side was not yet recorded on the other mandate: the next run sends them again. */
  pendingCounterparts?: {
    targetMandateId: string;
    link: MandateLink;
    meta: Pick<CommandMeta, 'actor' | 'actorName' | 'roles'>;
  }[];
}

/**
 * A run continues as new once its history reaches this many events (or sooner, when Temporal suggests it): short
 * histories keep replays, and tasks for mandates not in a worker's cache, fast. Fixed for a run by its input.
 */
export const RUN_HISTORY_LIMIT = 1000;

/**
 * What Temporal indexes of each mandate (`temporal workflow list --query "MandateStatus='closed'"`, the Web UI's
 * filters). The namespace must declare them (`npm start`, the compose stack and the test servers do).
 */
export const MANDATE_SEARCH_ATTRIBUTES = {
  status: defineSearchAttributeKey('MandateStatus', SearchAttributeType.KEYWORD),
  body: defineSearchAttributeKey('MandateBody', SearchAttributeType.KEYWORD),
  /** The assigned dependency's identifier (its name when it has none). */
  dependency: defineSearchAttributeKey('MandateDependency', SearchAttributeType.KEYWORD),
  nextDueOn: defineSearchAttributeKey('MandateNextDueOn', SearchAttributeType.DATETIME),
  overdue: defineSearchAttributeKey('MandateOverdue', SearchAttributeType.BOOL),
} as const;

/** The same, as `temporal operator search-attribute create --name N --type T` and `--search-attribute N=T` take them. */
export const SEARCH_ATTRIBUTE_DECLARATIONS: [name: string, type: string][] = [
  ['MandateStatus', 'Keyword'],
  ['MandateBody', 'Keyword'],
  ['MandateDependency', 'Keyword'],
  ['MandateNextDueOn', 'Datetime'],
  ['MandateOverdue', 'Bool'],
];

export interface MandateWorkflowInput {
  registration: Registration;
  /** Reminder and escalation rules from the configuration, fixed for the mandate when it is registered. */
  notificationPolicy?: NotificationPolicy;
  meta: CommandMeta;
  /** Present when this run continues an earlier one. */
  continued?: ContinuedRun;
  /** The history length at which this run continues as new; RUN_HISTORY_LIMIT when absent. */
  historyLimit?: number;
  /** Whether the namespace declares MANDATE_SEARCH_ATTRIBUTES, so that the workflow keeps them up to date. */
  searchAttributes?: boolean;
}

/** A domain event as stored in the mandate's history, with who and when. */
export type RecordedEvent = MandateEvent & {
  sequence: number;
  /** The subject who issued the command (`system` for the mandate's own clock). */
  actor: string;
  /** Their display name and the roles they acted under, when the caller gave them. */
  actorName?: string;
  actorRoles?: string[];
  requestId: string;
  /** Workflow time when the event was recorded (ISO 8601). */
  recordedAt: string;
};

/** Failure types a caller can see in an `ApplicationFailure` from a mandate update. */
export const RULE_REQUEST_ALREADY_APPLIED = 'request-already-applied';
export const RULE_IDEMPOTENCY_KEY_REUSED = 'idempotency-key-reused';
export const MANDATE_RULE_VIOLATION = 'MandateRuleViolation';
export const INVALID_MANDATE_COMMAND = 'InvalidMandateCommand';

export interface MandateFailureDetails {
  rule?: string;
  field?: string;
}

export type MandateStateView = Exclude<MandateState, { status: 'unregistered' }> & {
  lastSequence: number;
  registeredAt: string;
  updatedAt: string;
};

/**
 * What a command update returns: the events it appended and the state after them, so that a caller needs no
 * second round trip. (Results of updates are not compared on replay: adding to them, or leaving out, is safe for
 * old histories.)
 */
export interface UpdateResult {
  events: RecordedEvent[];
  /**
   * Absent in results recorded before it was added, and when the state's lists hold more than
   * RESULT_STATE_MAX_ENTRIES entries (the caller then reads the state with the state query).
   */
  state?: MandateStateView;
}

/**
 * The most entries (follow-ups, reports, notifications, links) a state may list and still travel in an update's
 * result. Every result is written into the run's history: a state that grows with each command would make the
 * history grow with the square of the commands (a run of 600 follow-ups was 25 MiB), every replay and export
 * carrying it. A mandate with more (decades of the OAS's pace) pays a query after each command instead.
 */
export const RESULT_STATE_MAX_ENTRIES = 64;

/** A command's result: its events, and the state after them while the state is small enough to carry. */
export function updateResult(events: RecordedEvent[], state: MandateStateView): UpdateResult {
  const entries =
    state.followUps.length + state.reports.length + state.notifications.length + (state.links?.length ?? 0);
  return entries <= RESULT_STATE_MAX_ENTRIES ? { events, state } : { events };
}

/** What the API answers a command with: those events and the state after them. */
export interface CommandResult {
  events: RecordedEvent[];
  state: MandateStateView;
}

/** The state as queries and the read model show it, with the sequence and times of its events. */
export function stateView(
  state: Exclude<MandateState, { status: 'unregistered' }>,
  registeredAt: string,
  last: Pick<RecordedEvent, 'sequence' | 'recordedAt'>,
): MandateStateView {
  return { ...state, lastSequence: last.sequence, registeredAt, updatedAt: last.recordedAt };
}

/** What an update carries: who asked, and the command without its type (the update's name says it). */
export type Envelope<C> = { meta: CommandMeta; command: C };
export type CommandOf<T extends MandateCommand['type']> = Omit<Extract<MandateCommand, { type: T }>, 'type'>;

export type AssignInput = Envelope<CommandOf<'AssignMandate'>>;
export type ReassignInput = Envelope<CommandOf<'ReassignMandate'>>;
export type RecordFollowUpInput = Envelope<CommandOf<'RecordFollowUp'>>;
export type SubmitProgressReportInput = Envelope<CommandOf<'SubmitProgressReport'>>;
export type ReviewProgressReportInput = Envelope<CommandOf<'ReviewProgressReport'>>;
export type CloseMandateInput = Envelope<CommandOf<'CloseMandate'>>;
export type SetReportingScheduleInput = Envelope<CommandOf<'SetReportingSchedule'>>;
export type ExtendDeadlineInput = Envelope<CommandOf<'ExtendDeadline'>>;

export const assignUpdate = defineUpdate<UpdateResult, [AssignInput]>('assign');
export const reassignUpdate = defineUpdate<UpdateResult, [ReassignInput]>('reassign');
export const recordFollowUpUpdate = defineUpdate<UpdateResult, [RecordFollowUpInput]>('recordFollowUp');
export const submitProgressReportUpdate = defineUpdate<UpdateResult, [SubmitProgressReportInput]>(
  'submitProgressReport',
);
export const reviewProgressReportUpdate = defineUpdate<UpdateResult, [ReviewProgressReportInput]>(
  'reviewProgressReport',
);
export const closeUpdate = defineUpdate<UpdateResult, [CloseMandateInput]>('close');
export const setReportingScheduleUpdate = defineUpdate<UpdateResult, [SetReportingScheduleInput]>(
  'setReportingSchedule',
);
export const extendDeadlineUpdate = defineUpdate<UpdateResult, [ExtendDeadlineInput]>('extendDeadline');
export type LinkInput = Envelope<CommandOf<'LinkMandate'>>;
export type RecordCounterpartLinkInput = Envelope<CommandOf<'RecordCounterpartLink'>>;
export const linkUpdate = defineUpdate<UpdateResult, [LinkInput]>('link');
/** The other side of a link, sent by the origin mandate's workflow (an activity), never by the API. */
export const recordCounterpartLinkUpdate = defineUpdate<UpdateResult, [RecordCounterpartLinkInput]>(
  'recordCounterpartLink',
);

/**
 * Registration, sent with the workflow's start (update-with-start): answers with the registration and the state,
 * and refuses a registration of the same paragraph by another request (`mandate-already-registered`).
 */
export const registerUpdate = defineUpdate<UpdateResult, [{ meta: CommandMeta }]>('register');

export const stateQuery = defineQuery<MandateStateView>('state');
/** Events with a sequence number greater than `afterSequence` (all when omitted). */
export const eventsQuery = defineQuery<RecordedEvent[], [afterSequence?: number]>('events');

/**
 * The lifecycle rules of one mandate, as a decider: `decide(state, command, now)` returns the events a command
 * produces or throws a domain error; `evolve(state, event)` folds an event into the state. Pure code: no clock
 * (time comes in as `now`), no I/O. The workflow runs it; unit tests drive it without a server.
 */

import {
  DEFAULT_NOTIFICATION_POLICY,
  dueDateOfCycle,
  dueNotifications,
  type NotificationPolicy,
  planNotifications,
  type PlannedNotification,
  type ReportingSchedule,
} from './deadlines';

export { isStorableText } from './fields';

export const RESOLUTION_BODIES = ['GENERAL_ASSEMBLY', 'PERMANENT_COUNCIL'] as const;
export type ResolutionBody = (typeof RESOLUTION_BODIES)[number];

export const FOLLOW_UP_KINDS = [
  'meeting',
  'coordination',
  'technical_assistance',
  'funds_raised',
  'event',
  'publication',
  'other',
] as const;
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];

/** Closure outcomes: the OAS review vocabulary (CAJP) where it fits, plus `discontinued`. */
export const CLOSURE_OUTCOMES = [
  'fulfilled',
  'superseded',
  'discontinued',
  'duplicate',
  'non_mandate',
  'procedural',
] as const;
export type ClosureOutcome = (typeof CLOSURE_OUTCOMES)[number];

/**
 * How two mandates relate, each relation seen from the mandate that records it: a renewal, a supersession, a
 * merger or a split, across resolutions and years. Every link is recorded on both mandates.
 */
export const LINK_RELATIONS = [
  'renews',
  'renewed_by',
  'supersedes',
  'superseded_by',
  'merges',
  'merged_into',
  'splits_into',
  'split_from',
] as const;
export type LinkRelation = (typeof LINK_RELATIONS)[number];

/** The same link seen from the other mandate. */
export const INVERSE_RELATION: Record<LinkRelation, LinkRelation> = {
  renews: 'renewed_by',
  renewed_by: 'renews',
  supersedes: 'superseded_by',
  superseded_by: 'supersedes',
  merges: 'merged_into',
  merged_into: 'merges',
  splits_into: 'split_from',
  split_from: 'splits_into',
};

export const REVIEW_DECISIONS = ['accepted', 'returned'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];

export const MANDATE_STATUSES = ['registered', 'assigned', 'in_follow_up', 'report_under_review', 'closed'] as const;
export type MandateStatus = (typeof MANDATE_STATUSES)[number];

import { earliestAdoptionDay, mandateIdOf } from './resolution';

export { mandateIdFor, mandateIdOf, RESOLUTION_SYMBOL_PATTERNS, symbolMatchesBody } from './resolution';

/** How sure the registrar is of what a registration says (the sample data's own scale). */
export const CONFIDENCE_LEVELS = ['high', 'medium', 'low'] as const;
export type ConfidenceLevel = (typeof CONFIDENCE_LEVELS)[number];

/**
 * How an adoption date is known: `recorded` from the resolution or a source (the default), or derived from the
 * `session`: the date another resolution of the same session or Council meeting was adopted.
 */
export const ADOPTION_DATE_BASES = ['recorded', 'session'] as const;
export type AdoptionDateBasis = (typeof ADOPTION_DATE_BASES)[number];

// ---------------------------------------------------------------------------------------------------------------
// Commands

export interface Registration {
  body: ResolutionBody;
  /** A resolution or declaration: AG/RES., AG/DEC., CP/RES., CP/DEC. */
  resolutionSymbol: string;
  /**
   * The operative paragraph as the resolution numbers it (`3`, `12.b`; `4-5` for one mandate over consecutive
   * paragraphs). Absent for an unnumbered paragraph, which has an `ordinal` instead.
   */
  paragraph?: string;
  /** The section of the resolution the paragraph is numbered in, when numbering restarts in each (`MISPA`). */
  section?: string;
  /** An unnumbered paragraph's place among the resolution's unnumbered mandates: 1, 2, … (stable: part of the id). */
  ordinal?: number;
  /** The paragraph as the source words it, verbatim (`4 and 5`), when it says more than `paragraph`. */
  paragraphLabel?: string;
  /** ISO date, YYYY-MM-DD. Absent when unknown: the symbol's `/yy` gives the year. */
  adoptedOn?: string;
  /** How adoptedOn is known; absent means `recorded`. */
  adoptedOnBasis?: AdoptionDateBasis;
  /** Absent when the source does not show it. */
  title?: string;
  text: string;
  area?: string;
  /** The resolution's words on reporting ("annually to the Permanent Council"). */
  reportingRequirement?: string;
  /** When reports are due; reminders and escalations follow from it. */
  reportingSchedule?: ReportingSchedule;
  /** Who the resolution makes responsible, in its words: a proposal, distinct from the assignee. */
  responsible?: string;
  /** The responsible dependency's code (DPS), when the resolution names one of the Secretariat's. */
  responsibleDependencyId?: string;
  /** Where the mandate was read: a link, and/or a document symbol, with a note on how it was read. */
  sourceUrl?: string;
  sourceDocument?: string;
  sourceNote?: string;
  confidence?: ConfidenceLevel;
}

export interface Assignee {
  /** The dependency's name, as shown. */
  dependency: string;
  /** Its stable identifier (DPS, CICAD, …): what officers' access and lists match on. Absent in old events. */
  dependencyId?: string;
  officer: string;
  /** Where the officer's reminders go. */
  officerEmail?: string;
}

export type MandateCommand =
  | { type: 'RegisterMandate'; registration: Registration; notificationPolicy: NotificationPolicy }
  | { type: 'AssignMandate'; assignee: Assignee; reason?: string }
  | { type: 'ReassignMandate'; assignee: Assignee; reason: string }
  | {
      type: 'RecordFollowUp';
      kind: FollowUpKind;
      summary: string;
      /** ISO date of the action. */
      date: string;
      evidenceUrl?: string;
    }
  | {
      type: 'SubmitProgressReport';
      periodFrom: string;
      periodTo: string;
      summary: string;
      documentUrl: string;
    }
  | { type: 'ReviewProgressReport'; reportId: string; decision: ReviewDecision; comments?: string }
  | {
      type: 'CloseMandate';
      outcome: ClosureOutcome;
      reason: string;
      successorMandateId?: string;
      finalReportReference?: string;
    }
  | { type: 'SetReportingSchedule'; schedule: ReportingSchedule; reason: string }
  | { type: 'ExtendDeadline'; newDueOn: string; reason: string }
  /** The system's own command, when a reminder or escalation may be due. */
  | { type: 'IssueDueNotifications' }
  | { type: 'RecordNotificationDelivery'; delivery: NotificationDelivery }
  /** A link to another mandate, asked for on this one. */
  | { type: 'LinkMandate'; relation: LinkRelation; otherMandateId: string; reason: string }
  /** The other side of a link another mandate recorded (sent by that mandate's workflow). */
  | { type: 'RecordCounterpartLink'; link: MandateLink };

/** One channel's delivery of an issued notification. */
export interface NotificationDelivery {
  key: string;
  channel: 'email' | 'webhook';
  address: string;
  sentAt: string;
}

export type MandateCommandType = MandateCommand['type'];

// ---------------------------------------------------------------------------------------------------------------
// Events

export type MandateEvent =
  | {
      type: 'MandateRegistered';
      data: {
        mandateId: string;
        registration: Registration;
        notificationPolicy: NotificationPolicy;
        reporting?: ReportingCycle;
      };
    }
  | { type: 'MandateAssigned'; data: Assignee & { reason?: string } }
  | { type: 'MandateReassigned'; data: { from: Assignee; to: Assignee; reason: string } }
  | {
      type: 'FollowUpRecorded';
      data: { actionId: string; kind: FollowUpKind; summary: string; date: string; evidenceUrl?: string };
    }
  | {
      type: 'ProgressReportSubmitted';
      data: {
        reportId: string;
        periodFrom: string;
        periodTo: string;
        summary: string;
        documentUrl: string;
        submittedAt: string;
      };
    }
  | { type: 'ProgressReportAccepted'; data: { reportId: string; comments?: string; reviewedAt: string } }
  | { type: 'ProgressReportReturned'; data: { reportId: string; comments: string; reviewedAt: string } }
  | {
      type: 'MandateClosed';
      data: {
        outcome: ClosureOutcome;
        reason: string;
        successorMandateId?: string;
        finalReportReference?: string;
        closedAt: string;
      };
    }
  | { type: 'ReportingScheduleSet'; data: { schedule: ReportingSchedule; reason: string; reporting?: ReportingCycle } }
  | { type: 'DeadlineExtended'; data: { cycle: number; fromDueOn: string; toDueOn: string; reason: string } }
  | { type: 'NotificationIssued'; data: IssuedNotification }
  | { type: 'NotificationDelivered'; data: NotificationDelivery }
  | { type: 'MandateLinked'; data: MandateLink };

/** A link between two mandates, as one of them records it. `linkId` is the same on both sides. */
export interface MandateLink {
  linkId: string;
  relation: LinkRelation;
  otherMandateId: string;
  reason: string;
}

/** The reporting cycle now running: its number (0-based) and its due date, extensions included. */
export interface ReportingCycle {
  cycle: number;
  dueOn: string;
}

/** A reminder or escalation the mandate issued, to whom. Deliveries follow as NotificationDelivered. */
export interface IssuedNotification extends Omit<PlannedNotification, 'at'> {
  dependency: string;
  officer: string;
  officerEmail?: string;
  /** When it was due to go out (ISO date-time) and when it was issued. */
  scheduledFor: string;
  issuedAt: string;
}

export type MandateEventType = MandateEvent['type'];

// ---------------------------------------------------------------------------------------------------------------
// State

export interface FollowUpAction {
  actionId: string;
  kind: FollowUpKind;
  summary: string;
  date: string;
  evidenceUrl?: string;
}

export type ProgressReportStatus = 'under_review' | 'accepted' | 'returned';

export interface ProgressReport {
  reportId: string;
  periodFrom: string;
  periodTo: string;
  summary: string;
  documentUrl: string;
  submittedAt: string;
  status: ProgressReportStatus;
  reviewedAt?: string;
  comments?: string;
}

export interface Closure {
  outcome: ClosureOutcome;
  reason: string;
  successorMandateId?: string;
  finalReportReference?: string;
  closedAt: string;
}

export type MandateState =
  | { status: 'unregistered' }
  | {
      status: MandateStatus;
      mandateId: string;
      registration: Registration;
      assignee?: Assignee;
      followUps: FollowUpAction[];
      reports: ProgressReport[];
      closure?: Closure;
      notificationPolicy: NotificationPolicy;
      /** The reporting schedule and the cycle now running; no `current` once every cycle is reported. */
      reporting?: { schedule: ReportingSchedule; current?: ReportingCycle };
      notifications: (IssuedNotification & { deliveries: NotificationDelivery[] })[];
      /** Links to other mandates (lineage); absent in states folded before lineage existed. */
      links?: MandateLink[];
    };

export type RegisteredMandateState = Exclude<MandateState, { status: 'unregistered' }>;

export const initialState: MandateState = { status: 'unregistered' };

// ---------------------------------------------------------------------------------------------------------------
// Errors

/** A command that is well-formed but breaks a lifecycle rule in the mandate's current state (HTTP 409). */
export class MandateRuleViolation extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'MandateRuleViolation';
  }
}

/** A command whose field is invalid whatever the state (HTTP 400). The API's DTOs catch most of these first. */
export class InvalidMandateCommand extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
    this.name = 'InvalidMandateCommand';
  }
}

function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------------------------
// decide: the lifecycle rules. Field checks are not repeated here (see checkCommand in ./command-checks.ts): an update handler runs this
// on replay too, where a command already accepted must be decided exactly as it was.

function requireRegistered(state: MandateState): RegisteredMandateState {
  if (state.status === 'unregistered') {
    throw new MandateRuleViolation('mandate-not-registered', 'the mandate is not registered');
  }
  return state;
}

function requireOpen(state: MandateState): RegisteredMandateState {
  const registered = requireRegistered(state);
  if (registered.status === 'closed') {
    throw new MandateRuleViolation(
      'mandate-closed',
      `the mandate was closed (${registered.closure?.outcome ?? 'closed'}) and takes no further commands`,
    );
  }
  return registered;
}

function requireAssigned(state: MandateState, what: string): RegisteredMandateState & { assignee: Assignee } {
  const open = requireOpen(state);
  if (!open.assignee) {
    throw new MandateRuleViolation(
      'mandate-not-assigned',
      `the mandate must be assigned to a dependency before ${what}`,
    );
  }
  return { ...open, assignee: open.assignee };
}

function reportUnderReview(state: RegisteredMandateState): ProgressReport | undefined {
  return state.reports.find((r) => r.status === 'under_review');
}

const MAX_CYCLES = 10_000;

/** The first cycle of a schedule due today or later: deadlines already past when it is set are not chased. */
export function currentCycleFrom(schedule: ReportingSchedule, today: string): ReportingCycle | undefined {
  for (let cycle = 0; cycle < MAX_CYCLES; cycle++) {
    const dueOn = dueDateOfCycle(schedule, cycle);
    if (dueOn === undefined) return undefined;
    if (dueOn >= today) return { cycle, dueOn };
  }
  return undefined;
}

/** The reminders and escalations of the cycle now running, when anyone is to be reminded at all. */
export function notificationPlan(state: MandateState): PlannedNotification[] {
  if (state.status === 'unregistered' || state.status === 'closed' || !state.assignee) return [];
  const current = state.reporting?.current;
  if (!current || reportUnderReview(state)) return [];
  return planNotifications(state.mandateId, current.cycle, current.dueOn, state.notificationPolicy);
}

/**
 * The lifecycle rules. `nextSequence` (the sequence number the first event will get) names what must be unique
 * across mandates, such as a link's id.
 */
export function decide(state: MandateState, command: MandateCommand, now: Date, nextSequence?: number): MandateEvent[] {
  switch (command.type) {
    case 'RegisterMandate': {
      if (state.status !== 'unregistered') {
        throw new MandateRuleViolation('mandate-already-registered', 'the mandate is already registered');
      }
      const r = command.registration;
      if (earliestAdoptionDay(r) > isoDay(now)) {
        throw new MandateRuleViolation(
          'adoption-in-future',
          r.adoptedOn ? `adoptedOn ${r.adoptedOn} is after today` : `${r.resolutionSymbol} is of a year to come`,
        );
      }
      return [
        {
          type: 'MandateRegistered',
          data: {
            mandateId: mandateIdOf(r),
            registration: r,
            notificationPolicy: command.notificationPolicy,
            reporting: r.reportingSchedule && currentCycleFrom(r.reportingSchedule, isoDay(now)),
          },
        },
      ];
    }

    case 'AssignMandate': {
      const open = requireOpen(state);
      if (open.assignee) {
        throw new MandateRuleViolation(
          'mandate-already-assigned',
          `the mandate is already assigned to ${open.assignee.officer} (${open.assignee.dependency}); reassign it with a reason`,
        );
      }
      return [{ type: 'MandateAssigned', data: { ...command.assignee, reason: command.reason } }];
    }

    case 'ReassignMandate': {
      const assigned = requireAssigned(state, 'it can be reassigned');
      const from = assigned.assignee;
      if (
        from.dependency === command.assignee.dependency &&
        from.dependencyId === command.assignee.dependencyId &&
        from.officer === command.assignee.officer
      ) {
        throw new MandateRuleViolation(
          'reassignment-unchanged',
          `the mandate is already assigned to ${from.officer} (${from.dependency})`,
        );
      }
      return [
        {
          type: 'MandateReassigned',
          data: { from: { ...from }, to: { ...command.assignee }, reason: command.reason },
        },
      ];
    }

    case 'RecordFollowUp': {
      const assigned = requireAssigned(state, 'follow-up can be recorded');
      if (command.date > isoDay(now)) {
        throw new MandateRuleViolation(
          'follow-up-in-future',
          `a follow-up action is recorded once it happened; date ${command.date} is after today`,
        );
      }
      const adopted = earliestAdoptionDay(assigned.registration);
      if (command.date < adopted) {
        throw new MandateRuleViolation(
          'follow-up-before-adoption',
          `date ${command.date} is before the resolution was adopted (${assigned.registration.adoptedOn ?? `in ${adopted.slice(0, 4)}`})`,
        );
      }
      return [
        {
          type: 'FollowUpRecorded',
          data: {
            actionId: `F${assigned.followUps.length + 1}`,
            kind: command.kind,
            summary: command.summary,
            date: command.date,
            evidenceUrl: command.evidenceUrl,
          },
        },
      ];
    }

    case 'SubmitProgressReport': {
      const assigned = requireAssigned(state, 'a progress report can be submitted');
      const pending = reportUnderReview(assigned);
      if (pending) {
        throw new MandateRuleViolation(
          'report-already-under-review',
          `progress report ${pending.reportId} is still under review; review it before submitting another`,
        );
      }
      return [
        {
          type: 'ProgressReportSubmitted',
          data: {
            reportId: `R${assigned.reports.length + 1}`,
            periodFrom: command.periodFrom,
            periodTo: command.periodTo,
            summary: command.summary,
            documentUrl: command.documentUrl,
            submittedAt: now.toISOString(),
          },
        },
      ];
    }

    case 'ReviewProgressReport': {
      const open = requireOpen(state);
      const pending = reportUnderReview(open);
      if (!pending) {
        throw new MandateRuleViolation('no-report-under-review', 'no progress report is waiting for review');
      }
      if (pending.reportId !== command.reportId) {
        throw new MandateRuleViolation(
          'report-not-under-review',
          `progress report ${command.reportId} is not the one under review (${pending.reportId} is)`,
        );
      }
      const reviewedAt = now.toISOString();
      if (command.decision === 'returned') {
        return [
          {
            type: 'ProgressReportReturned',
            data: { reportId: pending.reportId, comments: command.comments ?? '', reviewedAt },
          },
        ];
      }
      return [
        {
          type: 'ProgressReportAccepted',
          data: { reportId: pending.reportId, comments: command.comments, reviewedAt },
        },
      ];
    }

    case 'CloseMandate': {
      const open = requireOpen(state);
      if (command.outcome === 'superseded' && command.successorMandateId === open.mandateId) {
        throw new MandateRuleViolation('successor-is-self', 'a mandate cannot supersede itself');
      }
      const pending = reportUnderReview(open);
      if (pending) {
        throw new MandateRuleViolation(
          'report-under-review',
          `progress report ${pending.reportId} is under review; review it before closing the mandate`,
        );
      }
      return [
        {
          type: 'MandateClosed',
          data: {
            outcome: command.outcome,
            reason: command.reason,
            successorMandateId: command.successorMandateId,
            finalReportReference: command.finalReportReference,
            closedAt: now.toISOString(),
          },
        },
      ];
    }

    case 'SetReportingSchedule': {
      requireOpen(state);
      return [
        {
          type: 'ReportingScheduleSet',
          data: {
            schedule: command.schedule,
            reason: command.reason,
            reporting: currentCycleFrom(command.schedule, isoDay(now)),
          },
        },
      ];
    }

    case 'ExtendDeadline': {
      const open = requireOpen(state);
      const current = open.reporting?.current;
      if (!current) {
        throw new MandateRuleViolation('no-deadline', 'the mandate has no reporting deadline to extend');
      }
      if (command.newDueOn <= current.dueOn) {
        throw new MandateRuleViolation(
          'extension-not-later',
          `an extension moves the deadline later than ${current.dueOn}; ${command.newDueOn} is not`,
        );
      }
      return [
        {
          type: 'DeadlineExtended',
          data: { cycle: current.cycle, fromDueOn: current.dueOn, toDueOn: command.newDueOn, reason: command.reason },
        },
      ];
    }

    case 'LinkMandate': {
      const registered = requireRegistered(state);
      if (command.otherMandateId === registered.mandateId) {
        throw new MandateRuleViolation('link-to-self', 'a mandate cannot be linked to itself');
      }
      const same = (registered.links ?? []).find(
        (l) => l.relation === command.relation && l.otherMandateId === command.otherMandateId,
      );
      if (same) {
        throw new MandateRuleViolation(
          'link-already-recorded',
          `this mandate already ${command.relation.replace('_', ' ')} ${command.otherMandateId} (link ${same.linkId})`,
        );
      }
      return [
        {
          type: 'MandateLinked',
          data: {
            // Unique across mandates, and the same on the other side: this mandate and the event's sequence.
            linkId: `${registered.mandateId}#${nextSequence ?? 0}`,
            relation: command.relation,
            otherMandateId: command.otherMandateId,
            reason: command.reason,
          },
        },
      ];
    }

    case 'RecordCounterpartLink': {
      const registered = requireRegistered(state);
      if (command.link.otherMandateId === registered.mandateId) {
        throw new MandateRuleViolation('link-to-self', 'a mandate cannot be linked to itself');
      }
      // Delivered at least once: the second time it is already there.
      if ((registered.links ?? []).some((l) => l.linkId === command.link.linkId)) return [];
      return [{ type: 'MandateLinked', data: { ...command.link } }];
    }

    case 'IssueDueNotifications': {
      if (state.status === 'unregistered' || !state.assignee) return [];
      const issued = new Set(state.notifications.map((n) => n.key));
      const assignee = state.assignee;
      return dueNotifications(notificationPlan(state), issued, now).map((n) => ({
        type: 'NotificationIssued',
        data: {
          key: n.key,
          kind: n.kind,
          cycle: n.cycle,
          dueOn: n.dueOn,
          days: n.days,
          to: n.to,
          dependency: assignee.dependency,
          officer: assignee.officer,
          officerEmail: assignee.officerEmail,
          scheduledFor: n.at,
          issuedAt: now.toISOString(),
        },
      }));
    }

    case 'RecordNotificationDelivery': {
      const registered = requireRegistered(state);
      const { key, channel } = command.delivery;
      const notification = registered.notifications.find((n) => n.key === key);
      if (!notification) {
        throw new MandateRuleViolation('unknown-notification', `no notification ${key} was issued`);
      }
      if (notification.deliveries.some((d) => d.channel === channel)) return [];
      return [{ type: 'NotificationDelivered', data: { ...command.delivery } }];
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// evolve

function registered(state: MandateState, event: MandateEvent): RegisteredMandateState {
  if (state.status === 'unregistered') {
    throw new Error(`${event.type} cannot apply to an unregistered mandate`);
  }
  return state;
}

/** Where the mandate goes once nothing is under review: follow-up once anything has been done, else assigned. */
function settledStatus(state: RegisteredMandateState): MandateStatus {
  return state.followUps.length > 0 || state.reports.length > 0 ? 'in_follow_up' : 'assigned';
}

function withReport(
  state: RegisteredMandateState,
  reportId: string,
  change: Partial<ProgressReport>,
): RegisteredMandateState {
  const reports = state.reports.map((r) => (r.reportId === reportId ? { ...r, ...change } : r));
  const next = { ...state, reports };
  return { ...next, status: settledStatus(next) };
}

export function evolve(state: MandateState, event: MandateEvent): MandateState {
  switch (event.type) {
    case 'MandateRegistered': {
      const schedule = event.data.registration.reportingSchedule;
      return {
        status: 'registered',
        mandateId: event.data.mandateId,
        registration: event.data.registration,
        followUps: [],
        reports: [],
        // Mandates registered before policies existed get the default one.
        notificationPolicy: event.data.notificationPolicy ?? DEFAULT_NOTIFICATION_POLICY,
        reporting: schedule && { schedule, current: event.data.reporting },
        notifications: [],
      };
    }
    case 'MandateAssigned': {
      const { reason, ...assignee } = event.data; // the reason stays in the event, not in the state
      return { ...registered(state, event), status: 'assigned', assignee };
    }
    case 'MandateReassigned':
      return { ...registered(state, event), assignee: { ...event.data.to } };
    case 'FollowUpRecorded': {
      const s = registered(state, event);
      return {
        ...s,
        status: s.status === 'report_under_review' ? s.status : 'in_follow_up',
        followUps: [...s.followUps, { ...event.data }],
      };
    }
    case 'ProgressReportSubmitted': {
      const s = registered(state, event);
      return {
        ...s,
        status: 'report_under_review',
        reports: [...s.reports, { ...event.data, status: 'under_review' }],
      };
    }
    case 'ProgressReportAccepted': {
      // An accepted report completes the cycle now running; the next cycle's deadline takes over.
      const s = withReport(registered(state, event), event.data.reportId, {
        status: 'accepted',
        reviewedAt: event.data.reviewedAt,
        comments: event.data.comments,
      });
      const reporting = s.reporting;
      if (!reporting?.current) return s;
      const cycle = reporting.current.cycle + 1;
      const dueOn = dueDateOfCycle(reporting.schedule, cycle);
      return { ...s, reporting: { ...reporting, current: dueOn === undefined ? undefined : { cycle, dueOn } } };
    }
    case 'ProgressReportReturned':
      return withReport(registered(state, event), event.data.reportId, {
        status: 'returned',
        reviewedAt: event.data.reviewedAt,
        comments: event.data.comments,
      });
    case 'MandateClosed':
      return { ...registered(state, event), status: 'closed', closure: { ...event.data } };
    case 'ReportingScheduleSet':
      return {
        ...registered(state, event),
        reporting: { schedule: event.data.schedule, current: event.data.reporting },
      };
    case 'DeadlineExtended': {
      const s = registered(state, event);
      return s.reporting
        ? { ...s, reporting: { ...s.reporting, current: { cycle: event.data.cycle, dueOn: event.data.toDueOn } } }
        : s;
    }
    case 'NotificationIssued': {
      const s = registered(state, event);
      return { ...s, notifications: [...s.notifications, { ...event.data, deliveries: [] }] };
    }
    case 'NotificationDelivered': {
      const s = registered(state, event);
      const notifications = s.notifications.map((n) =>
        n.key === event.data.key ? { ...n, deliveries: [...n.deliveries, { ...event.data }] } : n,
      );
      return { ...s, notifications };
    }
    case 'MandateLinked': {
      const s = registered(state, event);
      return { ...s, links: [...(s.links ?? []), { ...event.data }] };
    }
  }
}

export function fold(events: readonly MandateEvent[], from: MandateState = initialState): MandateState {
  return events.reduce(evolve, from);
}

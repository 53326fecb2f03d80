/**
 * Test data builders for reporting deadlines (deadlines.ts) and the reporting rules of the mandate decider
 * (lifecycle.ts): schedules, the reporting commands, their events, and histories of mandates with a deadline.
 * Pure code like the decider itself: no Node, no clock; every date is a fixed literal relative to `NOW`
 * (2026-03-15T12:00:00Z) of lifecycle.builders.ts.
 */
import { DEFAULT_NOTIFICATION_POLICY, type ReportingSchedule } from './deadlines';
import {
  mandateIdOf,
  type Assignee,
  type IssuedNotification,
  type MandateCommand,
  type MandateEvent,
  type NotificationDelivery,
  type Registration,
  type ReportingCycle,
} from './lifecycle';
import { MANDATE_ID, SEDI_OFFICER, aRegistration, mandateAssigned } from './lifecycle.builders';

type CommandOfType<T extends MandateCommand['type']> = Extract<MandateCommand, { type: T }>;
type EventOfType<T extends MandateEvent['type']> = Extract<MandateEvent, { type: T }>;

// ---------------------------------------------------------------------------------------------------------------
// Schedules

export function onceSchedule(dueOn: string): ReportingSchedule {
  return { kind: 'once', dueOn };
}

export function everyMonthsSchedule(months: number, firstDueOn: string): ReportingSchedule {
  return { kind: 'every_months', months, firstDueOn };
}

export function sessionsSchedule(...sessionDates: string[]): ReportingSchedule {
  return { kind: 'sessions', sessionDates };
}

/**
 * Every six months from 30 September 2025: cycle 0 (2025-09-30) was already past at `NOW`, cycle 1 is due on
 * 2026-03-30 (fifteen days ahead), cycle 2 on 2026-09-30.
 */
export const SEMIANNUAL = everyMonthsSchedule(6, '2025-09-30');
/** The cycle of `SEMIANNUAL` running at `NOW`. */
export const SEMIANNUAL_CURRENT: ReportingCycle = { cycle: 1, dueOn: '2026-03-30' };

/** Every twelve months from 1 March 2026: at `NOW`, cycle 0 is fourteen days overdue. */
export const ANNUAL_OVERDUE = everyMonthsSchedule(12, '2026-03-01');
/** The cycle of `ANNUAL_OVERDUE` running at `NOW` (set when the mandate was registered, before it fell due). */
export const ANNUAL_OVERDUE_CURRENT: ReportingCycle = { cycle: 0, dueOn: '2026-03-01' };

// ---------------------------------------------------------------------------------------------------------------
// Assignees

/** `SEDI_OFFICER` with the address their reminders go to. */
export const SEDI_OFFICER_WITH_EMAIL: Assignee = { ...SEDI_OFFICER, officerEmail: 'mfernandez@oas.org' };
/** Another officer, in another dependency, with an address. */
export const DDOT_OFFICER_WITH_EMAIL: Assignee = {
  dependency: 'DDOT',
  officer: 'John Carter',
  officerEmail: 'jcarter@oas.org',
};

// ---------------------------------------------------------------------------------------------------------------
// Commands

export function registerScheduledMandate(
  schedule: ReportingSchedule,
  registration: Registration = aRegistration(),
): CommandOfType<'RegisterMandate'> {
  return {
    type: 'RegisterMandate',
    registration: { ...registration, reportingSchedule: schedule },
    notificationPolicy: DEFAULT_NOTIFICATION_POLICY,
  };
}

export function setReportingSchedule(
  schedule: ReportingSchedule = SEMIANNUAL,
  reason = 'The Permanent Council asked for half-yearly reports',
): CommandOfType<'SetReportingSchedule'> {
  return { type: 'SetReportingSchedule', schedule, reason };
}

export function extendDeadline(
  newDueOn: string,
  reason = 'The Permanent Council postponed its regular meeting',
): CommandOfType<'ExtendDeadline'> {
  return { type: 'ExtendDeadline', newDueOn, reason };
}

export function issueDueNotifications(): CommandOfType<'IssueDueNotifications'> {
  return { type: 'IssueDueNotifications' };
}

/** An e-mail delivery of `key`, sent five seconds after `NOW`. */
export function aDelivery(
  key: string,
  overrides: Partial<Omit<NotificationDelivery, 'key'>> = {},
): NotificationDelivery {
  return { key, channel: 'email', address: 'mfernandez@oas.org', sentAt: '2026-03-15T12:00:05.000Z', ...overrides };
}

export function recordNotificationDelivery(
  delivery: NotificationDelivery,
): CommandOfType<'RecordNotificationDelivery'> {
  return { type: 'RecordNotificationDelivery', delivery };
}

// ---------------------------------------------------------------------------------------------------------------
// Events

/** `MandateRegistered` of `aRegistration()` with `schedule`, its running cycle as given (fixed, not computed). */
export function scheduledMandateRegistered(
  schedule: ReportingSchedule,
  reporting: ReportingCycle | undefined,
  registration: Registration = aRegistration(),
): EventOfType<'MandateRegistered'> {
  const withSchedule = { ...registration, reportingSchedule: schedule };
  return {
    type: 'MandateRegistered',
    data: {
      mandateId: mandateIdOf(withSchedule),
      registration: withSchedule,
      notificationPolicy: DEFAULT_NOTIFICATION_POLICY,
      reporting,
    },
  };
}

export function reportingScheduleSet(
  schedule: ReportingSchedule,
  reporting: ReportingCycle | undefined,
  reason = 'The Permanent Council asked for half-yearly reports',
): EventOfType<'ReportingScheduleSet'> {
  return { type: 'ReportingScheduleSet', data: { schedule, reason, reporting } };
}

export function deadlineExtended(
  cycle: number,
  fromDueOn: string,
  toDueOn: string,
  reason = 'The Permanent Council postponed its regular meeting',
): EventOfType<'DeadlineExtended'> {
  return { type: 'DeadlineExtended', data: { cycle, fromDueOn, toDueOn, reason } };
}

/** The key of the officer's escalation on the day `ANNUAL_OVERDUE` cycle 0 fell due. */
export const OVERDUE_ESCALATION_KEY = `${MANDATE_ID}/c0/2026-03-01/escalation-0-officer`;

/** The officer's escalation of `ANNUAL_OVERDUE` cycle 0, issued on time. */
export function notificationIssued(overrides: Partial<IssuedNotification> = {}): EventOfType<'NotificationIssued'> {
  return {
    type: 'NotificationIssued',
    data: {
      key: OVERDUE_ESCALATION_KEY,
      kind: 'escalation',
      cycle: 0,
      dueOn: '2026-03-01',
      days: 0,
      to: 'officer',
      dependency: SEDI_OFFICER.dependency,
      officer: SEDI_OFFICER.officer,
      scheduledFor: '2026-03-01T13:00:00.000Z',
      issuedAt: '2026-03-01T13:00:00.000Z',
      ...overrides,
    },
  };
}

export function notificationDelivered(delivery: NotificationDelivery): EventOfType<'NotificationDelivered'> {
  return { type: 'NotificationDelivered', data: { ...delivery } };
}

// ---------------------------------------------------------------------------------------------------------------
// Histories. Each returns a fresh array. Given no arguments, `SEMIANNUAL` (cycle 1 due 2026-03-30); given a schedule,
// its running cycle must be given too, `undefined` for none (a schedule with no date left when it was set).

type ScheduleAndCycle = [] | [schedule: ReportingSchedule, reporting: ReportingCycle | undefined];

function scheduleAndCycle(args: ScheduleAndCycle): [ReportingSchedule, ReportingCycle | undefined] {
  return args.length === 0 ? [SEMIANNUAL, SEMIANNUAL_CURRENT] : args;
}

/** Registered with a schedule and its running cycle, nobody assigned. */
export function scheduledMandate(...args: ScheduleAndCycle): MandateEvent[] {
  const [schedule, reporting] = scheduleAndCycle(args);
  return [scheduledMandateRegistered(schedule, reporting)];
}

/** Registered with a schedule and its running cycle, assigned to `SEDI_OFFICER`. */
export function assignedScheduledMandate(...args: ScheduleAndCycle): MandateEvent[] {
  return [...scheduledMandate(...args), mandateAssigned()];
}

/** Assigned to `SEDI_OFFICER`, `ANNUAL_OVERDUE` cycle 0 due on 2026-03-01 and not reported: overdue at `NOW`. */
export function overdueMandate(): MandateEvent[] {
  return assignedScheduledMandate(ANNUAL_OVERDUE, ANNUAL_OVERDUE_CURRENT);
}

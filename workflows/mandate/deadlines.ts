/**
 * Reporting deadlines: due dates from a mandate's reporting schedule, and the reminders and escalations planned
 * around the current due date. Pure code (dates in, dates out), run by the workflow and by the API.
 */

export const SCHEDULE_KINDS = ['once', 'every_months', 'sessions'] as const;

/** When a mandate reports: once, every N months, or to each regular session of the body (dates given). */
export type ReportingSchedule =
  | { kind: 'once'; dueOn: string }
  | { kind: 'every_months'; months: number; firstDueOn: string }
  | { kind: 'sessions'; sessionDates: string[] };

export const RECIPIENT_ROLES = ['officer', 'dependency_head', 'secretary'] as const;
export type RecipientRole = (typeof RECIPIENT_ROLES)[number];

/** Which notifications go out around a due date; taken from configuration when the mandate is registered. */
export interface NotificationPolicy {
  /** Reminders to the responsible officer, this many days before the due date. */
  reminderDaysBefore: number[];
  /** Once overdue: who is told, this many days after the due date. */
  escalation: { daysAfter: number; to: RecipientRole }[];
  /** Time of day (UTC, HH:MM) at which a notification of a given day goes out. */
  timeUtc: string;
}

export const DEFAULT_NOTIFICATION_POLICY: NotificationPolicy = {
  reminderDaysBefore: [30, 7, 1],
  escalation: [
    { daysAfter: 0, to: 'officer' },
    { daysAfter: 7, to: 'dependency_head' },
    { daysAfter: 30, to: 'secretary' },
  ],
  timeUtc: '13:00',
};

export type NotificationKind = 'reminder' | 'escalation';

export interface PlannedNotification {
  /** Deterministic: the same mandate, cycle, due date and step always give the same key (the idempotency key). */
  key: string;
  kind: NotificationKind;
  cycle: number;
  dueOn: string;
  /** Days before (reminder) or after (escalation) the due date. */
  days: number;
  to: RecipientRole;
  /** ISO date-time at which it is due to go out. */
  at: string;
}

const DAY_MS = 86_400_000;

function utcDate(isoDay: string): Date {
  return new Date(`${isoDay}T00:00:00Z`);
}

export function addDays(isoDay: string, days: number): string {
  return new Date(utcDate(isoDay).getTime() + days * DAY_MS).toISOString().slice(0, 10);
}

/** Adds calendar months, keeping the day or clamping it to the month's last day (31 Jan + 1 month = 28 Feb). */
export function addMonths(isoDay: string, months: number): string {
  const d = utcDate(isoDay);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), lastDay));
  return target.toISOString().slice(0, 10);
}

/** The due date of reporting cycle `cycle` (0-based), or undefined when the schedule has no such cycle. */
export function dueDateOfCycle(schedule: ReportingSchedule, cycle: number): string | undefined {
  switch (schedule.kind) {
    case 'once':
      return cycle === 0 ? schedule.dueOn : undefined;
    case 'every_months':
      return addMonths(schedule.firstDueOn, cycle * schedule.months);
    case 'sessions':
      return [...schedule.sessionDates].sort()[cycle];
  }
}

/** The due dates of the next `count` cycles from `cycle` on (for calendars). */
export function upcomingDueDates(schedule: ReportingSchedule, cycle: number, count: number): string[] {
  const dates: string[] = [];
  for (let c = cycle; dates.length < count; c++) {
    const due = dueDateOfCycle(schedule, c);
    if (due === undefined) break;
    dates.push(due);
  }
  return dates;
}

function at(isoDay: string, timeUtc: string): string {
  const [hours, minutes] = timeUtc.split(':').map(Number);
  return new Date(utcDate(isoDay).getTime() + (hours * 60 + minutes) * 60_000).toISOString();
}

/** Every reminder and escalation of one cycle's due date, in time order. */
export function planNotifications(
  mandateId: string,
  cycle: number,
  dueOn: string,
  policy: NotificationPolicy,
): PlannedNotification[] {
  const reminders = policy.reminderDaysBefore.map((days): PlannedNotification => ({
    key: `${mandateId}/c${cycle}/${dueOn}/reminder-${days}`,
    kind: 'reminder',
    cycle,
    dueOn,
    days,
    to: 'officer',
    at: at(addDays(dueOn, -days), policy.timeUtc),
  }));
  const escalations = policy.escalation.map(({ daysAfter, to }): PlannedNotification => ({
    key: `${mandateId}/c${cycle}/${dueOn}/escalation-${daysAfter}-${to}`,
    kind: 'escalation',
    cycle,
    dueOn,
    days: daysAfter,
    to,
    at: at(addDays(dueOn, daysAfter), policy.timeUtc),
  }));
  return [...reminders, ...escalations].sort((a, b) => a.at.localeCompare(b.at));
}

/**
 * What is due to go out at `now` and has not: every escalation step whose time has come (each tells someone
 * new), but of the reminders only the latest one whose time has come, so that a mandate registered a week
 * before its deadline gets one reminder, not three at once.
 */
export function dueNotifications(
  plan: PlannedNotification[],
  issued: ReadonlySet<string>,
  now: Date,
): PlannedNotification[] {
  const past = plan.filter((n) => n.at <= now.toISOString());
  const latestReminder = past.filter((n) => n.kind === 'reminder').pop();
  return past.filter((n) => !issued.has(n.key) && (n.kind === 'escalation' || n === latestReminder));
}

/** When the next planned notification goes out, if any is still ahead of `now`. */
export function nextNotificationAt(plan: PlannedNotification[], now: Date): string | undefined {
  return plan.find((n) => n.at > now.toISOString())?.at;
}

import { DEFAULT_NOTIFICATION_POLICY, planNotifications, type ReportingSchedule } from './deadlines';
import {
  ANNUAL_OVERDUE,
  ANNUAL_OVERDUE_CURRENT,
  DDOT_OFFICER_WITH_EMAIL,
  OVERDUE_ESCALATION_KEY,
  SEDI_OFFICER_WITH_EMAIL,
  SEMIANNUAL,
  SEMIANNUAL_CURRENT,
  aDelivery,
  assignedScheduledMandate,
  deadlineExtended,
  everyMonthsSchedule,
  extendDeadline,
  issueDueNotifications,
  notificationDelivered,
  notificationIssued,
  onceSchedule,
  overdueMandate,
  recordNotificationDelivery,
  registerScheduledMandate,
  reportingScheduleSet,
  scheduledMandate,
  scheduledMandateRegistered,
  sessionsSchedule,
  setReportingSchedule,
} from './deadlines.builders';
import { currentCycleFrom, fold, notificationPlan, type MandateCommand, type MandateEvent } from './lifecycle';
import {
  DDOT_OFFICER,
  MANDATE_ID,
  NOW,
  NOW_ISO,
  SEDI_OFFICER,
  TODAY,
  acceptReport,
  assignMandate,
  assignedMandate,
  closedMandate,
  mandateAssigned,
  mandateClosed,
  mandateInFollowUp,
  mandateReassigned,
  progressReportAccepted,
  progressReportReturned,
  progressReportSubmitted,
  registerMandate,
  registeredMandate,
  returnReport,
} from './lifecycle.builders';
import { stateOf, thenInvalidField, thenRuleViolation, when } from './lifecycle.testing';

// ---------------------------------------------------------------------------------------------------------------
// given / when / then

/** The given events followed by those `command` decides on them at `at`. */
function after(given: readonly MandateEvent[], command: MandateCommand, at: Date = NOW): MandateEvent[] {
  return [...given, ...when(given, command, at)];
}

/** `kind-days-to` of each issued notification, in order: which steps went out. */
function issuedSteps(events: readonly MandateEvent[]): string[] {
  return events.map((e) => (e.type === 'NotificationIssued' ? `${e.data.kind}-${e.data.days}-${e.data.to}` : e.type));
}

const NO_EVENTS: MandateEvent[] = [];

/** The key `planNotifications` gives a step of cycle 0 of `ANNUAL_OVERDUE`. */
const overdueKey = (step: string) => `${MANDATE_ID}/c0/2026-03-01/${step}`;

// ---------------------------------------------------------------------------------------------------------------

describe('registration with a reporting schedule', () => {
  it.each<{ what: string; schedule: ReportingSchedule; cycle: number; dueOn: string }>([
    { what: 'every 6 months, cycle 0 past', schedule: SEMIANNUAL, cycle: 1, dueOn: '2026-03-30' },
    {
      what: 'every 3 months, first due in the future',
      schedule: everyMonthsSchedule(3, '2026-05-31'),
      cycle: 0,
      dueOn: '2026-05-31',
    },
    {
      what: 'every month, several cycles past',
      schedule: everyMonthsSchedule(1, '2025-10-31'),
      cycle: 5,
      dueOn: '2026-03-31',
    },
    {
      what: 'sessions listed out of order, the earliest past',
      schedule: sessionsSchedule('2026-10-01', '2025-06-20', '2026-06-10'),
      cycle: 1,
      dueOn: '2026-06-10',
    },
    { what: 'once, in the future', schedule: onceSchedule('2026-09-30'), cycle: 0, dueOn: '2026-09-30' },
    { what: 'once, due today', schedule: onceSchedule(TODAY), cycle: 0, dueOn: TODAY },
  ])('$what: the current cycle is the first due on or after today ($dueOn)', ({ schedule, cycle, dueOn }) => {
    const events = when(NO_EVENTS, registerScheduledMandate(schedule));
    expect(events).toEqual([scheduledMandateRegistered(schedule, { cycle, dueOn })]);
    expect(stateOf(events).reporting).toEqual({ schedule, current: { cycle, dueOn } });
  });

  it.each<{ what: string; schedule: ReportingSchedule }>([
    { what: 'once, due yesterday', schedule: onceSchedule('2026-03-14') },
    { what: 'sessions, all past', schedule: sessionsSchedule('2025-06-20', '2025-10-01') },
  ])('$what: keeps the schedule with no current cycle (past deadlines are not chased)', ({ schedule }) => {
    const events = when(NO_EVENTS, registerScheduledMandate(schedule));
    expect(events).toEqual([scheduledMandateRegistered(schedule, undefined)]);
    expect(stateOf(events).reporting).toEqual({ schedule, current: undefined });
  });

  it('without a schedule, the mandate has no reporting', () => {
    expect(stateOf(when(NO_EVENTS, registerMandate())).reporting).toBeUndefined();
  });

  it.each<{ what: string; schedule: ReportingSchedule; field: string }>([
    { what: 'every 0 months', schedule: everyMonthsSchedule(0, '2026-09-30'), field: 'reportingSchedule.months' },
    {
      what: 'a firstDueOn on 30 February',
      schedule: everyMonthsSchedule(6, '2026-02-30'),
      field: 'reportingSchedule.firstDueOn',
    },
    { what: 'a once dueOn as DD/MM/YYYY', schedule: onceSchedule('30/09/2026'), field: 'reportingSchedule.dueOn' },
    { what: 'no sessions', schedule: sessionsSchedule(), field: 'reportingSchedule.sessionDates' },
  ])('given $what, throws InvalidMandateCommand on $field', ({ schedule, field }) => {
    thenInvalidField(NO_EVENTS, registerScheduledMandate(schedule), field);
  });
});

describe(currentCycleFrom.name, () => {
  it.each([
    ['2025-09-30', { cycle: 0, dueOn: '2025-09-30' }],
    ['2025-10-01', { cycle: 1, dueOn: '2026-03-30' }],
    ['2026-03-30', { cycle: 1, dueOn: '2026-03-30' }],
    ['2026-03-31', { cycle: 2, dueOn: '2026-09-30' }],
    ['2031-01-01', { cycle: 11, dueOn: '2031-03-30' }],
  ])('every 6 months from 2025-09-30, on %s the current cycle is %j', (today, expected) => {
    expect(currentCycleFrom(SEMIANNUAL, today)).toEqual(expected);
  });

  it('is undefined once the last session is past', () => {
    expect(currentCycleFrom(sessionsSchedule('2026-06-10', '2025-06-20'), '2026-06-11')).toBeUndefined();
  });

  it('is undefined once the single deadline is past', () => {
    expect(currentCycleFrom(onceSchedule('2026-06-10'), '2026-06-11')).toBeUndefined();
  });
});

describe(notificationPlan.name, () => {
  it('plans the reminders and escalations of the running cycle under the mandate policy', () => {
    expect(notificationPlan(fold(overdueMandate()))).toEqual(
      planNotifications(MANDATE_ID, 0, '2026-03-01', DEFAULT_NOTIFICATION_POLICY),
    );
    expect(notificationPlan(fold(overdueMandate()))).toHaveLength(6);
  });

  it.each<{ what: string; given: MandateEvent[] }>([
    { what: 'unregistered', given: NO_EVENTS },
    { what: 'not assigned', given: scheduledMandate(ANNUAL_OVERDUE, ANNUAL_OVERDUE_CURRENT) },
    { what: 'closed', given: [...overdueMandate(), mandateClosed()] },
    { what: 'without a schedule', given: mandateInFollowUp() },
    { what: 'with every cycle reported', given: assignedScheduledMandate(onceSchedule('2026-03-14'), undefined) },
    { what: 'with a report under review', given: [...overdueMandate(), progressReportSubmitted('R1')] },
  ])('plans nothing for a mandate $what', ({ given }) => {
    expect(notificationPlan(fold(given))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('SetReportingSchedule', () => {
  it('given an assigned mandate without a schedule, sets one from the first cycle due on or after today', () => {
    expect(when(assignedMandate(), setReportingSchedule(SEMIANNUAL, 'Half-yearly reports'))).toEqual([
      {
        type: 'ReportingScheduleSet',
        data: { schedule: SEMIANNUAL, reason: 'Half-yearly reports', reporting: { cycle: 1, dueOn: '2026-03-30' } },
      },
    ]);
  });

  it('sets a schedule on a mandate nobody was assigned yet', () => {
    expect(when(registeredMandate(), setReportingSchedule(SEMIANNUAL))).toEqual([
      reportingScheduleSet(SEMIANNUAL, SEMIANNUAL_CURRENT),
    ]);
  });

  it('evolve: the schedule and its current cycle become the mandate reporting', () => {
    const state = stateOf(after(assignedMandate(), setReportingSchedule(SEMIANNUAL)));
    expect(state.reporting).toEqual({ schedule: SEMIANNUAL, current: SEMIANNUAL_CURRENT });
  });

  it('replaces the schedule and the cycle of the mandate, and with them its overdue escalations', () => {
    const replaced = after(overdueMandate(), setReportingSchedule(onceSchedule('2026-12-31')));
    expect(stateOf(replaced).reporting).toEqual({
      schedule: onceSchedule('2026-12-31'),
      current: { cycle: 0, dueOn: '2026-12-31' },
    });
    expect(when(overdueMandate(), issueDueNotifications())).not.toEqual([]);
    expect(when(replaced, issueDueNotifications())).toEqual([]);
  });

  it('given a schedule whose dates are all past, sets it with no current cycle', () => {
    const schedule = sessionsSchedule('2025-06-20', '2026-03-14');
    const events = when(assignedMandate(), setReportingSchedule(schedule));
    expect(events).toEqual([reportingScheduleSet(schedule, undefined)]);
    expect(stateOf([...assignedMandate(), ...events]).reporting).toEqual({ schedule, current: undefined });
  });

  it.each([
    { what: 'every month', schedule: everyMonthsSchedule(1, '2026-04-15') },
    { what: 'every 60 months', schedule: everyMonthsSchedule(60, '2026-04-15') },
  ])('accepts $what', ({ schedule }) => {
    expect(when(assignedMandate(), setReportingSchedule(schedule))).toEqual([
      reportingScheduleSet(schedule, { cycle: 0, dueOn: '2026-04-15' }),
    ]);
  });

  it('given a closed mandate, throws mandate-closed', () => {
    thenRuleViolation(closedMandate(), setReportingSchedule(), 'mandate-closed');
  });

  it('given a closed mandate and an invalid schedule, names the field first (400 over 409, as the API does)', () => {
    thenInvalidField(closedMandate(), setReportingSchedule(everyMonthsSchedule(0, '2026-09-30')), 'schedule.months');
  });

  it('given an unregistered mandate, throws mandate-not-registered', () => {
    thenRuleViolation(NO_EVENTS, setReportingSchedule(), 'mandate-not-registered');
  });

  it.each<{ what: string; command: MandateCommand; field: string }>([
    { what: 'an empty reason', command: setReportingSchedule(SEMIANNUAL, ''), field: 'reason' },
    { what: 'a blank reason', command: setReportingSchedule(SEMIANNUAL, ' \n '), field: 'reason' },
    {
      what: 'every 0 months',
      command: setReportingSchedule(everyMonthsSchedule(0, '2026-09-30')),
      field: 'schedule.months',
    },
    {
      what: 'every 61 months',
      command: setReportingSchedule(everyMonthsSchedule(61, '2026-09-30')),
      field: 'schedule.months',
    },
    {
      what: 'every -6 months',
      command: setReportingSchedule(everyMonthsSchedule(-6, '2026-09-30')),
      field: 'schedule.months',
    },
    {
      what: 'every 1.5 months',
      command: setReportingSchedule(everyMonthsSchedule(1.5, '2026-09-30')),
      field: 'schedule.months',
    },
    {
      what: 'every NaN months',
      command: setReportingSchedule(everyMonthsSchedule(Number.NaN, '2026-09-30')),
      field: 'schedule.months',
    },
    {
      what: 'a firstDueOn on 30 February',
      command: setReportingSchedule(everyMonthsSchedule(6, '2026-02-30')),
      field: 'schedule.firstDueOn',
    },
    {
      what: 'a firstDueOn with a time',
      command: setReportingSchedule(everyMonthsSchedule(6, '2026-09-30T00:00:00Z')),
      field: 'schedule.firstDueOn',
    },
    {
      what: 'an empty once dueOn',
      command: setReportingSchedule(onceSchedule('')),
      field: 'schedule.dueOn',
    },
    {
      what: 'a once dueOn in month 13',
      command: setReportingSchedule(onceSchedule('2026-13-01')),
      field: 'schedule.dueOn',
    },
    {
      what: 'no session dates',
      command: setReportingSchedule(sessionsSchedule()),
      field: 'schedule.sessionDates',
    },
    {
      what: 'a session on 31 June',
      command: setReportingSchedule(sessionsSchedule('2026-06-10', '2026-06-31')),
      field: 'schedule.sessionDates',
    },
  ])('given $what, throws InvalidMandateCommand on $field', ({ command, field }) => {
    thenInvalidField(assignedMandate(), command, field);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('ExtendDeadline', () => {
  it('given an overdue cycle, moves its due date later', () => {
    expect(when(overdueMandate(), extendDeadline('2026-04-30', 'Meeting postponed'))).toEqual([
      {
        type: 'DeadlineExtended',
        data: { cycle: 0, fromDueOn: '2026-03-01', toDueOn: '2026-04-30', reason: 'Meeting postponed' },
      },
    ]);
  });

  it('evolve: the current cycle keeps its number and takes the new due date; the schedule stays', () => {
    const state = stateOf(after(overdueMandate(), extendDeadline('2026-04-30')));
    expect(state.reporting).toEqual({ schedule: ANNUAL_OVERDUE, current: { cycle: 0, dueOn: '2026-04-30' } });
  });

  it('extends a deadline that was already extended, from the extended date', () => {
    const given = [...overdueMandate(), deadlineExtended(0, '2026-03-01', '2026-04-30')];
    expect(when(given, extendDeadline('2026-05-31'))).toEqual([deadlineExtended(0, '2026-04-30', '2026-05-31')]);
  });

  it('extends the deadline of a mandate nobody was assigned yet', () => {
    expect(when(scheduledMandate(), extendDeadline('2026-04-15'))).toEqual([
      deadlineExtended(1, '2026-03-30', '2026-04-15'),
    ]);
  });

  it('stops the escalations of the old due date: none is due under the new one yet', () => {
    const extended = after(overdueMandate(), extendDeadline('2026-04-30'));
    expect(when(overdueMandate(), issueDueNotifications())).not.toEqual([]);
    expect(when(extended, issueDueNotifications())).toEqual([]);
    expect(notificationPlan(fold(extended))[0]).toMatchObject({
      key: `${MANDATE_ID}/c0/2026-04-30/reminder-30`,
      at: '2026-03-31T13:00:00.000Z',
    });
  });

  it.each<{ what: string; given: MandateEvent[] }>([
    { what: 'without a schedule', given: mandateInFollowUp() },
    {
      what: 'whose schedule had no date left when set',
      given: scheduledMandate(onceSchedule('2026-03-14'), undefined),
    },
    {
      what: 'whose single report was accepted',
      given: [
        ...assignedScheduledMandate(onceSchedule('2026-09-30'), { cycle: 0, dueOn: '2026-09-30' }),
        progressReportSubmitted('R1'),
        progressReportAccepted('R1'),
      ],
    },
  ])('given a mandate $what, throws no-deadline', ({ given }) => {
    thenRuleViolation(given, extendDeadline('2026-12-31'), 'no-deadline');
  });

  it.each([
    ['the same due date', '2026-03-01'],
    ['an earlier date', '2026-02-28'],
  ])('given %s, throws extension-not-later', (_what, newDueOn) => {
    thenRuleViolation(overdueMandate(), extendDeadline(newDueOn), 'extension-not-later');
  });

  it('given a closed mandate, throws mandate-closed', () => {
    thenRuleViolation([...overdueMandate(), mandateClosed()], extendDeadline('2026-04-30'), 'mandate-closed');
  });

  it('given an unregistered mandate, throws mandate-not-registered', () => {
    thenRuleViolation(NO_EVENTS, extendDeadline('2026-04-30'), 'mandate-not-registered');
  });

  it.each<{ what: string; command: MandateCommand; field: string }>([
    { what: 'a newDueOn on 31 April', command: extendDeadline('2026-04-31'), field: 'newDueOn' },
    { what: 'a newDueOn as DD/MM/YYYY', command: extendDeadline('30/04/2026'), field: 'newDueOn' },
    { what: 'an empty newDueOn', command: extendDeadline(''), field: 'newDueOn' },
    { what: 'an empty reason', command: extendDeadline('2026-04-30', ''), field: 'reason' },
    { what: 'a blank reason', command: extendDeadline('2026-04-30', '   '), field: 'reason' },
  ])('given $what, throws InvalidMandateCommand on $field', ({ command, field }) => {
    thenInvalidField(overdueMandate(), command, field);
  });

  it('checks the date before the deadline: a bad date on a mandate without schedule is a 400', () => {
    thenInvalidField(mandateInFollowUp(), extendDeadline('2026-04-31'), 'newDueOn');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('IssueDueNotifications', () => {
  it('given an overdue mandate, issues the latest reminder and each escalation due, to the current assignee', () => {
    const base = {
      cycle: 0,
      dueOn: '2026-03-01',
      dependency: 'SEDI',
      officer: 'María Fernández',
      officerEmail: undefined,
      issuedAt: NOW_ISO,
    };
    expect(when(overdueMandate(), issueDueNotifications())).toEqual([
      {
        type: 'NotificationIssued',
        data: {
          ...base,
          key: overdueKey('reminder-1'),
          kind: 'reminder',
          days: 1,
          to: 'officer',
          scheduledFor: '2026-02-28T13:00:00.000Z',
        },
      },
      {
        type: 'NotificationIssued',
        data: {
          ...base,
          key: overdueKey('escalation-0-officer'),
          kind: 'escalation',
          days: 0,
          to: 'officer',
          scheduledFor: '2026-03-01T13:00:00.000Z',
        },
      },
      {
        type: 'NotificationIssued',
        data: {
          ...base,
          key: overdueKey('escalation-7-dependency_head'),
          kind: 'escalation',
          days: 7,
          to: 'dependency_head',
          scheduledFor: '2026-03-08T13:00:00.000Z',
        },
      },
    ]);
  });

  it('fifteen days before the deadline, issues the 30-day reminder only', () => {
    expect(issuedSteps(when(assignedScheduledMandate(), issueDueNotifications()))).toEqual(['reminder-30-officer']);
  });

  it('carries the officer, dependency and e-mail of the assignee the mandate was reassigned to', () => {
    const given = [...overdueMandate(), mandateReassigned(SEDI_OFFICER, DDOT_OFFICER_WITH_EMAIL)];
    const events = when(given, issueDueNotifications());
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(event).toMatchObject({
        type: 'NotificationIssued',
        data: { dependency: 'DDOT', officer: 'John Carter', officerEmail: 'jcarter@oas.org', issuedAt: NOW_ISO },
      });
    }
  });

  it('drops the e-mail of a previous assignee once reassigned to an officer without one', () => {
    const given = [
      ...scheduledMandate(ANNUAL_OVERDUE, ANNUAL_OVERDUE_CURRENT),
      mandateAssigned(DDOT_OFFICER_WITH_EMAIL),
      mandateReassigned(DDOT_OFFICER_WITH_EMAIL, SEDI_OFFICER),
    ];
    const events = when(given, issueDueNotifications());
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(event).toMatchObject({
        data: { dependency: 'SEDI', officer: 'María Fernández', officerEmail: undefined },
      });
    }
  });

  // Once a bug: evolve of MandateAssigned kept only dependency and officer, so the e-mail was lost.
  it('carries the e-mail the officer was assigned with', () => {
    const given = [
      ...scheduledMandate(ANNUAL_OVERDUE, ANNUAL_OVERDUE_CURRENT),
      ...when(scheduledMandate(ANNUAL_OVERDUE, ANNUAL_OVERDUE_CURRENT), assignMandate(SEDI_OFFICER_WITH_EMAIL)),
    ];
    const events = when(given, issueDueNotifications());
    expect(events).toHaveLength(3);
    for (const event of events) {
      expect(event).toMatchObject({ data: { officerEmail: 'mfernandez@oas.org' } });
    }
  });

  it('issues nothing again once the issued notifications are folded in', () => {
    const issuedNow = after(overdueMandate(), issueDueNotifications());
    expect(issuedNow.length).toBeGreaterThan(overdueMandate().length);
    expect(when(issuedNow, issueDueNotifications())).toEqual([]);
    expect(stateOf(issuedNow).notifications.map((n) => n.key)).toEqual([
      overdueKey('reminder-1'),
      overdueKey('escalation-0-officer'),
      overdueKey('escalation-7-dependency_head'),
    ]);
  });

  it('later on, issues only what has fallen due since', () => {
    const issuedNow = after(assignedScheduledMandate(), issueDueNotifications());
    const weekBefore = new Date('2026-03-23T13:00:00.000Z');
    expect(when(issuedNow, issueDueNotifications(), new Date('2026-03-23T12:59:59.999Z'))).toEqual([]);
    expect(when(issuedNow, issueDueNotifications(), weekBefore)).toEqual([
      {
        type: 'NotificationIssued',
        data: {
          key: `${MANDATE_ID}/c1/2026-03-30/reminder-7`,
          kind: 'reminder',
          cycle: 1,
          dueOn: '2026-03-30',
          days: 7,
          to: 'officer',
          dependency: 'SEDI',
          officer: 'María Fernández',
          officerEmail: undefined,
          scheduledFor: '2026-03-23T13:00:00.000Z',
          issuedAt: '2026-03-23T13:00:00.000Z',
        },
      },
    ]);
  });

  it.each<{ what: string; given: MandateEvent[] }>([
    { what: 'unregistered', given: NO_EVENTS },
    { what: 'nobody was assigned', given: scheduledMandate(ANNUAL_OVERDUE, ANNUAL_OVERDUE_CURRENT) },
    { what: 'closed', given: [...overdueMandate(), mandateClosed()] },
    { what: 'without a schedule', given: mandateInFollowUp() },
    { what: 'with every cycle reported', given: assignedScheduledMandate(onceSchedule('2026-03-14'), undefined) },
    { what: 'with a report under review', given: [...overdueMandate(), progressReportSubmitted('R1')] },
  ])('given a mandate $what, issues nothing', ({ given }) => {
    expect(when(given, issueDueNotifications())).toEqual([]);
  });

  it('resumes once the report under review is returned', () => {
    const returned = [...overdueMandate(), progressReportSubmitted('R1'), progressReportReturned('R1')];
    expect(issuedSteps(when(returned, issueDueNotifications()))).toEqual([
      'reminder-1-officer',
      'escalation-0-officer',
      'escalation-7-dependency_head',
    ]);
  });

  it('after a return, does not repeat what went out before the report was submitted', () => {
    const given = [
      ...overdueMandate(),
      notificationIssued({
        key: overdueKey('reminder-1'),
        kind: 'reminder',
        days: 1,
        scheduledFor: '2026-02-28T13:00:00.000Z',
        issuedAt: '2026-02-28T13:00:00.000Z',
      }),
      notificationIssued(),
      progressReportSubmitted('R1', { submittedAt: '2026-03-05T09:00:00.000Z' }),
      progressReportReturned('R1', 'Add the figures', '2026-03-12T10:00:00.000Z'),
    ];
    expect(issuedSteps(when(given, issueDueNotifications()))).toEqual(['escalation-7-dependency_head']);
  });

  it('after an extension, issues the reminders of the new due date under new keys', () => {
    const given = [
      ...after(overdueMandate(), issueDueNotifications()),
      deadlineExtended(0, '2026-03-01', '2026-03-20'),
    ];
    expect(when(given, issueDueNotifications())).toEqual([
      expect.objectContaining({
        type: 'NotificationIssued',
        data: expect.objectContaining({
          key: `${MANDATE_ID}/c0/2026-03-20/reminder-7`,
          dueOn: '2026-03-20',
          scheduledFor: '2026-03-13T13:00:00.000Z',
        }),
      }),
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('RecordNotificationDelivery', () => {
  const issued = () => [...overdueMandate(), notificationIssued()];

  it('records the delivery of an issued notification', () => {
    expect(when(issued(), recordNotificationDelivery(aDelivery(OVERDUE_ESCALATION_KEY)))).toEqual([
      {
        type: 'NotificationDelivered',
        data: {
          key: OVERDUE_ESCALATION_KEY,
          channel: 'email',
          address: 'mfernandez@oas.org',
          sentAt: '2026-03-15T12:00:05.000Z',
        },
      },
    ]);
  });

  it('given a key no notification was issued under, throws unknown-notification', () => {
    thenRuleViolation(
      issued(),
      recordNotificationDelivery(aDelivery(overdueKey('escalation-7-dependency_head'))),
      'unknown-notification',
    );
  });

  it('given an unregistered mandate, throws mandate-not-registered', () => {
    thenRuleViolation(
      NO_EVENTS,
      recordNotificationDelivery(aDelivery(OVERDUE_ESCALATION_KEY)),
      'mandate-not-registered',
    );
  });

  it('records nothing for a second delivery on the same channel', () => {
    const given = [...issued(), notificationDelivered(aDelivery(OVERDUE_ESCALATION_KEY))];
    const again = aDelivery(OVERDUE_ESCALATION_KEY, { sentAt: '2026-03-15T12:05:00.000Z' });
    expect(when(given, recordNotificationDelivery(again))).toEqual([]);
  });

  it('records a delivery on another channel', () => {
    const given = [...issued(), notificationDelivered(aDelivery(OVERDUE_ESCALATION_KEY))];
    const webhook = aDelivery(OVERDUE_ESCALATION_KEY, { channel: 'webhook', address: 'https://hooks.oas.org/m' });
    expect(when(given, recordNotificationDelivery(webhook))).toEqual([notificationDelivered(webhook)]);
  });

  it('records a delivery that completes after the mandate was closed', () => {
    const given = [...issued(), mandateClosed()];
    expect(when(given, recordNotificationDelivery(aDelivery(OVERDUE_ESCALATION_KEY)))).toEqual([
      notificationDelivered(aDelivery(OVERDUE_ESCALATION_KEY)),
    ]);
  });

  it('evolve: an issued notification starts with no deliveries, and each delivery is attached to it', () => {
    const other = notificationIssued({ key: overdueKey('reminder-1'), kind: 'reminder', days: 1 });
    const email = aDelivery(OVERDUE_ESCALATION_KEY);
    const webhook = aDelivery(OVERDUE_ESCALATION_KEY, { channel: 'webhook', address: 'https://hooks.oas.org/m' });
    expect(stateOf([...issued(), other]).notifications).toEqual([
      { ...notificationIssued().data, deliveries: [] },
      { ...other.data, deliveries: [] },
    ]);
    const state = stateOf([...issued(), other, notificationDelivered(email), notificationDelivered(webhook)]);
    expect(state.notifications).toEqual([
      { ...notificationIssued().data, deliveries: [email, webhook] },
      { ...other.data, deliveries: [] },
    ]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe('accepting a progress report', () => {
  /** The events after `given` with report R1 submitted and then reviewed (decided at `NOW`) with `review`. */
  function reviewed(given: MandateEvent[], review: MandateCommand): MandateEvent[] {
    return after([...given, progressReportSubmitted('R1')], review);
  }

  it('every_months: advances to the next cycle, due `months` later', () => {
    const state = stateOf(reviewed(assignedScheduledMandate(), acceptReport('R1')));
    expect(state.reporting).toEqual({ schedule: SEMIANNUAL, current: { cycle: 2, dueOn: '2026-09-30' } });
  });

  it('every_months: counts the next cycle from the schedule, not from an extended due date', () => {
    const given = [...overdueMandate(), deadlineExtended(0, '2026-03-01', '2026-04-30')];
    expect(stateOf(reviewed(given, acceptReport('R1'))).reporting?.current).toEqual({ cycle: 1, dueOn: '2027-03-01' });
  });

  it('sessions: advances to the next session', () => {
    const schedule = sessionsSchedule('2026-10-01', '2026-03-30', '2025-06-20');
    const given = assignedScheduledMandate(schedule, { cycle: 1, dueOn: '2026-03-30' });
    expect(stateOf(reviewed(given, acceptReport('R1'))).reporting?.current).toEqual({ cycle: 2, dueOn: '2026-10-01' });
  });

  it('sessions: after the last session, leaves no current cycle', () => {
    const schedule = sessionsSchedule('2026-03-30', '2025-06-20');
    const given = assignedScheduledMandate(schedule, { cycle: 1, dueOn: '2026-03-30' });
    expect(stateOf(reviewed(given, acceptReport('R1'))).reporting).toEqual({ schedule, current: undefined });
  });

  it('once: leaves the schedule with no current cycle, and nobody is reminded any more', () => {
    const schedule = onceSchedule('2026-03-30');
    const accepted = reviewed(
      assignedScheduledMandate(schedule, { cycle: 0, dueOn: '2026-03-30' }),
      acceptReport('R1'),
    );
    expect(stateOf(accepted).reporting).toEqual({ schedule, current: undefined });
    expect(when(accepted, issueDueNotifications(), new Date('2026-05-01T13:00:00Z'))).toEqual([]);
  });

  it('stops the escalations of the cycle it completes', () => {
    const accepted = reviewed(overdueMandate(), acceptReport('R1'));
    expect(when(overdueMandate(), issueDueNotifications())).not.toEqual([]);
    expect(when(accepted, issueDueNotifications())).toEqual([]);
  });

  it('a returned report does not advance the cycle', () => {
    const state = stateOf(reviewed(overdueMandate(), returnReport('R1')));
    expect(state.reporting).toEqual({ schedule: ANNUAL_OVERDUE, current: ANNUAL_OVERDUE_CURRENT });
  });

  it('without a schedule, leaves the mandate without reporting', () => {
    expect(stateOf(reviewed(assignedMandate(), acceptReport('R1'))).reporting).toBeUndefined();
  });

  it('the reassigned officer is reminded of the next cycle', () => {
    const given = [...reviewed(overdueMandate(), acceptReport('R1')), mandateReassigned(SEDI_OFFICER, DDOT_OFFICER)];
    const [reminder] = when(given, issueDueNotifications(), new Date('2027-01-30T13:00:00.000Z'));
    expect(reminder).toMatchObject({
      type: 'NotificationIssued',
      data: { key: `${MANDATE_ID}/c1/2027-03-01/reminder-30`, officer: 'John Carter', dependency: 'DDOT' },
    });
  });
});

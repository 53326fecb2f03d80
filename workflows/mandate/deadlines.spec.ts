import {
  DEFAULT_NOTIFICATION_POLICY,
  addDays,
  addMonths,
  dueDateOfCycle,
  dueNotifications,
  nextNotificationAt,
  planNotifications,
  upcomingDueDates,
  type NotificationPolicy,
  type PlannedNotification,
} from './deadlines';
import { everyMonthsSchedule, onceSchedule, sessionsSchedule } from './deadlines.builders';

// ---------------------------------------------------------------------------------------------------------------
// Fixtures: one cycle's plan under the default policy (reminders 30, 7 and 1 days before; escalations to the
// officer on the day, the dependency head 7 days after, the secretary 30 days after; all at 13:00 UTC).

const MANDATE = 'ag-res-2866-xliv-o-14-p3';
const DUE_ON = '2026-06-30';
const PLAN = planNotifications(MANDATE, 2, DUE_ON, DEFAULT_NOTIFICATION_POLICY);

const NOTHING_ISSUED: ReadonlySet<string> = new Set<string>();

/** The last part of each key (`reminder-7`, `escalation-0-officer`): which steps, in order. */
function stepsOf(notifications: readonly PlannedNotification[]): string[] {
  return notifications.map((n) => n.key.slice(n.key.lastIndexOf('/') + 1));
}

/** The keys in `PLAN` of the given steps, as an issued set. */
function issued(...steps: string[]): ReadonlySet<string> {
  return new Set(steps.map((step) => `${MANDATE}/c2/${DUE_ON}/${step}`));
}

function policy(overrides: Partial<NotificationPolicy>): NotificationPolicy {
  return { ...DEFAULT_NOTIFICATION_POLICY, ...overrides };
}

// ---------------------------------------------------------------------------------------------------------------

describe(addDays.name, () => {
  it.each([
    ['2026-03-15', 0, '2026-03-15'],
    ['2026-03-15', 1, '2026-03-16'],
    ['2026-01-31', 1, '2026-02-01'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2026-03-01', -1, '2026-02-28'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2026-06-30', -30, '2026-05-31'],
    ['2028-01-01', 365, '2028-12-31'],
    ['2027-01-01', 365, '2028-01-01'],
  ])('%s %d days = %s', (day, days, expected) => {
    expect(addDays(day, days)).toBe(expected);
  });

  it('ignores daylight saving time: every day is 24 hours in UTC', () => {
    // 8 March and 1 November 2026 are the US clock changes; the date arithmetic must not notice them.
    expect(addDays('2026-03-07', 2)).toBe('2026-03-09');
    expect(addDays('2026-10-31', 2)).toBe('2026-11-02');
  });
});

describe(addMonths.name, () => {
  it.each([
    ['2027-01-15', 1, '2027-02-15'],
    ['2027-01-15', 0, '2027-01-15'],
    ['2027-12-15', 1, '2028-01-15'],
    ['2027-01-15', 24, '2029-01-15'],
  ])('keeps the day: %s %d months = %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });

  it.each([
    ['2027-01-31', 1, '2027-02-28'],
    ['2027-03-31', 1, '2027-04-30'],
    ['2027-05-31', 6, '2027-11-30'],
    ['2027-01-30', 1, '2027-02-28'],
  ])("clamps to the month's last day: %s %d months = %s", (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });

  it.each([
    ['2028-01-31', 1, '2028-02-29'],
    ['2027-08-31', 6, '2028-02-29'],
    ['2027-11-30', 3, '2028-02-29'],
    ['2028-02-29', 12, '2029-02-28'],
    ['2028-02-29', 48, '2032-02-29'],
    ['2100-01-31', 1, '2100-02-28'],
    ['2000-01-31', 1, '2000-02-29'],
  ])('knows leap years: %s %d months = %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });

  it.each([
    ['2027-01-15', -1, '2026-12-15'],
    ['2027-03-31', -1, '2027-02-28'],
    ['2028-03-31', -1, '2028-02-29'],
    ['2027-05-31', -13, '2026-04-30'],
    ['2027-03-15', -24, '2025-03-15'],
  ])('goes back with negative months: %s %d months = %s', (day, months, expected) => {
    expect(addMonths(day, months)).toBe(expected);
  });

  it('clamps each call on its own: two single months from 31 January are not two months at once', () => {
    expect(addMonths(addMonths('2027-01-31', 1), 1)).toBe('2027-03-28');
    expect(addMonths('2027-01-31', 2)).toBe('2027-03-31');
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe(dueDateOfCycle.name, () => {
  describe('once', () => {
    const schedule = onceSchedule('2026-09-30');

    it('is due on its date in cycle 0', () => {
      expect(dueDateOfCycle(schedule, 0)).toBe('2026-09-30');
    });

    it.each([1, 2, 100])('has no cycle %d', (cycle) => {
      expect(dueDateOfCycle(schedule, cycle)).toBeUndefined();
    });
  });

  describe('every_months', () => {
    it.each([
      [0, '2026-06-30'],
      [1, '2026-09-30'],
      [2, '2026-12-30'],
      [3, '2027-03-30'],
      [4, '2027-06-30'],
      [40, '2036-06-30'],
    ])('every 3 months from 2026-06-30, cycle %d is due on %s', (cycle, expected) => {
      expect(dueDateOfCycle(everyMonthsSchedule(3, '2026-06-30'), cycle)).toBe(expected);
    });

    it.each([
      [0, '2027-01-31'],
      [1, '2027-02-28'],
      [2, '2027-03-31'],
      [3, '2027-04-30'],
      [13, '2028-02-29'],
    ])(
      'every month from 2027-01-31, cycle %d is due on %s (counted from the first date, no drift)',
      (cycle, expected) => {
        expect(dueDateOfCycle(everyMonthsSchedule(1, '2027-01-31'), cycle)).toBe(expected);
      },
    );

    it('every 12 months from a 29 February falls on 28 February in common years, 29 in leap years', () => {
      const schedule = everyMonthsSchedule(12, '2028-02-29');
      expect([1, 2, 3, 4].map((cycle) => dueDateOfCycle(schedule, cycle))).toEqual([
        '2029-02-28',
        '2030-02-28',
        '2031-02-28',
        '2032-02-29',
      ]);
    });
  });

  describe('sessions', () => {
    const schedule = sessionsSchedule('2026-10-01', '2026-06-10', '2027-06-15', '2025-06-20');

    it.each([
      [0, '2025-06-20'],
      [1, '2026-06-10'],
      [2, '2026-10-01'],
      [3, '2027-06-15'],
    ])('takes the sessions in date order: cycle %d is due on %s', (cycle, expected) => {
      expect(dueDateOfCycle(schedule, cycle)).toBe(expected);
    });

    it.each([4, 5, 100])('has no cycle %d beyond the last session', (cycle) => {
      expect(dueDateOfCycle(schedule, cycle)).toBeUndefined();
    });

    it("leaves the schedule's own list as it was", () => {
      const dates = Object.freeze(['2026-10-01', '2026-06-10']) as string[];
      expect(dueDateOfCycle({ kind: 'sessions', sessionDates: dates }, 0)).toBe('2026-06-10');
      expect(dates).toEqual(['2026-10-01', '2026-06-10']);
    });
  });
});

describe(upcomingDueDates.name, () => {
  it('lists the next due dates of an every_months schedule from cycle 0', () => {
    expect(upcomingDueDates(everyMonthsSchedule(6, '2025-09-30'), 0, 3)).toEqual([
      '2025-09-30',
      '2026-03-30',
      '2026-09-30',
    ]);
  });

  it('starts at the given cycle', () => {
    expect(upcomingDueDates(everyMonthsSchedule(6, '2025-09-30'), 2, 2)).toEqual(['2026-09-30', '2027-03-30']);
  });

  it('stops at the last session, however many are asked for', () => {
    const schedule = sessionsSchedule('2026-10-01', '2026-06-10', '2025-06-20');
    expect(upcomingDueDates(schedule, 1, 5)).toEqual(['2026-06-10', '2026-10-01']);
  });

  it('lists the single date of a once schedule, and nothing after it', () => {
    expect(upcomingDueDates(onceSchedule('2026-09-30'), 0, 3)).toEqual(['2026-09-30']);
    expect(upcomingDueDates(onceSchedule('2026-09-30'), 1, 3)).toEqual([]);
  });

  it('lists nothing when no date is asked for', () => {
    expect(upcomingDueDates(everyMonthsSchedule(6, '2025-09-30'), 0, 0)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe(planNotifications.name, () => {
  it('plans the reminders and escalations of the default policy around the due date, at 13:00 UTC', () => {
    expect(PLAN).toEqual([
      {
        key: `${MANDATE}/c2/2026-06-30/reminder-30`,
        kind: 'reminder',
        cycle: 2,
        dueOn: DUE_ON,
        days: 30,
        to: 'officer',
        at: '2026-05-31T13:00:00.000Z',
      },
      {
        key: `${MANDATE}/c2/2026-06-30/reminder-7`,
        kind: 'reminder',
        cycle: 2,
        dueOn: DUE_ON,
        days: 7,
        to: 'officer',
        at: '2026-06-23T13:00:00.000Z',
      },
      {
        key: `${MANDATE}/c2/2026-06-30/reminder-1`,
        kind: 'reminder',
        cycle: 2,
        dueOn: DUE_ON,
        days: 1,
        to: 'officer',
        at: '2026-06-29T13:00:00.000Z',
      },
      {
        key: `${MANDATE}/c2/2026-06-30/escalation-0-officer`,
        kind: 'escalation',
        cycle: 2,
        dueOn: DUE_ON,
        days: 0,
        to: 'officer',
        at: '2026-06-30T13:00:00.000Z',
      },
      {
        key: `${MANDATE}/c2/2026-06-30/escalation-7-dependency_head`,
        kind: 'escalation',
        cycle: 2,
        dueOn: DUE_ON,
        days: 7,
        to: 'dependency_head',
        at: '2026-07-07T13:00:00.000Z',
      },
      {
        key: `${MANDATE}/c2/2026-06-30/escalation-30-secretary`,
        kind: 'escalation',
        cycle: 2,
        dueOn: DUE_ON,
        days: 30,
        to: 'secretary',
        at: '2026-07-30T13:00:00.000Z',
      },
    ]);
  });

  it('is deterministic: the same mandate, cycle, due date and policy give the same keys', () => {
    expect(planNotifications(MANDATE, 2, DUE_ON, DEFAULT_NOTIFICATION_POLICY)).toEqual(PLAN);
  });

  it('gives every step of a plan its own key, also two escalations on the same day', () => {
    const plan = planNotifications(
      MANDATE,
      0,
      DUE_ON,
      policy({
        escalation: [
          { daysAfter: 0, to: 'officer' },
          { daysAfter: 0, to: 'dependency_head' },
          { daysAfter: 7, to: 'dependency_head' },
        ],
      }),
    );
    expect(plan).toHaveLength(6);
    expect(new Set(plan.map((n) => n.key)).size).toBe(6);
  });

  it.each([
    {
      what: 'mandate',
      plan: () => planNotifications('cp-res-1162-2307-20-p2', 2, DUE_ON, DEFAULT_NOTIFICATION_POLICY),
    },
    { what: 'cycle', plan: () => planNotifications(MANDATE, 3, DUE_ON, DEFAULT_NOTIFICATION_POLICY) },
    { what: 'due date', plan: () => planNotifications(MANDATE, 2, '2026-07-15', DEFAULT_NOTIFICATION_POLICY) },
  ])('gives another $what other keys', ({ plan }) => {
    const keys = new Set(PLAN.map((n) => n.key));
    const other = plan();
    expect(other).toHaveLength(PLAN.length);
    expect(other.filter((n) => keys.has(n.key))).toEqual([]);
  });

  it.each([
    ['08:45', '2026-06-29T08:45:00.000Z', '2026-06-30T08:45:00.000Z'],
    ['00:00', '2026-06-29T00:00:00.000Z', '2026-06-30T00:00:00.000Z'],
    ['23:59', '2026-06-29T23:59:00.000Z', '2026-06-30T23:59:00.000Z'],
  ])('sends at the time of day of the policy (%s UTC)', (timeUtc, reminderAt, escalationAt) => {
    const plan = planNotifications(
      MANDATE,
      0,
      DUE_ON,
      policy({ reminderDaysBefore: [1], escalation: [{ daysAfter: 0, to: 'officer' }], timeUtc }),
    );
    expect(plan.map((n) => n.at)).toEqual([reminderAt, escalationAt]);
  });

  it('puts the steps in time order whatever the order of the policy', () => {
    const plan = planNotifications(
      MANDATE,
      0,
      DUE_ON,
      policy({
        reminderDaysBefore: [1, 30, 7],
        escalation: [
          { daysAfter: 30, to: 'secretary' },
          { daysAfter: 0, to: 'officer' },
          { daysAfter: 7, to: 'dependency_head' },
        ],
      }),
    );
    expect(stepsOf(plan)).toEqual(stepsOf(PLAN));
    const times = plan.map((n) => n.at);
    expect(times).toEqual([...times].sort());
  });

  it('plans across a month and a year end', () => {
    const plan = planNotifications(
      MANDATE,
      0,
      '2027-01-05',
      policy({ reminderDaysBefore: [7], escalation: [{ daysAfter: 30, to: 'secretary' }] }),
    );
    expect(plan.map((n) => n.at)).toEqual(['2026-12-29T13:00:00.000Z', '2027-02-04T13:00:00.000Z']);
  });

  it('sends every reminder to the officer', () => {
    expect(PLAN.filter((n) => n.kind === 'reminder').map((n) => n.to)).toEqual(['officer', 'officer', 'officer']);
  });

  it('plans nothing under a policy with no reminders and no escalations', () => {
    expect(planNotifications(MANDATE, 0, DUE_ON, policy({ reminderDaysBefore: [], escalation: [] }))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe(dueNotifications.name, () => {
  it('sends nothing before the first reminder', () => {
    expect(dueNotifications(PLAN, NOTHING_ISSUED, new Date('2026-05-31T12:59:59.999Z'))).toEqual([]);
  });

  it('sends a reminder at its time to the millisecond', () => {
    expect(stepsOf(dueNotifications(PLAN, NOTHING_ISSUED, new Date('2026-05-31T13:00:00.000Z')))).toEqual([
      'reminder-30',
    ]);
  });

  it('returns the planned notifications themselves', () => {
    expect(dueNotifications(PLAN, NOTHING_ISSUED, new Date('2026-05-31T13:00:00.000Z'))).toEqual([PLAN[0]]);
  });

  it('of several past reminders none of which went out, sends only the latest', () => {
    expect(stepsOf(dueNotifications(PLAN, NOTHING_ISSUED, new Date('2026-06-25T09:00:00Z')))).toEqual(['reminder-7']);
  });

  it('sends the latest reminder once the earlier one went out', () => {
    expect(stepsOf(dueNotifications(PLAN, issued('reminder-30'), new Date('2026-06-25T09:00:00Z')))).toEqual([
      'reminder-7',
    ]);
  });

  it('sends nothing once the latest past reminder went out, not even an earlier one that did not', () => {
    expect(dueNotifications(PLAN, issued('reminder-7'), new Date('2026-06-25T09:00:00Z'))).toEqual([]);
  });

  it('once overdue, sends every escalation whose time has come, with the latest reminder, in time order', () => {
    expect(stepsOf(dueNotifications(PLAN, NOTHING_ISSUED, new Date('2026-07-08T14:00:00Z')))).toEqual([
      'reminder-1',
      'escalation-0-officer',
      'escalation-7-dependency_head',
    ]);
  });

  it('sends only the escalation that has not gone out yet', () => {
    expect(
      stepsOf(dueNotifications(PLAN, issued('reminder-1', 'escalation-0-officer'), new Date('2026-07-08T14:00:00Z'))),
    ).toEqual(['escalation-7-dependency_head']);
  });

  it('sends nothing again once everything due went out', () => {
    const sent = issued('reminder-30', 'reminder-7', 'reminder-1', 'escalation-0-officer');
    expect(dueNotifications(PLAN, sent, new Date('2026-07-07T12:59:59.999Z'))).toEqual([]);
  });

  it('sends no escalation ahead of its time', () => {
    const sent = issued('reminder-1', 'escalation-0-officer', 'escalation-7-dependency_head');
    expect(dueNotifications(PLAN, sent, new Date('2026-07-30T12:59:59.999Z'))).toEqual([]);
    expect(stepsOf(dueNotifications(PLAN, sent, new Date('2026-07-30T13:00:00.000Z')))).toEqual([
      'escalation-30-secretary',
    ]);
  });

  it('long after the due date, sends the latest reminder and every escalation', () => {
    expect(stepsOf(dueNotifications(PLAN, NOTHING_ISSUED, new Date('2027-01-01T00:00:00Z')))).toEqual([
      'reminder-1',
      'escalation-0-officer',
      'escalation-7-dependency_head',
      'escalation-30-secretary',
    ]);
  });

  it('ignores issued keys of other cycles', () => {
    const otherCycle = new Set(
      planNotifications(MANDATE, 1, '2025-12-30', DEFAULT_NOTIFICATION_POLICY).map((n) => n.key),
    );
    expect(stepsOf(dueNotifications(PLAN, otherCycle, new Date('2026-06-25T09:00:00Z')))).toEqual(['reminder-7']);
  });

  it('sends nothing from an empty plan', () => {
    expect(dueNotifications([], NOTHING_ISSUED, new Date('2026-07-08T14:00:00Z'))).toEqual([]);
  });
});

describe(nextNotificationAt.name, () => {
  it.each([
    ['2026-05-01T00:00:00.000Z', '2026-05-31T13:00:00.000Z'],
    ['2026-05-31T12:59:59.999Z', '2026-05-31T13:00:00.000Z'],
    ['2026-05-31T13:00:00.000Z', '2026-06-23T13:00:00.000Z'],
    ['2026-06-25T09:00:00.000Z', '2026-06-29T13:00:00.000Z'],
    ['2026-07-08T14:00:00.000Z', '2026-07-30T13:00:00.000Z'],
  ])('at %s, the next notification goes out at %s', (now, expected) => {
    expect(nextNotificationAt(PLAN, new Date(now))).toBe(expected);
  });

  it('is undefined once the last step is past', () => {
    expect(nextNotificationAt(PLAN, new Date('2026-07-30T13:00:00.000Z'))).toBeUndefined();
  });

  it('is undefined for an empty plan', () => {
    expect(nextNotificationAt([], new Date('2026-05-01T00:00:00Z'))).toBeUndefined();
  });
});

import * as ICAL from 'ical.js';
import { addMonths } from '../../workflows/mandate/deadlines';
import { eventually, startTestStack, type TestStack } from '../support/api';
import { PEOPLE } from '../support/identity-provider';
import { TestMailServer, TestWebhookReceiver } from '../support/receivers';
import { aRegistration } from '../support/requests';

const SECRET = 'a-webhook-secret-for-tests';
let SECRETARIAT: { Authorization: string };
const DEPENDENCY = `Department of Public Security ${Date.now()}`;
const today = () => new Date().toISOString().slice(0, 10);

let stack: TestStack;
const mail = new TestMailServer();
const hooks = new TestWebhookReceiver(SECRET);
/** Today's notification time: the next minute but one, so that the test sees a timer fire on real time. */
let notificationTime: Date;

beforeAll(async () => {
  await mail.start();
  await hooks.start();
  // 50 to 110 s ahead: time for the worker to start and the mandates to be registered first, even on a busy machine.
  notificationTime = new Date(Math.floor((Date.now() + 110_000) / 60_000) * 60_000);
  stack = await startTestStack({
    SMTP_URL: `smtp://127.0.0.1:${mail.port}`,
    MAIL_FROM: 'mandates@oas.example.org',
    WEBHOOK_URL: hooks.url,
    WEBHOOK_SECRET: SECRET,
    DEPENDENCY_HEADS: JSON.stringify({ [DEPENDENCY]: 'head.dps@example.org' }),
    SECRETARY_EMAIL: 'secretary.sms@example.org',
    NOTIFICATION_TIME_UTC: notificationTime.toISOString().slice(11, 16),
  });
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
});

afterAll(async () => {
  await stack?.close();
  await mail.stop();
  await hooks.stop();
});

/** A mandate due today, assigned: yesterday's reminder is due at once, today's escalation at the notification time. */
async function mandateDueToday(
  officer: { officer: string; officerEmail?: string },
  beforeAssignment: (id: string) => void = () => undefined,
): Promise<string> {
  const res = await stack
    .http()
    .post('/mandates')
    .set(SECRETARIAT)
    .send(aRegistration({ reportingSchedule: { kind: 'once', dueOn: today() } }))
    .expect(201);
  const id = res.body.id as string;
  beforeAssignment(id);
  await stack
    .http()
    .post(`/mandates/${id}/assignment`)
    .set(SECRETARIAT)
    .send({ dependency: DEPENDENCY, ...officer })
    .expect(200);
  return id;
}

const reminderKey = (id: string) => `${id}/c0/${today()}/reminder-1`;
const escalationKey = (id: string) => `${id}/c0/${today()}/escalation-0-officer`;

describe('reminders and escalations, delivered', () => {
  it('e-mails and posts a signed webhook for a reminder at once and an escalation on time, and records both', async () => {
    const id = await mandateDueToday({ officer: 'ana', officerEmail: 'ana@example.org' });

    await eventually(() => {
      expect(mail.mailbox().filter((m) => m.notificationKey === reminderKey(id))).toHaveLength(1);
      expect(hooks.accepted.has(reminderKey(id))).toBe(true);
    });
    const reminder = mail.mailbox().find((m) => m.notificationKey === reminderKey(id))!;
    expect(reminder.to).toEqual(['ana@example.org']);
    expect(reminder.subject).toContain(`Reminder: progress report due ${today()}`);
    expect(hooks.accepted.get(reminderKey(id))?.body).toMatchObject({ mandateId: id, kind: 'reminder', to: 'officer' });

    // The escalation waits on a durable timer for the notification time, then goes out.
    await eventually(() => {
      expect(mail.mailbox().filter((m) => m.notificationKey === escalationKey(id))).toHaveLength(1);
      expect(hooks.accepted.has(escalationKey(id))).toBe(true);
    }, 150_000);
    const escalation = mail.mailbox().find((m) => m.notificationKey === escalationKey(id))!;
    expect(escalation.receivedAt.getTime()).toBeGreaterThanOrEqual(notificationTime.getTime());
    expect(escalation.receivedAt.getTime() - notificationTime.getTime()).toBeLessThan(20_000);
    expect(escalation.subject).toContain('Overdue 0 days');

    // In the mandate's history: issued, and delivered on each channel, to whom (redacted: no mailbox, no URL path).
    await eventually(async () => {
      const state = await stack.http().get(`/mandates/${id}`).expect(200);
      const notifications = state.body.notifications as {
        key: string;
        deliveries: { channel: string; address: string }[];
      }[];
      expect(notifications.map((n) => n.key)).toEqual([reminderKey(id), escalationKey(id)]);
      for (const n of notifications) {
        expect(n.deliveries.map((d) => [d.channel, d.address]).sort()).toEqual([
          ['email', 'a•••@example.org'],
          ['webhook', 'http://127.0.0.1'],
        ]);
      }
    });
    const outbox = await stack.http().get(`/mandates/${id}/notifications`).expect(200);
    expect(outbox.body.total).toBe(4);
    expect((outbox.body.items as { status: string }[]).every((e) => e.status === 'sent')).toBe(true);
  });

  it('shows failing and undeliverable deliveries, per mandate and across mandates', async () => {
    const id = await mandateDueToday({ officer: 'nobody-has-my-address' }, (id) => hooks.failFor.add(reminderKey(id)));
    await eventually(async () => {
      const failing = await stack.http().get('/notifications').query({ status: 'failing' }).expect(200);
      expect(failing.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ key: reminderKey(id), channel: 'webhook', lastError: 'the webhook answered 500' }),
        ]),
      );
    });
    const mine = await stack.http().get(`/mandates/${id}/notifications`).expect(200);
    expect(mine.body.items).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          channel: 'email',
          status: 'undeliverable',
          lastError: expect.stringContaining('officer nobody-has-my-address has no officerEmail'),
        }),
      ]),
    );
    await stack.http().get('/notifications').query({ status: 'lost' }).expect(400);
  });

  it('sends one copy when the worker is killed after a send and before it is recorded', async () => {
    let killed: Promise<unknown> | undefined;
    mail.onMessage = (m) => {
      if (m.notificationKey.endsWith('/reminder-1') && m.to[0] === 'crash@example.org' && !killed) {
        killed = stack.worker.stop('SIGKILL');
      }
    };
    const id = await mandateDueToday({ officer: 'carla', officerEmail: 'crash@example.org' });
    await eventually(() => expect(killed).toBeDefined());
    await killed;
    await stack.restartWorker();

    // The retried delivery finds the outbox row, or resends the same Message-ID: one copy in the mailbox.
    await eventually(async () => {
      const state = await stack.http().get(`/mandates/${id}`).expect(200);
      const [reminder] = state.body.notifications as { key: string; deliveries: { channel: string }[] }[];
      expect(reminder.deliveries.map((d) => d.channel).sort()).toEqual(['email', 'webhook']);
    }, 90_000);
    expect(mail.mailbox().filter((m) => m.notificationKey === reminderKey(id))).toHaveLength(1);
    expect(mail.received.filter((m) => m.notificationKey === reminderKey(id)).length).toBeLessThanOrEqual(2);
    expect(hooks.accepted.has(reminderKey(id))).toBe(true);
    const events = (await stack.http().get(`/mandates/${id}/events`).expect(200)).body as {
      type: string;
      data: { key?: string };
    }[];
    expect(events.filter((e) => e.type === 'NotificationIssued' && e.data.key === reminderKey(id))).toHaveLength(1);
    expect(events.filter((e) => e.type === 'NotificationDelivered' && e.data.key === reminderKey(id))).toHaveLength(2);
  });
});

describe('the calendar feed', () => {
  it('serves upcoming due dates as iCalendar, for all or one dependency', async () => {
    const firstDueOn = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
    const res = await stack
      .http()
      .post('/mandates')
      .set(SECRETARIAT)
      .send(aRegistration({ reportingSchedule: { kind: 'every_months', months: 12, firstDueOn } }))
      .expect(201);
    const id = res.body.id as string;
    await stack
      .http()
      .post(`/mandates/${id}/assignment`)
      .set(SECRETARIAT)
      .send({ dependency: DEPENDENCY, officer: 'ana' });

    const feed = await eventually(async () => {
      const ics = await stack.http().get('/calendar.ics').query({ dependency: DEPENDENCY }).expect(200);
      expect(ics.headers['content-type']).toContain('text/calendar');
      expect(ics.text).toContain(`${id}-c0@mandate-tracker`);
      return ics.text;
    });
    const calendar = new ICAL.Component(ICAL.parse(feed));
    const events = calendar.getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    const mine = events.filter((e) => e.uid.startsWith(`${id}-`));
    expect(mine.map((e) => e.startDate.toString())).toEqual([
      firstDueOn,
      addMonths(firstDueOn, 12),
      addMonths(firstDueOn, 24),
    ]);
    expect(mine[0].summary).toContain('Progress report due: AG/RES. 2866 (XLIV-O/14)');

    const other = await stack.http().get('/calendar.ics').query({ dependency: 'No such dependency' }).expect(200);
    expect(other.text).not.toContain(id);
  });
});

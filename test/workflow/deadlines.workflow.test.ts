import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import {
  assignUpdate,
  closeUpdate,
  eventsQuery,
  extendDeadlineUpdate,
  mandateWorkflowId,
  reassignUpdate,
  reviewProgressReportUpdate,
  stateQuery,
  submitProgressReportUpdate,
} from '../../workflows/mandate/contract';
import { addDays, addMonths, DEFAULT_NOTIFICATION_POLICY } from '../../workflows/mandate/deadlines';
import type { IssuedNotification } from '../../workflows/mandate/lifecycle';
import { aRegistration } from '../../workflows/mandate/lifecycle.builders';
import { mandateWorkflow } from '../../workflows';
import { startTimeSkippingEnvironment, withRecordingWorker } from '../support/time-skipping';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startTimeSkippingEnvironment();
});

afterAll(async () => {
  await env?.teardown();
});

const meta = () => ({ actor: 'secretariat.dps', requestId: randomUUID() });
const OFFICER_A = { dependency: 'Department of Public Security', officer: 'ana', officerEmail: 'ana@example.org' };
const OFFICER_B = { dependency: 'Department of Public Security', officer: 'bruno', officerEmail: 'bruno@example.org' };

/** Simulated time: advance the test server's clock to 14:00 UTC on `day` (past the 13:00 notifications). */
async function sleepUntil(day: string): Promise<void> {
  const target = Date.parse(`${day}T14:00:00Z`);
  const now = await env.currentTimeMs();
  if (target > now) await env.sleep(target - now);
}

const at13 = (day: string) => `${day}T13:00:00.000Z`;

/** On time: issued when due, give or take the timer's own start-up (milliseconds), never a minute late. */
function expectOnTime(n: IssuedNotification): void {
  const lateness = Date.parse(n.issuedAt) - Date.parse(n.scheduledFor);
  expect(lateness).toBeGreaterThanOrEqual(0);
  expect(lateness).toBeLessThan(60_000);
}

describe('reporting deadlines in the mandate workflow', () => {
  it('follows a mandate for more than a year: two cycles, an extension, a reassignment and a closure', async () => {
    await withRecordingWorker(env, async (calls, taskQueue) => {
      const today = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
      const firstDue = addDays(today, 60);
      const adoptedOn = addDays(today, -30);
      const handle = await env.client.workflow.start(mandateWorkflow, {
        taskQueue,
        workflowId: mandateWorkflowId(`deadlines-${randomUUID()}`),
        args: [
          {
            registration: aRegistration({
              // The symbol's /yy is the adoption year.
              resolutionSymbol: `AG/RES. 3000 (LVI-O/${adoptedOn.slice(2, 4)})`,
              adoptedOn,
              reportingSchedule: { kind: 'every_months', months: 9, firstDueOn: firstDue },
            }),
            notificationPolicy: DEFAULT_NOTIFICATION_POLICY,
            meta: meta(),
          },
        ],
      });
      await expect(handle.query(stateQuery)).resolves.toMatchObject({
        reporting: { current: { cycle: 0, dueOn: firstDue } },
      });
      const issued = async () =>
        (await handle.query(eventsQuery)).filter((e) => e.type === 'NotificationIssued').map((e) => e.data);
      const summary = (n: IssuedNotification) => `${n.kind}:${n.days}:${n.to}:${n.officer}:${n.dueOn}`;

      // Unassigned, nobody is reminded; once assigned, the reminders and escalations of cycle 1 fire on time.
      await handle.executeUpdate(assignUpdate, { args: [{ meta: meta(), command: { assignee: OFFICER_A } }] });
      await sleepUntil(addDays(firstDue, 8));
      let notifications = await issued();
      expect(notifications.map(summary)).toEqual([
        `reminder:30:officer:ana:${firstDue}`,
        `reminder:7:officer:ana:${firstDue}`,
        `reminder:1:officer:ana:${firstDue}`,
        `escalation:0:officer:ana:${firstDue}`,
        `escalation:7:dependency_head:ana:${firstDue}`,
      ]);
      expect(notifications.map((n) => n.scheduledFor)).toEqual([
        at13(addDays(firstDue, -30)),
        at13(addDays(firstDue, -7)),
        at13(addDays(firstDue, -1)),
        at13(firstDue),
        at13(addDays(firstDue, 7)),
      ]);
      notifications.forEach(expectOnTime);

      // An extension re-plans: the latest reminder already due for the new date goes out at once, the rest on time.
      const extendedDue = addDays(firstDue, 20);
      await handle.executeUpdate(extendDeadlineUpdate, {
        args: [{ meta: meta(), command: { newDueOn: extendedDue, reason: 'Awaiting data from member states' } }],
      });
      // A reassignment: from now on the reminders go to the new officer.
      await handle.executeUpdate(reassignUpdate, {
        args: [{ meta: meta(), command: { assignee: OFFICER_B, reason: 'Ana moved to another department' } }],
      });
      await sleepUntil(addDays(extendedDue, -1));
      notifications = (await issued()).slice(5);
      expect(notifications.map(summary)).toEqual([
        `reminder:30:officer:ana:${extendedDue}`,
        `reminder:7:officer:bruno:${extendedDue}`,
        `reminder:1:officer:bruno:${extendedDue}`,
      ]);
      expect(notifications.slice(1).map((n) => n.scheduledFor)).toEqual([
        at13(addDays(extendedDue, -7)),
        at13(addDays(extendedDue, -1)),
      ]);
      notifications.slice(1).forEach(expectOnTime);

      // The report is submitted and accepted before the extended deadline: no escalation for cycle 1.
      await handle.executeUpdate(submitProgressReportUpdate, {
        args: [
          {
            meta: meta(),
            command: { periodFrom: today, periodTo: extendedDue, summary: 'Cycle 1', documentUrl: 'https://x.org/r1' },
          },
        ],
      });
      await sleepUntil(addDays(extendedDue, 3));
      expect(await issued()).toHaveLength(8);
      await handle.executeUpdate(reviewProgressReportUpdate, {
        args: [{ meta: meta(), command: { reportId: 'R1', decision: 'accepted' } }],
      });
      const secondDue = addMonths(firstDue, 9);
      await expect(handle.query(stateQuery)).resolves.toMatchObject({
        reporting: { current: { cycle: 1, dueOn: secondDue } },
      });

      // Cycle 2 is not reported: the whole ladder, up to the Secretary 30 days after the due date.
      await sleepUntil(addDays(secondDue, 31));
      notifications = (await issued()).slice(8);
      expect(notifications.map(summary)).toEqual([
        `reminder:30:officer:bruno:${secondDue}`,
        `reminder:7:officer:bruno:${secondDue}`,
        `reminder:1:officer:bruno:${secondDue}`,
        `escalation:0:officer:bruno:${secondDue}`,
        `escalation:7:dependency_head:bruno:${secondDue}`,
        `escalation:30:secretary:bruno:${secondDue}`,
      ]);
      notifications.forEach(expectOnTime);

      // Closed: nothing fires any more, however long we wait.
      await handle.executeUpdate(closeUpdate, {
        args: [{ meta: meta(), command: { outcome: 'discontinued', reason: 'Superseded by events' } }],
      });
      await sleepUntil(addDays(secondDue, 120));
      expect(await issued()).toHaveLength(14);
      expect(Date.parse(new Date(await env.currentTimeMs()).toISOString()) - Date.parse(today)).toBeGreaterThan(
        365 * 86_400_000,
      );

      // Every issued notification was handed to delivery once, and each delivery is recorded in the history.
      expect(calls.deliveries.map((d) => d.notification.key)).toEqual((await issued()).map((n) => n.key));
      const delivered = (await handle.query(eventsQuery)).filter((e) => e.type === 'NotificationDelivered');
      expect(delivered).toHaveLength(14);
      await handle.terminate();
    });
  });
});

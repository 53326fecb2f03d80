/**
 * Records the replay corpus: histories of mandates taken through every command and timer, on the time-skipping
 * test server, written as `temporal workflow show --output json` writes them. Run it when the workflow code
 * changes in a way running mandates must survive, into a new version folder, and keep the old ones:
 *
 *   npm run histories:record -- v2
 *
 * test/workflow/replay.test.ts replays every history of every version against the current workflow code.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { mandateWorkflow } from '../workflows';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import {
  assignUpdate,
  closeUpdate,
  extendDeadlineUpdate,
  linkUpdate,
  MANDATE_SEARCH_ATTRIBUTES,
  mandateWorkflowId,
  reassignUpdate,
  recordCounterpartLinkUpdate,
  recordFollowUpUpdate,
  registerUpdate,
  reviewProgressReportUpdate,
  setReportingScheduleUpdate,
  submitProgressReportUpdate,
} from '../workflows/mandate/contract';
import { addDays, DEFAULT_NOTIFICATION_POLICY } from '../workflows/mandate/deadlines';
import { aRegistration } from '../workflows/mandate/lifecycle.builders';
import { startTimeSkippingEnvironment, withRecordingWorker } from '../test/support/time-skipping';

const version = process.argv[2];
if (!version || !/^v\d+$/.test(version)) {
  console.error('usage: npm run histories:record -- v<N>');
  process.exit(2);
}
const folder = join(__dirname, '..', 'test', 'fixtures', 'histories', version);

let n = 0;
const meta = (actor = 'secretariat.dps') => ({ actor, requestId: `req-${++n}` });
const assignee = { dependency: 'Department of Public Security', officer: 'ana', officerEmail: 'ana@example.org' };
const report = (from: string, to: string) => ({
  periodFrom: from,
  periodTo: to,
  summary: 'Progress',
  documentUrl: 'https://x.org/r',
});

type Scenario = (env: TestWorkflowEnvironment, taskQueue: string, today: string) => Promise<string>;

async function sleepDays(env: TestWorkflowEnvironment, days: number): Promise<void> {
  await env.sleep(days * 86_400_000);
}

const scenarios: Record<string, Scenario> = {
  /** Every command of the lifecycle, and one the rules refuse. */
  async lifecycle(env, taskQueue, today) {
    const handle = await env.client.workflow.start(mandateWorkflow, {
      taskQueue,
      workflowId: mandateWorkflowId('replay-lifecycle'),
      args: [{ registration: aRegistration(), notificationPolicy: DEFAULT_NOTIFICATION_POLICY, meta: meta() }],
    });
    await handle.executeUpdate(assignUpdate, { args: [{ meta: meta(), command: { assignee } }] });
    await handle.executeUpdate(recordFollowUpUpdate, {
      args: [{ meta: meta('ana'), command: { kind: 'meeting', summary: 'CSH meeting', date: today } }],
    });
    await handle.executeUpdate(submitProgressReportUpdate, {
      args: [{ meta: meta('ana'), command: report('2025-07-01', today) }],
    });
    await handle
      .executeUpdate(submitProgressReportUpdate, {
        args: [{ meta: meta('ana'), command: report('2025-07-01', today) }],
      })
      .catch(() => undefined); // refused: a report is under review
    await handle.executeUpdate(reviewProgressReportUpdate, {
      args: [{ meta: meta(), command: { reportId: 'R1', decision: 'returned', comments: 'Add the funds raised' } }],
    });
    await handle.executeUpdate(submitProgressReportUpdate, {
      args: [{ meta: meta('ana'), command: report('2025-07-01', today) }],
    });
    await handle.executeUpdate(reviewProgressReportUpdate, {
      args: [{ meta: meta(), command: { reportId: 'R2', decision: 'accepted' } }],
    });
    await handle.executeUpdate(reassignUpdate, {
      args: [{ meta: meta(), command: { assignee: { ...assignee, officer: 'bruno' }, reason: 'Ana moved' } }],
    });
    await handle.executeUpdate(closeUpdate, {
      args: [
        { meta: meta(), command: { outcome: 'fulfilled', reason: 'Reported', finalReportReference: 'AG/doc.1/26' } },
      ],
    });
    await sleepDays(env, 1);
    return handle.workflowId;
  },

  /** Reminders, escalations, an extension, a schedule change, a reassignment, a second cycle, a closure. */
  async deadlines(env, taskQueue, today) {
    const handle = await env.client.workflow.start(mandateWorkflow, {
      taskQueue,
      workflowId: mandateWorkflowId('replay-deadlines'),
      args: [
        {
          registration: aRegistration({
            reportingSchedule: { kind: 'every_months', months: 6, firstDueOn: addDays(today, 40) },
          }),
          notificationPolicy: DEFAULT_NOTIFICATION_POLICY,
          meta: meta(),
        },
      ],
    });
    await handle.executeUpdate(assignUpdate, { args: [{ meta: meta(), command: { assignee } }] });
    await sleepDays(env, 48);
    await handle.executeUpdate(extendDeadlineUpdate, {
      args: [{ meta: meta(), command: { newDueOn: addDays(today, 60), reason: 'Awaiting data' } }],
    });
    await handle.executeUpdate(reassignUpdate, {
      args: [{ meta: meta(), command: { assignee: { ...assignee, officer: 'bruno' }, reason: 'Ana moved' } }],
    });
    await sleepDays(env, 10);
    await handle.executeUpdate(submitProgressReportUpdate, {
      args: [{ meta: meta('bruno'), command: report(today, addDays(today, 58)) }],
    });
    await handle.executeUpdate(reviewProgressReportUpdate, {
      args: [{ meta: meta(), command: { reportId: 'R1', decision: 'accepted' } }],
    });
    await handle.executeUpdate(setReportingScheduleUpdate, {
      args: [
        { meta: meta(), command: { schedule: { kind: 'once', dueOn: addDays(today, 100) }, reason: 'New resolution' } },
      ],
    });
    await sleepDays(env, 75);
    await handle.executeUpdate(closeUpdate, {
      args: [
        {
          meta: meta(),
          command: { outcome: 'superseded', reason: 'Renewed', successorMandateId: 'ag-res-3000-liv-o-24-p1' },
        },
      ],
    });
    await sleepDays(env, 30);
    return handle.workflowId;
  },

  /**
   * Design v3: registration answered by the register update, search attributes, a link and the other side of one,
   * an issued reminder and its delivery, and a run that continues as new (both runs are recorded).
   */
  async lineage(env, taskQueue, today) {
    const handle = await env.client.workflow.start(mandateWorkflow, {
      taskQueue,
      workflowId: mandateWorkflowId('replay-lineage'),
      args: [
        {
          registration: aRegistration({ reportingSchedule: { kind: 'once', dueOn: addDays(today, 5) } }),
          notificationPolicy: DEFAULT_NOTIFICATION_POLICY,
          meta: meta(),
          searchAttributes: true,
          historyLimit: 70,
        },
      ],
    });
    const registered = meta();
    await handle
      .executeUpdate(registerUpdate, { args: [{ meta: { ...registered, requestId: 'req-lineage-1' } }] })
      .catch(
        () => undefined, // refused: another request for the same paragraph
      );
    await handle.executeUpdate(assignUpdate, {
      args: [{ meta: meta(), command: { assignee: { ...assignee, dependencyId: 'DPS' } } }],
    });
    await handle.executeUpdate(linkUpdate, {
      args: [
        {
          meta: meta(),
          command: { relation: 'renewed_by', otherMandateId: 'ag-res-2880-xlvi-o-16-p5', reason: 'Renewed in 2016' },
        },
      ],
    });
    await handle.executeUpdate(recordCounterpartLinkUpdate, {
      args: [
        {
          meta: { actor: 'secretariat.dps', requestId: 'counterpart:ag-res-1353-xxv-o-95-p8:4' },
          command: {
            link: {
              linkId: 'ag-res-1353-xxv-o-95-p8#4',
              relation: 'renews',
              otherMandateId: 'ag-res-1353-xxv-o-95-p8',
              reason: 'Renews the 1995 mandate',
            },
          },
        },
      ],
    });
    await sleepDays(env, 5);
    for (let i = 0; (await handle.describe()).runId === handle.firstExecutionRunId && i < 20; i++) {
      await handle.executeUpdate(recordFollowUpUpdate, {
        args: [{ meta: meta('ana'), command: { kind: 'meeting', summary: `Meeting ${i}`, date: today } }],
      });
    }
    await handle.executeUpdate(recordFollowUpUpdate, {
      args: [{ meta: meta('ana'), command: { kind: 'coordination', summary: 'After continuing', date: today } }],
    });
    await sleepDays(env, 1);
    return handle.workflowId;
  },
};

async function currentRunId(env: TestWorkflowEnvironment, workflowId: string): Promise<string | undefined> {
  return (await env.client.workflow.getHandle(workflowId).describe()).runId;
}

/** The run this one continued, if it continued one. */
async function previousRunId(
  env: TestWorkflowEnvironment,
  workflowId: string,
  runId: string,
): Promise<string | undefined> {
  const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
  return history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
}

async function main(): Promise<void> {
  mkdirSync(folder, { recursive: true });
  const env = await startTimeSkippingEnvironment();
  await env.connection.operatorService.addSearchAttributes({
    namespace: 'default',
    searchAttributes: Object.fromEntries(
      Object.values(MANDATE_SEARCH_ATTRIBUTES).map((key) => [
        key.name,
        encodeSearchAttributeIndexedValueType(key.type)!,
      ]),
    ),
  });
  try {
    await withRecordingWorker(env, async (_, taskQueue) => {
      const today = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
      for (const [name, run] of Object.entries(scenarios)) {
        const workflowId = await run(env, taskQueue, today);
        // Every run, oldest first: a continued run's history starts from the state its input carries.
        const runIds: string[] = [];
        for (
          let runId = await currentRunId(env, workflowId);
          runId;
          runId = await previousRunId(env, workflowId, runId)
        ) {
          runIds.unshift(runId);
        }
        for (const [i, runId] of runIds.entries()) {
          const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
          const file = join(folder, runIds.length > 1 ? `${name}-run${i + 1}.json` : `${name}.json`);
          writeFileSync(file, JSON.stringify(JSON.parse(historyToJSON(history)), null, 2) + '\n');
          console.log(`${file}: ${history.events?.length ?? 0} events`);
        }
        await env.client.workflow.getHandle(workflowId).terminate('recorded');
      }
    });
  } finally {
    await env.teardown();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

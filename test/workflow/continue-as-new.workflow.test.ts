import { ApplicationFailure } from '@temporalio/common';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import { domainEventsOf, type HistoryJson } from '../../src/audit/history-events';
import { mandateWorkflow } from '../../workflows';
import {
  assignUpdate,
  eventsQuery,
  type MandateWorkflowInput,
  mandateWorkflowId,
  recordFollowUpUpdate,
  stateQuery,
} from '../../workflows/mandate/contract';
import { addDays } from '../../workflows/mandate/deadlines';
import { aRegistration } from '../../workflows/mandate/lifecycle.builders';
import { commandMeta, startMandate, startTimeSkippingEnvironment, withRecordingWorker } from '../support/time-skipping';

// A server of its own: the time-skipping test server keeps the activities of runs that continued as new (a real
// server drops them), which holds up the time skipping of the tests that come after.
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startTimeSkippingEnvironment();
});

afterAll(async () => {
  await env?.teardown();
});

const meta = commandMeta;
const OFFICER = { dependency: 'Department of Public Security', officer: 'ana', officerEmail: 'ana@example.org' };
const start = (taskQueue: string, input: Partial<MandateWorkflowInput> = {}) => startMandate(env, taskQueue, input);

const followUp = (i: number) => ({
  meta: meta(),
  command: { kind: 'meeting' as const, summary: `Meeting ${i}`, date: '2024-03-02' },
});

describe('mandate workflow, design v3: continue-as-new is never postponed', () => {
  it('keeps its clock when every projection fails: reminders go out and it continues as new', async () => {
    const failing = () => Promise.reject(ApplicationFailure.retryable('read model unavailable'));
    await withRecordingWorker(
      env,
      async (calls, taskQueue) => {
        const today = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
        const dueOn = addDays(today, 2);
        const handle = await env.client.workflow.start(mandateWorkflow, {
          taskQueue,
          workflowId: mandateWorkflowId(`v3-${randomUUID()}`),
          args: [
            {
              registration: aRegistration({ reportingSchedule: { kind: 'once', dueOn } }),
              meta: meta(),
              historyLimit: 60,
            },
          ],
        });
        await handle.executeUpdate(assignUpdate, { args: [{ meta: meta(), command: { assignee: OFFICER } }] });
        // The 1-day reminder and the due-day escalation.
        await env.sleep(3 * 86_400_000);
        const issued = (await handle.query(eventsQuery)).filter((e) => e.type === 'NotificationIssued');
        expect(issued.length).toBeGreaterThanOrEqual(2);
        expect(calls.deliveries.length).toBeGreaterThanOrEqual(2);
        const firstRun = (await handle.describe()).runId;
        for (let i = 0; i < 20 && (await handle.describe()).runId === firstRun; i++) {
          await handle.executeUpdate(recordFollowUpUpdate, { args: [followUp(i)] });
        }
        expect((await handle.describe()).runId).not.toBe(firstRun);
        expect(calls.projections.length).toBeGreaterThan(0);
        await handle.terminate();
      },
      { projectMandate: failing },
    );
  });
  it('continues as new under steady traffic with projections under way, every event handed to one', async () => {
    const slow = () => new Promise<void>((resolve) => setTimeout(resolve, 150));
    await withRecordingWorker(
      env,
      async (calls, taskQueue) => {
        const handle = await start(taskQueue, { historyLimit: 50 });
        await handle.executeUpdate(assignUpdate, { args: [{ meta: meta(), command: { assignee: OFFICER } }] });
        const runs = new Set<string>();
        for (let i = 0; i < 30; i++) {
          runs.add((await handle.describe()).runId);
          await handle.executeUpdate(recordFollowUpUpdate, { args: [followUp(i)] });
        }
        runs.add((await handle.describe()).runId);
        expect(runs.size).toBeGreaterThan(1);
        // No run outgrew its limit by more than the activation that crossed it.
        for (const runId of runs) {
          const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
          if ((await env.client.workflow.getHandle(handle.workflowId, runId).describe()).status.name !== 'RUNNING') {
            expect(history.events?.length ?? 0).toBeLessThan(50 + 15);
          }
        }
        const state = await handle.query(stateQuery);
        expect(state.lastSequence).toBe(32);
        // Every event is handed to a projection in its run's history (a run's last one may be cut short by its
        // continuing as new: its input is in the history all the same, and the next run heals the read model).
        const handed = async () => {
          const histories = [];
          for (const runId of runs) {
            const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
            histories.push({ runId, history: JSON.parse(historyToJSON(history)) as HistoryJson });
          }
          return domainEventsOf(histories).map((e) => e.sequence);
        };
        for (let i = 0; i < 50 && (await handed()).length < 32; i++) await new Promise((r) => setTimeout(r, 100));
        expect(await handed()).toEqual(Array.from({ length: 32 }, (_, i) => i + 1));
        // A continued run archives its predecessor.
        for (let i = 0; i < 50 && calls.archivedRuns.length < runs.size - 1; i++) {
          await new Promise((r) => setTimeout(r, 100));
        }
        expect(calls.archivedRuns.map((a) => a.runId).sort()).toEqual([...runs].slice(0, -1).sort());
        await handle.terminate();
      },
      { projectMandate: slow },
    );
  });
});

import { WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { randomUUID } from 'node:crypto';
import type { ProjectMandateInput } from '../../activities';
import { startTimeSkippingEnvironment, withRecordingWorker } from '../support/time-skipping';
import {
  assignUpdate,
  closeUpdate,
  eventsQuery,
  MANDATE_RULE_VIOLATION,
  mandateWorkflowId,
  recordFollowUpUpdate,
  stateQuery,
  submitProgressReportUpdate,
} from '../../workflows/mandate/contract';
import { mandateWorkflow } from '../../workflows';
import { aRegistration } from '../../workflows/mandate/lifecycle.builders';

const meta = (requestId: string = randomUUID()) => ({ actor: 'secretariat.dps', requestId });

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startTimeSkippingEnvironment();
});

afterAll(async () => {
  await env?.teardown();
});

const withWorker = (test: (projections: ProjectMandateInput[], taskQueue: string) => Promise<void>) =>
  withRecordingWorker(env, (calls, taskQueue) => test(calls.projections, taskQueue));

async function startMandate(taskQueue: string) {
  const registration = aRegistration();
  const mandateId = `wf-${randomUUID()}`;
  return env.client.workflow.start(mandateWorkflow, {
    taskQueue,
    workflowId: mandateWorkflowId(mandateId),
    args: [{ registration, meta: meta('register-1') }],
  });
}

const updateEvents = (history: Awaited<ReturnType<ReturnType<typeof env.client.workflow.getHandle>['fetchHistory']>>) =>
  (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);

describe(mandateWorkflow.name, () => {
  it('records the registration from its input, and answers the state and event queries', async () => {
    await withWorker(async (_, taskQueue) => {
      const handle = await startMandate(taskQueue);
      const state = await handle.query(stateQuery);
      expect(state).toMatchObject({ status: 'registered', lastSequence: 1 });
      const events = await handle.query(eventsQuery);
      expect(events).toEqual([
        expect.objectContaining({
          sequence: 1,
          type: 'MandateRegistered',
          actor: 'secretariat.dps',
          requestId: 'register-1',
        }),
      ]);
      await expect(handle.query(eventsQuery, 1)).resolves.toEqual([]);
      await handle.terminate();
    });
  });

  it('rejects a refused command in its validator: the history holds no trace of it', async () => {
    await withWorker(async (_, taskQueue) => {
      const handle = await startMandate(taskQueue);
      const refused = handle.executeUpdate(submitProgressReportUpdate, {
        args: [
          {
            meta: meta(),
            command: { periodFrom: '2025-01-01', periodTo: '2025-12-31', summary: 's', documentUrl: 'https://x.org/r' },
          },
        ],
      });
      await expect(refused).rejects.toThrow(WorkflowUpdateFailedError);
      await expect(refused).rejects.toMatchObject({
        cause: { type: MANDATE_RULE_VIOLATION, details: [{ rule: 'mandate-not-assigned' }] },
      });
      expect(updateEvents(await handle.fetchHistory())).toHaveLength(0);
      await expect(handle.query(stateQuery)).resolves.toMatchObject({ status: 'registered', lastSequence: 1 });
      await handle.terminate();
    });
  });

  it('applies an update id once, however often it is sent', async () => {
    await withWorker(async (_, taskQueue) => {
      const handle = await startMandate(taskQueue);
      const assign = () =>
        handle.executeUpdate(assignUpdate, {
          args: [{ meta: meta('assign-1'), command: { assignee: { dependency: 'DPS', officer: 'maria' } } }],
          updateId: 'assign-1',
        });
      const first = await assign();
      const second = await assign();
      expect(second).toEqual(first);
      expect(updateEvents(await handle.fetchHistory())).toHaveLength(1);
      await expect(handle.query(eventsQuery)).resolves.toHaveLength(2);
      await handle.terminate();
    });
  });

  it('projects every event into the read model once, in order', async () => {
    await withWorker(async (projections, taskQueue) => {
      const handle = await startMandate(taskQueue);
      await handle.executeUpdate(assignUpdate, {
        args: [{ meta: meta(), command: { assignee: { dependency: 'DPS', officer: 'maria' } } }],
      });
      await handle.executeUpdate(recordFollowUpUpdate, {
        args: [{ meta: meta(), command: { kind: 'meeting', summary: 'CSH meeting', date: '2024-03-02' } }],
      });
      await handle.executeUpdate(closeUpdate, {
        args: [{ meta: meta(), command: { outcome: 'fulfilled', reason: 'Done' } }],
      });
      // The workflow stays open after closure (its history is the permanent record) and keeps projecting.
      const deadline = Date.now() + 10_000;
      while (projections.flatMap((p) => p.events).length < 4 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const sequences = projections.flatMap((p) => p.events.map((e) => e.sequence));
      expect(sequences).toEqual([1, 2, 3, 4]);
      // Only events travel to the read model (the history keeps every activity input): no state snapshots.
      for (const p of projections) expect(Object.keys(p).sort()).toEqual(['events', 'mandateId', 'through']);
      expect(projections.map((p) => p.through)).toEqual(projections.map((p) => p.events[p.events.length - 1].sequence));
      expect(projections.flatMap((p) => p.events).pop()?.type).toBe('MandateClosed');
      const description = await handle.describe();
      expect(description.status.name).toBe('RUNNING');
      await handle.terminate();
    });
  });
});

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { LEGACY_QUERY_REFUSED } from '../../workflows/interceptors';
import { mandateWorkflowId, stateQuery } from '../../workflows/mandate/contract';
import { eventually, startTestStack, type TestStack } from '../support/api';
import { PEOPLE } from '../support/identity-provider';
import { sleep, STICKY_TIMEOUT_MS } from '../support/pending-task';
import { replayRuns } from '../support/replay';
import { startContinueAsNewServer } from '../support/servers';
import { aRegistration, assignment, followUp } from '../support/requests';
import { WorkerProcess } from '../support/worker-process';

let SECRETARIAT: { Authorization: string };
let OFFICER: { Authorization: string };

let server: TestWorkflowEnvironment;
let stack: TestStack;

beforeAll(async () => {
  // A server that suggests continue-as-new after 40 history events (as test/int/continue-as-new.test.ts).
  server = await startContinueAsNewServer();
  stack = await startTestStack({ TEMPORAL_ADDRESS: server.address });
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  OFFICER = await stack.as(PEOPLE.officer);
});

afterAll(async () => {
  await stack?.close();
  await server?.teardown();
});

/**
 * The other face of nde-patch-marker-after-wft-timeout.json: the first workflow task of a continued run waits on
 * the sticky queue of a worker that has just died (when the kill beats the server's hand-over; the timing is the
 * machine's), while a query and a command reach the mandate. The SDK's
 * flags must be written with that run's first completed task (else its replay takes the SDK's older paths and
 * fails at the run's end), and every run must replay.
 */
describe('a continued run whose first workflow task waits on a dead sticky queue', () => {
  it(
    'records the SDK flags with its first completed task and replays, through to its own continue-as-new',
    async () => {
      const id = (await stack.http().post('/mandates').set(SECRETARIAT).send(aRegistration()).expect(201)).body
        .id as string;
      await stack.http().post(`/mandates/${id}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
      const workflowId = mandateWorkflowId(id);
      const handle = stack.temporal.workflow.getHandle(workflowId);
      const other = await WorkerProcess.start(stack.env);
      try {
        const firstRun = (await handle.describe()).runId;
        let n = 0;
        const followUpsUntilRunChanges = async (runId: string) => {
          while ((await handle.describe()).runId === runId) {
            await stack
              .http()
              .post(`/mandates/${id}/follow-ups`)
              .set(OFFICER)
              .send({ ...followUp, summary: `Meeting ${++n}` })
              .timeout(4 * STICKY_TIMEOUT_MS)
              .expect(200);
          }
        };
        // Commands until the run continues as new; the worker that ran it (the sticky one) dies right then,
        // before the new run's first task is handed to it.
        const sending = followUpsUntilRunChanges(firstRun);
        // A follow-up that fails ends the test with its error: no more follow-ups, no continue-as-new to wait for.
        let failed = false;
        sending.catch(() => (failed = true));
        while (!failed && (await handle.describe()).runId === firstRun) await sleep(20);
        if (failed) await sending;
        await stack.worker.stop('SIGKILL');
        // Answered, or refused by the legacy-query guard when it reached a worker with the new run's first task
        // still pending (the case the guard is for); the caller then asks again, once that task has run.
        const read = handle.query(stateQuery).catch((err: unknown) => {
          expect(String(err)).toContain(LEGACY_QUERY_REFUSED);
          return eventually(() => handle.query(stateQuery), 4 * STICKY_TIMEOUT_MS);
        });
        await sending;
        await expect(read).resolves.toMatchObject({ status: 'in_follow_up' });
        const secondRun = (await handle.describe()).runId;

        // The second run to its own continue-as-new, where a run missing its flags fails to replay.
        await followUpsUntilRunChanges(secondRun);
        const second = await stack.temporal.workflow.getHandle(workflowId, secondRun).fetchHistory();
        const events = second.events ?? [];
        const firstCompleted = events.find((e) => e.workflowTaskCompletedEventAttributes);
        expect(
          firstCompleted?.workflowTaskCompletedEventAttributes?.sdkMetadata?.coreUsedFlags?.length,
        ).toBeGreaterThan(0);
        const runs = [firstRun, secondRun, (await handle.describe()).runId].map((runId) => ({ workflowId, runId }));
        await expect(replayRuns(stack.temporal, runs)).resolves.toEqual({ runs: 3, failures: [] });

        await other.stop('SIGKILL');
        await stack.restartWorker();
        const res = await stack.http().get(`/mandates/${id}?consistency=strong`).timeout(30_000);
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ status: 'in_follow_up', lastSequence: n + 2 });
      } finally {
        await other.stop('SIGKILL');
        if (!stack.worker.running) await stack.restartWorker();
      }
    },
    8 * STICKY_TIMEOUT_MS + 60_000,
  );
});

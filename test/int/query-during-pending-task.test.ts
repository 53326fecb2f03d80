import { Worker } from '@temporalio/worker';
import { mandateWorkflowId, stateQuery } from '../../workflows/mandate/contract';
import { startTestStack, type TestStack } from '../support/api';
import { PEOPLE } from '../support/identity-provider';
import {
  queryOrRetryLater,
  sleep,
  startedProjection,
  STICKY_TIMEOUT_MS,
  stickyTimeouts,
} from '../support/pending-task';
import { aRegistration, assignment, followUp } from '../support/requests';
import { lockMandateRow } from '../support/row-lock';
import { WorkerProcess } from '../support/worker-process';

let SECRETARIAT: { Authorization: string };
let OFFICER: { Authorization: string };

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  OFFICER = await stack.as(PEOPLE.officer);
});

afterAll(async () => {
  await stack?.close();
});

/** A read of the mandate's state, or "retry later" (a 503 with Retry-After; see queryOrRetryLater). */
type StateReader = (mandateId: string) => Promise<{ lastSequence: number } | 'refused'>;

/**
 * The drill that broke mandates (shared/repro/repro-nde.sh): the worker holding a mandate's sticky queue dies
 * while a projection waits on a row lock; the projection's completion then waits on the dead sticky queue; a
 * read of the mandate reaches the other worker meanwhile, as a query carrying the whole history (the new events
 * too); a second command arrives before that workflow task runs. Whatever the workers did, the history must
 * replay and the mandate must still answer after a restart.
 */
async function queryWhileATaskWaitsOnADeadStickyQueue(readState: StateReader): Promise<void> {
  // The stack's worker serves the mandate's first tasks, so its sticky queue is the mandate's.
  const id = (await stack.http().post('/mandates').set(SECRETARIAT).send(aRegistration()).expect(201)).body
    .id as string;
  await stack.http().post(`/mandates/${id}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
  const workflowId = mandateWorkflowId(id);
  const other = await WorkerProcess.start(stack.env);
  try {
    const lock = await lockMandateRow(process.env.TEST_DATABASE_URL ?? '', id);
    try {
      await stack.http().post(`/mandates/${id}/follow-ups`).set(OFFICER).send(followUp).expect(200);
      // Kill the sticky worker a few seconds into the projection: if the projection ran there, its retry (after
      // the 10 s start-to-close timeout) still completes while the dead sticky queue counts as polled.
      const projection = await startedProjection(stack.temporal, workflowId);
      await sleep(Math.max(0, projection.startedAt + 4_000 - Date.now()));
      await stack.worker.stop('SIGKILL');
      // Sent now, the query waits on the dead sticky queue, then goes to the other worker with the history as it
      // stands by then: the projection's completion included, its workflow task still waiting to start.
      const read = readState(id);
      await sleep(5_000);
      await lock.release();
      // Answered with the state, or "retry later" (see StateReader).
      const answer = await read;
      if (answer !== 'refused') expect(answer).toMatchObject({ lastSequence: 3 });
    } finally {
      await lock.release();
    }
    // The second command reaches the workflow in the task that carries the projection's completion.
    await stack
      .http()
      .post(`/mandates/${id}/follow-ups`)
      .set(OFFICER)
      .send({ ...followUp, summary: 'Second coordination meeting' })
      .expect(200);

    const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
    // The fault happened as planned: a workflow task waited out the dead sticky queue (with the worker cache
    // off there is no sticky queue, and every task replays).
    if (process.env.WORKER_MAX_CACHED_WORKFLOWS !== '0') {
      expect(stickyTimeouts(history.events ?? []).length).toBeGreaterThan(0);
    }
    await expect(
      Worker.runReplayHistory({ workflowsPath: require.resolve('../../workflows') }, history, workflowId),
    ).resolves.toBeUndefined();

    // A fresh worker has to replay the history to answer.
    await other.stop('SIGKILL');
    await stack.restartWorker();
    const res = await stack.http().get(`/mandates/${id}?consistency=strong`).timeout(30_000);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: 'in_follow_up', lastSequence: 4 });
  } finally {
    await other.stop('SIGKILL');
    if (!stack.worker.running) await stack.restartWorker();
  }
}

describe('a query while a workflow task waits on a dead sticky queue', () => {
  it(
    'leaves a history that replays, when the query comes from a Temporal client (Web UI, CLI)',
    () =>
      queryWhileATaskWaitsOnADeadStickyQueue(async (id) => {
        const answer = await queryOrRetryLater(id, () =>
          stack.temporal.workflow.getHandle(mandateWorkflowId(id)).query(stateQuery),
        );
        return answer === 'retry-later' ? 'refused' : answer;
      }),
    4 * STICKY_TIMEOUT_MS + 60_000,
  );

  it(
    'leaves a history that replays, when the query is a GET of the mandate through the API',
    () =>
      queryWhileATaskWaitsOnADeadStickyQueue(async (id) => {
        const res = await stack.http().get(`/mandates/${id}?consistency=strong`).timeout(60_000);
        if (res.status === 503) {
          expect(res.headers['retry-after']).toMatch(/^(5|10)$/);
          expect(res.body.message).toMatch(/cannot be read from its workflow now/);
          return 'refused';
        }
        expect(res.status).toBe(200);
        return res.body as { lastSequence: number };
      }),
    4 * STICKY_TIMEOUT_MS + 60_000,
  );
});

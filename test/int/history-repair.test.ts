import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MandateHistoryReader } from '../../src/archive/mandate-history-reader';
import type { HistoryJson } from '../../src/audit/history-events';
import { readModelDataSourceOptions } from '../../src/database/read-model';
import { replayVerdict, repairMandate } from '../../src/operations/history-repair';
import { mandateWorkflowId, stateQuery } from '../../workflows/mandate/contract';
import { eventually, startTestStack, type TestStack } from '../support/api';
import { PEOPLE } from '../support/identity-provider';
import { historyEvents, sleep, startedProjection, stickyTimeouts } from '../support/pending-task';
import { aRegistration, assignment, followUp } from '../support/requests';
import { lockMandateRow } from '../support/row-lock';
import { WorkerProcess } from '../support/worker-process';

let SECRETARIAT: { Authorization: string };
let OFFICER: { Authorization: string };

// Workers without the legacy-query guard, to break a mandate the way the drills did before it existed.
let stack: TestStack;
let db: DataSource;

beforeAll(async () => {
  // The defect needs the sticky cache (a query applied live to a cached run): on in the *-nocache tier too.
  stack = await startTestStack({ WORKER_LEGACY_QUERY_GUARD: 'false', WORKER_MAX_CACHED_WORKFLOWS: '100' });
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  OFFICER = await stack.as(PEOPLE.officer);
  db = new DataSource(readModelDataSourceOptions(process.env.TEST_DATABASE_URL!, false));
  await db.initialize();
});

afterAll(async () => {
  await db?.destroy();
  // The stack replays every history on its task queue when it closes: the broken run is the one expected failure.
  await stack?.close().catch((err: unknown) => expect(String(err)).toContain('Nondeterminism'));
});

/**
 * The sdk-core defect the guard keeps away (workflows/interceptors.ts), provoked on purpose: two commands wait on a
 * held projection, the worker holding the sticky queue dies, a query reaches the other worker with the pending
 * task's events, and a third command arrives before that task runs.
 */
async function breakAMandate(): Promise<string> {
  const id = (await stack.http().post('/mandates').set(SECRETARIAT).send(aRegistration()).expect(201)).body
    .id as string;
  await stack.http().post(`/mandates/${id}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
  const workflowId = mandateWorkflowId(id);
  // The officer's access is then read from the read model: no query of the API's own joins the scenario.
  await eventually(async () =>
    expect(await db.query(`SELECT dependency_id FROM mandates WHERE id = $1`, [id])).toEqual([
      { dependency_id: 'DPS' },
    ]),
  );
  const other = await WorkerProcess.start(stack.env);
  const lock = await lockMandateRow(process.env.TEST_DATABASE_URL ?? '', id);
  try {
    await stack.http().post(`/mandates/${id}/follow-ups`).set(OFFICER).send(followUp).expect(200);
    await stack
      .http()
      .post(`/mandates/${id}/follow-ups`)
      .set(OFFICER)
      .send({ ...followUp, summary: 'Second' })
      .expect(200);
    const projection = await startedProjection(stack.temporal, workflowId);
    await sleep(Math.max(0, projection.startedAt + 4_000 - Date.now()));
    await stack.worker.stop('SIGKILL');
    const read = stack.temporal.workflow
      .getHandle(workflowId)
      .query(stateQuery)
      .catch(() => undefined);
    await sleep(5_000);
    await lock.release();
    await read;
  } finally {
    await lock.release();
  }
  await stack
    .http()
    .post(`/mandates/${id}/follow-ups`)
    .set(OFFICER)
    .send({ ...followUp, summary: 'Third' })
    .expect(200);
  await stack.restartWorker();
  await other.stop('SIGKILL');
  expect(stickyTimeouts(await historyEvents(stack.temporal, workflowId)).length).toBeGreaterThan(0);
  return id;
}

describe('repairing a mandate whose history does not replay', () => {
  it('resets it to the last task that replays, keeping every command, the broken run archived', async () => {
    const id = await breakAMandate();
    const workflowId = mandateWorkflowId(id);
    const broken = await stack.temporal.workflow.getHandle(workflowId).describe();

    const deps = {
      client: stack.temporal,
      namespace: 'default',
      reader: new MandateHistoryReader(stack.temporal, db),
      dataSource: db,
    };
    const plan = await repairMandate(deps, id, { reason: 'drill', dryRun: true });
    expect(plan).toMatchObject({ replays: false, dryRun: true, baseRunId: broken.runId });
    expect(plan.divergence).toMatch(/Nondeterminism error/);
    expect(plan.resetToEventId).toBeLessThan(plan.failedAt ?? 0);

    const report = await repairMandate(deps, id, { reason: `repair drill ${randomUUID()}` });
    expect(report).toMatchObject({ replays: false, newRunReplays: true, dryRun: false });
    // The mandate answers again, with every command: the one the broken tail held was reapplied by the reset.
    const state = await eventually(async () => {
      const res = await stack.http().get(`/mandates/${id}`).expect(200);
      const followUps = (res.body as { followUps: { summary: string }[] }).followUps;
      expect(followUps.map((f) => f.summary)).toEqual([followUp.summary, 'Second', 'Third']);
      return res.body as { lastSequence: number };
    }, 60_000);
    // The broken run is kept, terminated, in the run archive; the new run is the current one.
    const archived = await db.query<{ close_status: string }[]>(
      `SELECT close_status FROM run_archive WHERE workflow_id = $1 AND run_id = $2`,
      [workflowId, broken.runId],
    );
    expect(archived).toEqual([{ close_status: 'terminated' }]);
    expect((await stack.temporal.workflow.getHandle(workflowId).describe()).runId).toBe(report.newRunId);
    // The read model was projected again from the histories: it holds what the workflow holds.
    const [row] = await db.query<{ last_sequence: number }[]>(`SELECT last_sequence FROM mandates WHERE id = $1`, [id]);
    expect(row.last_sequence).toBe(state.lastSequence);
    // And it takes commands again.
    await stack
      .http()
      .post(`/mandates/${id}/follow-ups`)
      .set(OFFICER)
      .send({ ...followUp, summary: 'Fourth' })
      .expect(200);
    const history = await stack.temporal.workflow.getHandle(workflowId).fetchHistory();
    await expect(replayVerdict(JSON.parse(historyToJSON(history)) as HistoryJson)).resolves.toEqual({ replays: true });
  });
});

/**
 * Replay throughput: how fast this build's workflow code replays mandate histories with the SDK's replayer
 * (what an auditor's `npm run audit -- replay` and the replay corpus do).
 *
 *   npm run bench:replay
 *
 * Records, on the time-skipping test server, a history of about 50 events (a mandate registered, assigned,
 * followed up and reported on) and one of at least 4,000 events (hundreds of follow-ups), then replays the
 * small one BENCH_REPLAYS times (default 200) and the large one 3 times.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import type { temporal } from '@temporalio/proto';
import { mandateWorkflow } from '../workflows';
import {
  assignUpdate,
  mandateWorkflowId,
  recordFollowUpUpdate,
  submitProgressReportUpdate,
} from '../workflows/mandate/contract';
import { DEFAULT_NOTIFICATION_POLICY } from '../workflows/mandate/deadlines';
import { aRegistration } from '../workflows/mandate/lifecycle.builders';
import { startTimeSkippingEnvironment, withRecordingWorker } from '../test/support/time-skipping';

type History = temporal.api.history.v1.IHistory;
const REPLAYS = Number(process.env.BENCH_REPLAYS ?? 200);
let n = 0;
const meta = () => ({ actor: 'bench', requestId: `r-${++n}` });

async function record(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  id: string,
  minEvents: number,
): Promise<History> {
  const today = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
  const handle = await env.client.workflow.start(mandateWorkflow, {
    taskQueue,
    workflowId: mandateWorkflowId(id),
    args: [
      { registration: aRegistration({ paragraph: id }), notificationPolicy: DEFAULT_NOTIFICATION_POLICY, meta: meta() },
    ],
  });
  await handle.executeUpdate(assignUpdate, {
    args: [{ meta: meta(), command: { assignee: { dependency: 'DPS', officer: 'ana' } } }],
  });
  await handle.executeUpdate(submitProgressReportUpdate, {
    args: [
      {
        meta: meta(),
        command: { periodFrom: today, periodTo: today, summary: 'Progress', documentUrl: 'https://x.org/r' },
      },
    ],
  });
  let history = await handle.fetchHistory();
  while ((history.events?.length ?? 0) < minEvents) {
    await handle.executeUpdate(recordFollowUpUpdate, {
      args: [{ meta: meta(), command: { kind: 'meeting', summary: `Meeting ${n}`, date: today } }],
    });
    if (n % 50 === 0 || minEvents < 100) history = await handle.fetchHistory();
  }
  history = await handle.fetchHistory();
  await handle.terminate('recorded');
  return history;
}

async function main(): Promise<void> {
  const env = await startTimeSkippingEnvironment();
  let small: History | undefined;
  let large: History | undefined;
  try {
    await withRecordingWorker(env, async (_, taskQueue) => {
      small = await record(env, taskQueue, 'bench-small', 50);
      large = await record(env, taskQueue, 'bench-large', 4000);
    });
  } finally {
    await env.teardown();
  }
  const options = { workflowsPath: require.resolve('../workflows') };
  // Warm-up: the replayer bundles the workflow code once per call.
  await Worker.runReplayHistory(options, small!);

  const histories = Array.from({ length: REPLAYS }, (_, i) => ({ workflowId: `small-${i}`, history: small! }));
  let started = Date.now();
  for await (const result of Worker.runReplayHistories(options, histories)) {
    if (result.error) throw result.error;
  }
  const smallSeconds = (Date.now() - started) / 1000;

  const largeTimes: number[] = [];
  for (let i = 0; i < 3; i++) {
    started = Date.now();
    await Worker.runReplayHistory(options, large!);
    largeTimes.push((Date.now() - started) / 1000);
  }
  console.log(`| history | events | replays | time | rate |`);
  console.log(`| --- | --- | --- | --- | --- |`);
  console.log(
    `| small | ${small!.events?.length} | ${REPLAYS} (one replayer) | ${smallSeconds.toFixed(2)} s | ${(REPLAYS / smallSeconds).toFixed(0)} histories/s |`,
  );
  console.log(
    `| large | ${large!.events?.length} | 3 (one replayer each) | ${largeTimes.map((t) => t.toFixed(2)).join(' s, ')} s | ${(
      (large!.events?.length ?? 0) / Math.min(...largeTimes)
    ).toFixed(0)} events/s |`,
  );
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

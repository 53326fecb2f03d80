/**
 * Replay throughput: how fast this build's workflow code replays mandate histories (what `npm run audit --
 * replay`, `POST /audit/replay` and the replay corpus do).
 *
 *   npm run bench:replay
 *
 * Records, on a Temporal dev server whose continue-as-new threshold is raised out of the way, with the run's own
 * history limit raised too (so that each history is one run), a history of about 64 events (a mandate registered, assigned, reported on, followed up)
 * and one of about 4,000 events (hundreds of follow-ups). Then replays the small one BENCH_REPLAYS times
 * (default 200) four ways: bundling the workflow code per call (as before), with the bundle built once and one
 * replay worker per history (the audit's path), through the SDK's own replayer with that bundle
 * (`Worker.runReplayHistories`, one replay worker for all), and across the audit thread pool (the batch entry
 * point); and the large one three times with the bundle built once, beside the floor: a history of as many events
 * of the trivial workflow (bench/trivial: an update that does nothing, no state, no activity) through the SDK's
 * replayer, what replaying that many events costs on this machine whatever the workflow does.
 */
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import type { temporal } from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { bundleWorkflowCode, Worker, type WorkflowBundle } from '@temporalio/worker';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AuditPool } from '../src/audit/audit-pool';
import type { HistoryJson } from '../src/audit/history-events';
import { replayHistories } from '../src/audit/replay';
import { ReplaySession } from '../src/audit/replay-session';
import { installReplayRuntime, workflowBundle } from '../src/audit/workflow-bundle';
import { devServerExecutable } from '../src/embedded/server-binaries';
import { wholeHistory } from '../test/support/replay';
import { withRecordingWorker } from '../test/support/time-skipping';
import { mandateWorkflow } from '../workflows';
import {
  assignUpdate,
  mandateWorkflowId,
  recordFollowUpUpdate,
  submitProgressReportUpdate,
} from '../workflows/mandate/contract';
import { DEFAULT_NOTIFICATION_POLICY } from '../workflows/mandate/deadlines';
import { noopUpdate, trivialWorkflow } from './trivial/workflows';
import { aRegistration } from '../workflows/mandate/lifecycle.builders';

type History = temporal.api.history.v1.IHistory;
const REPLAYS = Number(process.env.BENCH_REPLAYS ?? 200);
const SMALL_EVENTS = 64;
/** Recording stops at the first follow-up past this; the last one and its projection land near SMALL_EVENTS. */
const SMALL_RECORD_UNTIL = 54;
const LARGE_EVENTS = 4000;
let n = 0;
const meta = () => ({ actor: 'bench', requestId: `r-${++n}` });

/** Records one run of at least `minEvents` history events; refuses a history that continued as new. */
async function record(env: TestWorkflowEnvironment, taskQueue: string, id: string, minEvents: number) {
  const today = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
  const started = await env.client.workflow.start(mandateWorkflow, {
    taskQueue,
    workflowId: mandateWorkflowId(id),
    args: [
      {
        registration: aRegistration({ paragraph: id }),
        notificationPolicy: DEFAULT_NOTIFICATION_POLICY,
        meta: meta(),
        // One run however long: the workflow would otherwise continue as new at RUN_HISTORY_LIMIT events.
        historyLimit: 1_000_000,
      },
    ],
  });
  // Pinned to the first run: a history read through the workflow id alone would follow a continued run.
  const run = env.client.workflow.getHandle(started.workflowId, started.firstExecutionRunId);
  await run.executeUpdate(assignUpdate, {
    args: [{ meta: meta(), command: { assignee: { dependency: 'DPS', officer: 'ana' } } }],
  });
  await run.executeUpdate(submitProgressReportUpdate, {
    args: [
      {
        meta: meta(),
        command: { periodFrom: today, periodTo: today, summary: 'Progress', documentUrl: 'https://x.org/r' },
      },
    ],
  });
  let events = (await run.describe()).historyLength;
  for (let i = 0; events < minEvents; i++) {
    await run.executeUpdate(recordFollowUpUpdate, {
      args: [{ meta: meta(), command: { kind: 'meeting', summary: `Meeting ${n}`, date: today } }],
    });
    if (i % 50 === 49 || minEvents - events < 400) events = (await run.describe()).historyLength;
  }
  await new Promise((r) => setTimeout(r, 500)); // the last projection's activity completes
  const history = await wholeHistory(env.client, {
    workflowId: started.workflowId,
    runId: started.firstExecutionRunId,
  });
  const last = history.events?.[history.events.length - 1];
  if (last?.workflowExecutionContinuedAsNewEventAttributes) throw new Error(`${id} continued as new while recording`);
  await run.terminate('recorded');
  return history;
}

/** The floor: the trivial workflow's history, updates one after another until it has at least `minEvents`. */
async function recordTrivial(
  env: TestWorkflowEnvironment,
  bundle: WorkflowBundle,
  minEvents: number,
): Promise<History> {
  const taskQueue = `bench-trivial-${Date.now()}`;
  const worker = await Worker.create({ connection: env.nativeConnection, taskQueue, workflowBundle: bundle });
  return worker.runUntil(async () => {
    const run = await env.client.workflow.start(trivialWorkflow, { taskQueue, workflowId: taskQueue });
    for (let events = 0; events < minEvents;) {
      for (let i = 0; i < 10; i++) await run.executeUpdate(noopUpdate, { args: [{}] });
      events = (await run.describe()).historyLength;
    }
    const history = await wholeHistory(env.client, { workflowId: run.workflowId, runId: run.firstExecutionRunId });
    await run.terminate('recorded');
    return history;
  });
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const mib = () => Math.round(process.memoryUsage().rss / 1024 / 1024);

async function measured<T>(work: () => Promise<T>) {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  const started = process.hrtime.bigint();
  const result = await work();
  const time = seconds(started);
  delay.disable();
  return { result, time, loopP99: delay.percentile(99) / 1e6, rss: mib() };
}

async function main(): Promise<void> {
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: devServerExecutable(),
      ip: '127.0.0.1',
      namespace: 'default',
      extraArgs: [
        '--dynamic-config-value',
        'limit.historyCount.suggestContinueAsNew=100000',
        // Each command's result carries the state, so the history's bytes grow faster than its events.
        '--dynamic-config-value',
        'limit.historySize.suggestContinueAsNew=1000000000',
      ],
    },
  });
  let small: History | undefined;
  let large: History | undefined;
  let trivial: History | undefined;
  const trivialBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./trivial/workflows') });
  try {
    await withRecordingWorker(env, async (_, taskQueue) => {
      small = await record(env, taskQueue, `bench-small-${Date.now()}`, SMALL_RECORD_UNTIL);
      large = await record(env, taskQueue, `bench-large-${Date.now()}`, LARGE_EVENTS);
    });
    trivial = await recordTrivial(env, trivialBundle, large!.events!.length);
  } finally {
    await env.teardown();
  }
  const smallEvents = small!.events!.length;
  const largeEvents = large!.events!.length;
  if (smallEvents < 55 || smallEvents > 80 || largeEvents < LARGE_EVENTS) {
    throw new Error(`recorded ${smallEvents} and ${largeEvents} events, not about ${SMALL_EVENTS} and ${LARGE_EVENTS}`);
  }
  installReplayRuntime();
  const rows: string[] = [];
  const row = (what: string, events: number, replays: number, m: { time: number; loopP99: number; rss: number }) =>
    rows.push(
      `| ${what} | ${events} | ${replays} | ${m.time.toFixed(2)} s | ${(replays / m.time).toFixed(1)}/s | ${m.loopP99.toFixed(0)} ms | ${m.rss} MiB |`,
    );

  const perCall = 3;
  row(
    'bundle per call (`runReplayHistory` with `workflowsPath`, as before)',
    smallEvents,
    perCall,
    await measured(async () => {
      for (let i = 0; i < perCall; i++) {
        await Worker.runReplayHistory({ workflowsPath: require.resolve('../workflows') }, small!);
      }
    }),
  );

  // Built once for the process: the recording worker above already used it.
  const bundle = await workflowBundle();
  const smallJson = JSON.parse(historyToJSON(small!)) as HistoryJson;
  row(
    'bundle built once, one replay worker per history (`runReplayHistory` with `workflowBundle`)',
    smallEvents,
    REPLAYS,
    await measured(async () => {
      for (let i = 0; i < REPLAYS; i++) await Worker.runReplayHistory({ workflowBundle: bundle }, small!);
    }),
  );

  const session = new ReplaySession(bundle);
  row(
    'audit replay in process: bundle built once, one replay worker kept (`ReplaySession`), with its checks',
    smallEvents,
    REPLAYS,
    await measured(async () => {
      for (let i = 0; i < REPLAYS; i++) {
        const report = await replayHistories(
          { workflowId: 'bench', runs: [{ runId: 'r', history: smallJson }] },
          session,
        );
        if (!report.deterministic || !report.complete) throw new Error(report.verdict);
      }
    }),
  );
  await session.close();

  row(
    "SDK's replayer: `runReplayHistories`, bundle built once, one replay worker for all",
    smallEvents,
    REPLAYS,
    await measured(async () => {
      const histories = Array.from({ length: REPLAYS }, (_, i) => ({ workflowId: `small-${i}`, history: small! }));
      for await (const result of Worker.runReplayHistories({ workflowBundle: bundle }, histories)) {
        if (result.error) throw result.error;
      }
    }),
  );

  const threads = Number(process.env.BENCH_THREADS ?? 2);
  const pool = new AuditPool({ threads, queue: threads });
  await pool.warmUp();
  const body = Buffer.from(historyToJSON(small!));
  row(
    `audit thread pool, ${threads} threads (\`AuditPool.replayAll\`, the batch entry point)`,
    smallEvents,
    REPLAYS,
    await measured(async () => {
      const results = await pool.replayAll(Array.from({ length: REPLAYS }, () => () => body));
      if (!results.every((r) => 'report' in r && r.report.deterministic)) throw new Error('a pooled replay failed');
    }),
  );
  await pool.close();

  // The large history and the floor in turn, three times each, so that both meet the same heap and load.
  const largeTimes: number[] = [];
  const floorTimes: number[] = [];
  let largeLast: Awaited<ReturnType<typeof measured>> | undefined;
  let floorLast: Awaited<ReturnType<typeof measured>> | undefined;
  for (let i = 0; i < 3; i++) {
    largeLast = await measured(() => Worker.runReplayHistory({ workflowBundle: bundle }, large!));
    largeTimes.push(largeLast.time);
    floorLast = await measured(() => Worker.runReplayHistory({ workflowBundle: trivialBundle }, trivial));
    floorTimes.push(floorLast.time);
  }
  row('large history, bundle built once (3 runs, best shown)', largeEvents, 1, {
    ...largeLast!,
    time: Math.min(...largeTimes),
  });
  row(
    "the floor: the trivial workflow's history of as many events, SDK replayer (3 runs, best shown)",
    trivial.events!.length,
    1,
    { ...floorLast!, time: Math.min(...floorTimes) },
  );

  console.log(
    `Floor runs: ${floorTimes.map((t) => t.toFixed(2)).join(' s, ')} s; large over floor: ` +
      `${(Math.min(...largeTimes) / Math.min(...floorTimes)).toFixed(2)}x.`,
  );
  const mibOf = (history: History) => (historyToJSON(history).length / 2 ** 20).toFixed(1);
  console.log(
    `Large history runs: ${largeTimes.map((t) => t.toFixed(2)).join(' s, ')} s (${(largeEvents / Math.min(...largeTimes)).toFixed(0)} history events/s); ` +
      `${mibOf(large!)} MiB of history JSON against the floor's ${mibOf(trivial)} MiB.`,
  );
  console.log('');
  console.log('| how | history events | replays | time | rate | main-thread event-loop delay p99 | RSS after |');
  console.log('| --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) console.log(r);
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);

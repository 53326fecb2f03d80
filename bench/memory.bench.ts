/**
 * The worker's memory with many open mandates, by the size of its workflow cache, and what a cache miss costs.
 *
 *   npm run bench:memory                                   # 10,000 open mandates, the configured default cache
 *   npm run bench:memory -- --quick                        # 1,000 open mandates, a cache of 200
 *   BENCH_MANDATES=10000 BENCH_CACHE=500,1000,2310 npm run bench:memory   # sizes to compare ("sdk": the SDK's)
 *
 * Starts a Temporal dev server and an embedded PostgreSQL (as the integration tests do) and, for each cache size, a
 * worker process of its own (`dist/src/worker.main.js`, the real program, WORKER_MAX_CACHED_WORKFLOWS set). It opens
 * N mandates through the Temporal client, 32 at a time: each registered, assigned and waiting on its reminder timer
 * (a report due in 60 days), the read model caught up. The worker's RSS is sampled all along (the peak) and read once
 * they all wait and the worker has been idle a minute (V8 returns memory only then). Then commands (record a follow-up, through the raw client, one at a time), alternately to a mandate
 * in the cache (one of the last touched) and to one long evicted (opened first, never touched since), so that a miss
 * replays the mandate's history: p50 and p99 of each. Then the same for the trivial workflow (bench/trivial: an
 * update that does nothing) on a worker with a small cache, with histories as long as a mandate's: what a miss costs
 * Temporal itself, the floor of the ratio. Last, what the mandates cost the servers: the Temporal server's RSS growth
 * and the read model's size, per mandate.
 */
import { Client, Connection } from '@temporalio/client';
import { createHash, randomUUID } from 'node:crypto';
import { getHeapStatistics } from 'node:v8';
import { DataSource } from 'typeorm';
import { canonicalJson } from '../src/audit/canonical-json';
import { AppConfig } from '../src/config/app-config';
import { readModelDataSourceOptions } from '../src/database/read-model';
import {
  assignUpdate,
  MANDATE_WORKFLOW_TYPE,
  mandateWorkflowId,
  recordFollowUpUpdate,
} from '../workflows/mandate/contract';
import { addDays, DEFAULT_NOTIFICATION_POLICY } from '../workflows/mandate/deadlines';
import { aRegistration } from '../workflows/mandate/lifecycle.builders';
import { startTestServers } from '../test/support/servers';
import {
  f1,
  f2,
  findProcess,
  machineNotes,
  percentile,
  rssMiB,
  rssPeak,
  startTrivialWorker,
  startWorker,
  timedPool,
} from './support';
import { noopUpdate, trivialWorkflow } from './trivial/workflows';

const quick = process.argv.includes('--quick');
const MANDATES = Number(process.env.BENCH_MANDATES ?? (quick ? 1_000 : 10_000));
const configuredDefault = String(new AppConfig().WORKER_MAX_CACHED_WORKFLOWS);
const CACHES = (process.env.BENCH_CACHE ?? (quick ? '200' : configuredDefault)).split(',');
const SAMPLES = Number(process.env.BENCH_SAMPLES ?? 150);
const SETTLE_SECONDS = Number(process.env.BENCH_SETTLE_SECONDS ?? (quick ? 30 : 60));
const CONCURRENCY = 32;

/**
 * The SDK's default cache size for a worker process like this one (same Node, same machine): with reuseV8Context,
 * max(floor((heap limit - 200 MB) × 600 / 1024 MB), 10) (WorkerOptions.maxCachedWorkflows).
 */
function sdkDefaultCache(): number {
  const heapMiB = getHeapStatistics().heap_size_limit / 2 ** 20;
  return Math.max(Math.floor((Math.max(heapMiB - 200, 0) * 600) / 1024), 10);
}

interface Row {
  cache: string;
  openSeconds: number;
  rssBefore: number;
  rssPeak: number;
  rssOpen: number;
  rssAfterCommands: number;
  cached: number[];
  uncached: number[];
}

function envelope<C>(name: string, command: C, requestId: string) {
  const digest = createHash('sha256')
    .update(canonicalJson({ command: name, body: command }))
    .digest('hex');
  return {
    args: [{ meta: { actor: 'bench', requestId, digest }, command }] as [
      { meta: { actor: string; requestId: string; digest: string }; command: C },
    ],
    updateId: `${name}:${requestId}:${digest.slice(0, 16)}`,
  };
}

/** Cached and evicted commands alike: one at a time, alternately, the order swapped every other pair. */
async function alternate(samples: number, hot: string[], cold: string[], command: (id: string) => Promise<void>) {
  const cached: number[] = [];
  const uncached: number[] = [];
  for (let i = 0; i < samples; i++) {
    const pair: [number[], string][] = [
      [cached, hot[i % hot.length]],
      [uncached, cold[i]],
    ];
    for (const [into, id] of i % 2 === 0 ? pair : pair.reverse()) {
      const t = performance.now();
      await command(id);
      into.push(performance.now() - t);
    }
  }
  return { cached, uncached };
}

/**
 * The floor: the trivial workflow on a worker caching 16 runs, each workflow given updates until its history is as
 * long as the evicted mandate's; then commands alternately to 8 it keeps touching and to ones long evicted.
 */
async function trivialMisses(client: Client, temporalAddress: string, historyEvents: number) {
  const taskQueue = `bench-trivial-${randomUUID()}`;
  const worker = await startTrivialWorker({
    TEMPORAL_ADDRESS: temporalAddress,
    TRIVIAL_TASK_QUEUE: taskQueue,
    TRIVIAL_MAX_CACHED_WORKFLOWS: '16',
  });
  try {
    const ids = Array.from({ length: SAMPLES + 8 }, (_, i) => `${taskQueue}-${i}`);
    // A started workflow has 3 events and each update adds 5 (its task's 3, accepted, completed); the command adds 5.
    const updates = Math.max(0, Math.round((historyEvents - 3 - 5) / 5));
    await timedPool(ids, CONCURRENCY, async (workflowId) => {
      const handle = await client.workflow.start(trivialWorkflow, { taskQueue, workflowId });
      for (let i = 0; i < updates; i++) await handle.executeUpdate(noopUpdate, { args: [{}] });
    });
    const noop = async (id: string) => {
      await client.workflow.getHandle(id).executeUpdate(noopUpdate, { args: [{}] });
    };
    const hot = ids.slice(-8);
    for (const id of hot) await noop(id);
    const result = await alternate(SAMPLES, hot, ids, noop);
    const events = (await client.workflow.getHandle(ids[0]).fetchHistory()).events?.length ?? 0;
    await timedPool(ids, CONCURRENCY, async (id) => {
      await client.workflow.getHandle(id).terminate('measured');
    });
    return { ...result, events };
  } finally {
    await worker.stop();
  }
}

async function main(): Promise<void> {
  const servers = await startTestServers();
  const client = new Client({ connection: await Connection.connect({ address: servers.temporalAddress }) });
  const db = await new DataSource(readModelDataSourceOptions(servers.databaseUrl, false)).initialize();
  const temporalPid = findProcess('--port', servers.temporalAddress.split(':')[1]);
  const rows: Row[] = [];
  let temporalGrowth = 0;
  let opened = 0;
  let historyEvents = 0;
  const temporalBefore = temporalPid ? rssMiB(temporalPid) : 0;
  try {
    for (const cache of CACHES) {
      const taskQueue = `bench-memory-${randomUUID()}`;
      const worker = await startWorker({
        TEMPORAL_ADDRESS: servers.temporalAddress,
        DATABASE_URL: servers.databaseUrl,
        DATABASE_MIGRATE: 'false',
        TEMPORAL_TASK_QUEUE: taskQueue,
        WORKER_MAX_CACHED_WORKFLOWS: cache === 'sdk' ? String(sdkDefaultCache()) : cache,
        ...(process.env.BENCH_WORKER_NODE_OPTIONS !== undefined && {
          NODE_OPTIONS: process.env.BENCH_WORKER_NODE_OPTIONS,
        }),
      });
      try {
        const rssBefore = rssMiB(worker.pid);
        const peak = rssPeak(worker.pid);
        const prefix = taskQueue.slice(13, 21);
        const ids = Array.from({ length: MANDATES }, (_, i) => `bench-${prefix}-${i}`);
        const today = new Date().toISOString().slice(0, 10);
        const started = performance.now();
        let done = 0;
        await timedPool(ids, CONCURRENCY, async (id) => {
          const registration = aRegistration({
            paragraph: id,
            reportingSchedule: { kind: 'every_months', months: 12, firstDueOn: addDays(today, 60) },
          });
          const handle = await client.workflow.start(MANDATE_WORKFLOW_TYPE, {
            taskQueue,
            workflowId: mandateWorkflowId(`ag-res-2866-xliv-o-14-p${id}`),
            args: [
              {
                registration,
                notificationPolicy: DEFAULT_NOTIFICATION_POLICY,
                meta: { actor: 'bench', requestId: `register-${id}` },
              },
            ],
          });
          await handle.executeUpdate(
            assignUpdate,
            envelope(
              assignUpdate.name,
              { assignee: { dependency: 'DPS', dependencyId: 'DPS', officer: 'bench' } },
              `assign-${id}`,
            ),
          );
          if (++done % 1000 === 0) console.error(`cache ${cache}: ${done} of ${MANDATES} open`);
        });
        const openSeconds = (performance.now() - started) / 1000;
        for (;;) {
          const [{ count }] = await db.query<{ count: string }[]>(
            `SELECT count(*) FROM mandates WHERE id LIKE $1 AND status = 'assigned'`,
            [`%bench-${prefix}-%`],
          );
          if (Number(count) >= MANDATES) break;
          await new Promise((r) => setTimeout(r, 500));
        }
        // V8 gives memory back once a process has been idle a while (its memory reducer): what the mandates hold
        // while they wait, as against the peak of the burst that opened them.
        await new Promise((r) => setTimeout(r, SETTLE_SECONDS * 1000));
        const rssOpen = rssMiB(worker.pid);

        // Commands: a cached mandate (the last ones opened, touched again just before) and an evicted one in turn.
        const workflowOf = (id: string) => client.workflow.getHandle(mandateWorkflowId(`ag-res-2866-xliv-o-14-p${id}`));
        const hot = ids.slice(-8);
        let sent = 0;
        const followUp = async (id: string) => {
          const command = { kind: 'meeting' as const, summary: 'Coordination meeting', date: today };
          await workflowOf(id).executeUpdate(
            recordFollowUpUpdate,
            envelope(recordFollowUpUpdate.name, command, `bench-${++sent}`),
          );
        };
        for (const id of hot) await followUp(id);
        const { cached, uncached } = await alternate(SAMPLES, hot, ids, followUp);
        const rssAfterCommands = rssMiB(worker.pid);
        // What a miss replays: an evicted mandate's history (its commands' included).
        historyEvents = (await workflowOf(ids[0]).fetchHistory()).events?.length ?? 0;
        rows.push({
          cache: cache === 'sdk' ? `${sdkDefaultCache()} (the SDK's default)` : cache,
          openSeconds,
          rssBefore,
          rssPeak: peak.stop(),
          rssOpen,
          rssAfterCommands,
          cached,
          uncached,
        });
        opened += MANDATES;
        console.error(JSON.stringify({ ...rows[rows.length - 1], cached: undefined, uncached: undefined }));
      } finally {
        await worker.stop();
      }
    }
    if (temporalPid) temporalGrowth = rssMiB(temporalPid) - temporalBefore;
    const floor = await trivialMisses(client, servers.temporalAddress, historyEvents);
    const [size] = await db.query<{ mandates: string; events: string }[]>(
      `SELECT pg_total_relation_size('mandates') AS mandates, pg_total_relation_size('mandate_events') AS events`,
    );
    report(rows, historyEvents, floor, {
      temporalKiB: (temporalGrowth * 1024) / opened,
      readModelKiB: (Number(size.mandates) + Number(size.events)) / 1024 / opened,
    });
  } finally {
    await db.destroy();
    await client.connection.close();
    await servers.stop();
  }
}

function report(
  rows: Row[],
  historyEvents: number,
  floor: { cached: number[]; uncached: number[]; events: number },
  servers: { temporalKiB: number; readModelKiB: number },
): void {
  const out: string[] = [];
  out.push(
    `${machineNotes()}; ${MANDATES.toLocaleString('en')} open mandates, ${SAMPLES} commands each way; an evicted ` +
      `mandate's history, its command included: ${historyEvents} events`,
  );
  out.push('');
  out.push(
    `| worker cache (workflows) | opened in | worker RSS before | peak while opening | open, idle ${SETTLE_SECONDS} s | after the commands | cached p50 ms | cached p99 ms | evicted p50 ms | evicted p99 ms | p99 evicted/cached |`,
  );
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    out.push(
      `| ${r.cache} | ${f1(r.openSeconds)} s | ${r.rssBefore.toFixed(0)} MiB | ${r.rssPeak.toFixed(0)} MiB | ` +
        `${r.rssOpen.toFixed(0)} MiB | ${r.rssAfterCommands.toFixed(0)} MiB | ${f1(percentile(r.cached, 50))} | ` +
        `${f1(percentile(r.cached, 99))} | ${f1(percentile(r.uncached, 50))} | ${f1(percentile(r.uncached, 99))} | ` +
        `${f2(percentile(r.uncached, 99) / percentile(r.cached, 99))}x |`,
    );
  }
  out.push(
    `| the floor: the trivial workflow, cache 16, histories of ${floor.events} events | — | — | — | — | — | ` +
      `${f1(percentile(floor.cached, 50))} | ${f1(percentile(floor.cached, 99))} | ` +
      `${f1(percentile(floor.uncached, 50))} | ${f1(percentile(floor.uncached, 99))} | ` +
      `${f2(percentile(floor.uncached, 99) / percentile(floor.cached, 99))}x |`,
  );
  out.push('');
  out.push(
    `Per open mandate: Temporal dev server (in-memory SQLite) RSS growth ${f1(servers.temporalKiB)} KiB; ` +
      `read model (mandates and mandate_events, indexes included) ${f1(servers.readModelKiB)} KiB.`,
  );
  console.log(out.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

/**
 * How many open mandates with pending reminder timers one worker carries, and its memory.
 *
 *   npm run bench:timers                      # 1,000 and 10,000 mandates
 *   BENCH_MANDATES=2000 npm run bench:timers  # other sizes, comma-separated
 *
 * Starts a Temporal dev server and an embedded PostgreSQL (as the integration tests do), one worker process
 * (`dist/src/worker.main.js`, the real program), then registers and assigns N mandates whose first report is
 * due in 60 days: each then waits on a durable timer for its 30-day reminder. Reports the time to get there
 * and the worker's resident memory (RSS) once they all wait, then the same after 60 s idle.
 */
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { readModelDataSourceOptions } from '../src/database/read-model';
import { assignUpdate, MANDATE_WORKFLOW_TYPE, mandateWorkflowId, stateQuery } from '../workflows/mandate/contract';
import { addDays, DEFAULT_NOTIFICATION_POLICY } from '../workflows/mandate/deadlines';
import { aRegistration } from '../workflows/mandate/lifecycle.builders';
import { startTestServers } from '../test/support/servers';
import { WorkerProcess } from '../test/support/worker-process';

const sizes = (process.env.BENCH_MANDATES ?? '1000,10000').split(',').map(Number);
const CONCURRENCY = 64;

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

async function pool<T>(items: T[], run: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < items.length) await run(items[next++]);
    }),
  );
}

async function main(): Promise<void> {
  const servers = await startTestServers();
  const client = new Client({ connection: await Connection.connect({ address: servers.temporalAddress }) });
  const db = new DataSource(readModelDataSourceOptions(servers.databaseUrl, false));
  await db.initialize();
  const rows: string[] = [];
  try {
    for (const n of sizes) {
      const taskQueue = `bench-${randomUUID()}`;
      const worker = await WorkerProcess.start({
        TEMPORAL_ADDRESS: servers.temporalAddress,
        DATABASE_URL: servers.databaseUrl,
        DATABASE_MIGRATE: 'false',
        TEMPORAL_TASK_QUEUE: taskQueue,
      });
      const rssIdle = rssMiB(worker.pid);
      const today = new Date().toISOString().slice(0, 10);
      const ids = Array.from({ length: n }, (_, i) => `bench-${taskQueue.slice(6, 14)}-${i}`);
      const started = Date.now();
      await pool(ids, async (id) => {
        const handle = await client.workflow.start(MANDATE_WORKFLOW_TYPE, {
          taskQueue,
          workflowId: mandateWorkflowId(id),
          args: [
            {
              registration: aRegistration({
                paragraph: id,
                reportingSchedule: { kind: 'every_months', months: 12, firstDueOn: addDays(today, 60) },
              }),
              notificationPolicy: DEFAULT_NOTIFICATION_POLICY,
              meta: { actor: 'bench', requestId: `register-${id}` },
            },
          ],
        });
        await handle.executeUpdate(assignUpdate, {
          args: [
            {
              meta: { actor: 'bench', requestId: `assign-${id}` },
              command: { assignee: { dependency: 'DPS', officer: 'bench' } },
            },
          ],
        });
      });
      const seconds = (Date.now() - started) / 1000;
      // Wait for the read model to catch up: every mandate projected as assigned.
      for (;;) {
        const [{ count }] = await db.query<{ count: string }[]>(
          `SELECT count(*) FROM mandates WHERE id LIKE $1 AND status = 'assigned'`,
          [`%bench-${taskQueue.slice(6, 14)}-%`],
        );
        if (Number(count) >= n) break;
        await new Promise((r) => setTimeout(r, 500));
      }
      const settled = (Date.now() - started) / 1000;
      const state = await client.workflow.getHandle(mandateWorkflowId(ids[0])).query(stateQuery);
      if (state.reporting?.current?.dueOn !== addDays(today, 60))
        throw new Error('mandates are not waiting on their deadline');
      const rssLoaded = rssMiB(worker.pid);
      await new Promise((r) => setTimeout(r, 60_000));
      const rssAfterIdle = rssMiB(worker.pid);
      rows.push(
        `| ${n.toLocaleString('en')} | ${seconds.toFixed(1)} s (${(n / seconds).toFixed(0)}/s) | ${settled.toFixed(1)} s | ` +
          `${rssIdle.toFixed(0)} MiB | ${rssLoaded.toFixed(0)} MiB | ${rssAfterIdle.toFixed(0)} MiB |`,
      );
      console.log(rows[rows.length - 1]);
      await worker.stop();
    }
  } finally {
    await db.destroy();
    await client.connection.close();
    await servers.stop();
  }
  console.log(
    '\n| open mandates with pending timers | registered and assigned | read model caught up | worker RSS before | worker RSS with them | worker RSS 60 s later |',
  );
  console.log('| --- | --- | --- | --- | --- | --- |');
  for (const row of rows) console.log(row);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

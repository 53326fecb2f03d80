// The Temporal worker on its own, against TEMPORAL_ADDRESS and DATABASE_URL. SIGTERM drains it.
import 'reflect-metadata';
import { createWorkerContext, installTemporalRuntime } from './bootstrap';
import { runMain } from './run-main';

runMain(async (config) => {
  installTemporalRuntime();
  const app = await createWorkerContext(config);
  app.enableShutdownHooks();
  await app.init();
});

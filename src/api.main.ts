// The HTTP API on its own, against TEMPORAL_ADDRESS and DATABASE_URL.
import 'reflect-metadata';
import { createApiApplication, installTemporalRuntime, listen } from './bootstrap';
import { runMain } from './run-main';

runMain(async (config) => {
  installTemporalRuntime();
  const app = await createApiApplication(config, { api: true, worker: false });
  app.enableShutdownHooks();
  await listen(app, config);
});

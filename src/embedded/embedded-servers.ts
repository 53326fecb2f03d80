import { Logger } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig } from '../config/app-config';
import { loadOrCreateSigningKey } from '../audit/signing-key';
import { startEmbeddedPostgres } from './embedded-postgres';
import { devServerExecutable } from './server-binaries';
import { startDevServer } from './temporal-dev-server';

export interface EmbeddedServers {
  /** The configuration with TEMPORAL_ADDRESS and DATABASE_URL pointing at what was started. */
  config: AppConfig;
  stop(): Promise<void>;
}

const DATABASE = 'mandates';

/**
 * `npm start` on a machine with nothing installed: starts what the configuration does not point at. A Temporal
 * dev server (the Temporal CLI, with its SQLite file and Web UI) and a real PostgreSQL from the
 * `embedded-postgres` package, both keeping their data in DATA_DIR so mandates survive a restart.
 * Development dependencies, loaded only here.
 */
export async function startEmbeddedServers(config: AppConfig): Promise<EmbeddedServers> {
  const logger = new Logger('EmbeddedServers');
  const dataDir = resolve(config.DATA_DIR);
  mkdirSync(dataDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch((err: unknown) => logger.error(String(err)));
  };
  const started = Object.assign(new AppConfig(), config);
  try {
    if (!config.DATABASE_URL) {
      const databaseDir = resolve(dataDir, 'postgres');
      const pg = await startEmbeddedPostgres({
        databaseDir,
        port: config.EMBEDDED_POSTGRES_PORT,
        database: DATABASE,
        persistent: true,
        onError: (message) => logger.debug(String(message)),
      });
      stops.push(() => pg.stop());
      started.DATABASE_URL = pg.url;
      logger.log(`PostgreSQL (embedded) on 127.0.0.1:${config.EMBEDDED_POSTGRES_PORT}, data in ${databaseDir}`);
    }
    if (!config.AUDIT_SIGNING_KEY_FILE) {
      started.AUDIT_SIGNING_KEY_FILE = resolve(dataDir, 'audit-signing-key.pem');
      loadOrCreateSigningKey(started.AUDIT_SIGNING_KEY_FILE);
      started.AUDIT_RETIRED_PUBLIC_KEYS_DIR ??= resolve(dataDir, 'audit-retired-keys');
    }
    if (!config.TEMPORAL_ADDRESS) {
      const executable = devServerExecutable();
      const dbFilename = resolve(dataDir, 'temporal.sqlite');
      if (executable.type === 'existing-path') {
        const server = await startDevServer({
          cli: executable.path,
          port: config.EMBEDDED_TEMPORAL_PORT,
          uiPort: config.EMBEDDED_TEMPORAL_UI_PORT,
          namespace: config.TEMPORAL_NAMESPACE,
          dbFilename,
        });
        stops.push(() => server.stop());
        started.TEMPORAL_ADDRESS = server.address;
      } else {
        // No CLI here: the SDK downloads one (needs the internet) and runs it.
        const { TestWorkflowEnvironment } = await import('@temporalio/testing');
        const env = await TestWorkflowEnvironment.createLocal({
          server: {
            executable,
            ip: '127.0.0.1',
            port: config.EMBEDDED_TEMPORAL_PORT,
            ui: true,
            uiPort: config.EMBEDDED_TEMPORAL_UI_PORT,
            namespace: config.TEMPORAL_NAMESPACE,
            dbFilename,
          },
        });
        stops.push(() => env.teardown());
        started.TEMPORAL_ADDRESS = env.address;
      }
      logger.log(
        `Temporal dev server on ${started.TEMPORAL_ADDRESS}, Web UI on http://127.0.0.1:${config.EMBEDDED_TEMPORAL_UI_PORT}`,
      );
    }
  } catch (err) {
    await stop();
    throw err;
  }
  return { config: started, stop };
}

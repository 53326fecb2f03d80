import { Logger } from '@nestjs/common';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { AppConfig, databaseConfigured } from '../config/app-config';
import { loadOrCreateSigningKey } from '../audit/signing-key';
import { consoleOrigins } from '../identity-provider/console-origins';
import { startIdentityProvider } from '../identity-provider/embedded-provider';
import { type RunningPostgres, startEmbeddedPostgres } from './embedded-postgres';
import { devServerExecutable, temporalUiExecutable } from './server-binaries';
import { setRetention, startDevServer } from './temporal-dev-server';
import { startReadOnlyUi } from './temporal-ui';

export interface EmbeddedServers {
  /** The configuration with TEMPORAL_ADDRESS and DATABASE_URL pointing at what was started. */
  config: AppConfig;
  stop(): Promise<void>;
}

const DATABASE = 'mandates';

/**
 * Temporal's retention of closed workflow runs, as in the deployed namespace (see the README): a mandate's run
 * closes when it continues as new, and the application archives those runs itself, so this only bounds
 * Temporal's storage.
 */
const RETENTION_DAYS = 30;

async function startPostgres(config: AppConfig, dataDir: string, logger: Logger): Promise<RunningPostgres> {
  const databaseDir = resolve(dataDir, 'postgres');
  const pg = await startEmbeddedPostgres({
    databaseDir,
    port: config.EMBEDDED_POSTGRES_PORT,
    database: DATABASE,
    persistent: true,
    onError: (message) => logger.debug(String(message)),
  });
  logger.log(`PostgreSQL (embedded) on 127.0.0.1:${config.EMBEDDED_POSTGRES_PORT}, data in ${databaseDir}`);
  return pg;
}

/** The Temporal CLI's dev server with its data in DATA_DIR; without a CLI here, the one the SDK downloads. */
async function startTemporal(config: AppConfig, dataDir: string): Promise<{ address: string; stop(): Promise<void> }> {
  const executable = devServerExecutable();
  const dbFilename = resolve(dataDir, 'temporal.sqlite');
  if (executable.type === 'existing-path') {
    return startDevServer({
      cli: executable.path,
      port: config.EMBEDDED_TEMPORAL_PORT,
      namespace: config.TEMPORAL_NAMESPACE,
      dbFilename,
      retentionDays: RETENTION_DAYS,
    });
  }
  // No CLI here: the SDK downloads one (needs the internet) and runs it.
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable,
      ip: '127.0.0.1',
      port: config.EMBEDDED_TEMPORAL_PORT,
      ui: false,
      namespace: config.TEMPORAL_NAMESPACE,
      dbFilename,
    },
  });
  await setRetention(env.connection, config.TEMPORAL_NAMESPACE, RETENTION_DAYS);
  return { address: env.address, stop: () => env.teardown() };
}

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
  /** Starts one server and keeps how to stop it, even when a server started beside it fails. */
  const run = async <T extends { stop(): Promise<void> }>(starting: Promise<T>): Promise<T> => {
    const server = await starting;
    stops.push(() => server.stop());
    return server;
  };
  try {
    if (!config.AUDIT_SIGNING_KEY_FILE) {
      started.AUDIT_SIGNING_KEY_FILE = resolve(dataDir, 'audit-signing-key.pem');
      loadOrCreateSigningKey(started.AUDIT_SIGNING_KEY_FILE);
      started.AUDIT_RETIRED_PUBLIC_KEYS_DIR ??= resolve(dataDir, 'audit-retired-keys');
    }
    // PostgreSQL, Temporal and the OpenID provider do not need each other: they start side by side.
    const results = await Promise.allSettled([
      config.OIDC_ISSUER_URL
        ? undefined
        : run(
            startIdentityProvider({
              port: config.EMBEDDED_OIDC_PORT,
              dataDir,
              audience: config.OIDC_AUDIENCE,
              consoleOrigins: consoleOrigins(config),
            }),
          ).then((provider) => {
            started.OIDC_ISSUER_URL = provider.issuer;
            const api = consoleOrigins(config)[0];
            logger.log(
              `OpenID provider (embedded) on ${provider.issuer}, keys in ${dataDir}; people and their development ` +
                'passwords in src/identity-provider/dev-directory.json. Sign in:\n' +
                `  curl:    TOKEN=$(npm run -s token -- maria.gonzalez); curl -H "Authorization: Bearer $TOKEN" ${api}/mandates\n` +
                '           (a machine client: npm run -s token -- --client nightly-import)\n' +
                `  browser: ${api}/docs, Authorize (oidc), as carlos.mendez / carlos-dev-password`,
            );
          }),
      databaseConfigured(config)
        ? undefined
        : run(startPostgres(config, dataDir, logger)).then((pg) => (started.DATABASE_URL = pg.url)),
      config.TEMPORAL_ADDRESS
        ? undefined
        : run(startTemporal(config, dataDir)).then(async (temporal) => {
            started.TEMPORAL_ADDRESS = temporal.address;
            logger.log(`Temporal dev server on ${temporal.address}, ${RETENTION_DAYS} days' retention`);
            const ui = temporalUiExecutable();
            if (!ui) {
              logger.warn(
                'No Temporal Web UI: scripts/ensure-temporal-ui.sh builds one (needs Go), or set TEMPORAL_UI_SERVER',
              );
              return;
            }
            const running = await run(
              startReadOnlyUi({
                executable: ui,
                temporalAddress: temporal.address,
                namespace: config.TEMPORAL_NAMESPACE,
                port: config.EMBEDDED_TEMPORAL_UI_PORT,
                configDir: resolve(dataDir, 'temporal-ui'),
              }),
            );
            logger.log(`Temporal Web UI (read-only) on ${running.url}`);
          }),
    ]);
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  } catch (err) {
    await stop();
    throw err;
  }
  return { config: started, stop };
}

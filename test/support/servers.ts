import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { readModelDataSourceOptions } from '../../src/database/read-model';
import { startEmbeddedPostgres } from '../../src/embedded/embedded-postgres';
import { devServerExecutable } from '../../src/embedded/server-binaries';
import { IdentityProviderProcess } from './identity-provider';
import { searchAttributeArgs } from '../../src/embedded/temporal-dev-server';
import { freeLoopbackPort as freePort } from '../../src/common/free-port';

/** Real servers for the integration tier: a Temporal dev server and a PostgreSQL, both on loopback. */
export interface TestServers {
  temporalAddress: string;
  databaseUrl: string;
  /** The issuer of access tokens: the embedded OpenID provider, as a process. */
  issuer: string;
  stop(): Promise<void>;
}

export { freePort };

/**
 * TEST_DATABASE_URL when set (a PostgreSQL you run), else an embedded PostgreSQL in a temporary folder.
 * TEST_TEMPORAL_ADDRESS when set, else a Temporal dev server from the CLI that scripts/ensure-temporal-cli.sh built
 * (none with `temporal: false`, for a caller that starts its own). TEST_OIDC_ISSUER_URL when set, else the embedded
 * OpenID provider (test/support/identity-provider.ts).
 */
export async function startTestServers({ temporal = true } = {}): Promise<TestServers> {
  const stops: (() => Promise<void>)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  try {
    let databaseUrl = process.env.TEST_DATABASE_URL;
    if (!databaseUrl) {
      // An empty folder of its own, which the embedded server takes over (as root, it chowns it to `postgres`).
      const databaseDir = mkdtempSync(join(tmpdir(), 'mandate-tracker-pg-'));
      const pg = await startEmbeddedPostgres({
        databaseDir,
        port: await freePort(),
        database: 'mandates_test',
        persistent: false,
      });
      stops.push(async () => {
        await pg.stop();
        rmSync(databaseDir, { recursive: true, force: true });
      });
      databaseUrl = pg.url;
    }
    const dataSource = new DataSource(readModelDataSourceOptions(databaseUrl, false));
    await dataSource.initialize();
    await dataSource.runMigrations();
    await dataSource.destroy();

    let temporalAddress = process.env.TEST_TEMPORAL_ADDRESS ?? '';
    if (!temporalAddress && temporal) {
      const env = await TestWorkflowEnvironment.createLocal({
        server: {
          executable: devServerExecutable(),
          ip: '127.0.0.1',
          namespace: 'default',
          extraArgs: searchAttributeArgs(),
        },
      });
      stops.push(() => env.teardown());
      temporalAddress = env.address;
    }
    let issuer = process.env.TEST_OIDC_ISSUER_URL ?? '';
    if (!issuer) {
      const provider = await IdentityProviderProcess.start();
      stops.push(() => provider.stop());
      issuer = provider.issuer;
    }
    return { temporalAddress, databaseUrl, issuer, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}

/**
 * A Temporal dev server of its own that suggests continue-as-new after `events` history events, so that a mandate
 * crosses several runs within a test.
 */
export function startContinueAsNewServer(events = 40): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: devServerExecutable(),
      ip: '127.0.0.1',
      namespace: 'default',
      extraArgs: [
        '--dynamic-config-value',
        `limit.historyCount.suggestContinueAsNew=${events}`,
        ...searchAttributeArgs(),
      ],
    },
  });
}

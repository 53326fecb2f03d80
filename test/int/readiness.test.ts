import type { INestApplication } from '@nestjs/common';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApplication } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { migrateReadModel, readModelDataSourceOptions, readModelMigrations } from '../../src/database/read-model';
import { LATEST_READ_MODEL_MIGRATION, ReadModelHealthIndicator } from '../../src/health/read-model.health';

// A database of its own, fresh: nothing has migrated it, as on the first start of a deployment.
let admin: DataSource;
let databaseName: string;
let freshUrl: string;
let app: INestApplication;

beforeAll(async () => {
  admin = await new DataSource(readModelDataSourceOptions(process.env.TEST_DATABASE_URL!, false)).initialize();
  databaseName = `readiness_${randomUUID().replaceAll('-', '')}`;
  await admin.query(`CREATE DATABASE ${databaseName}`);
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${databaseName}`;
  freshUrl = url.toString();
  app = await createApiApplication(
    loadConfig({
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS!,
      DATABASE_URL: freshUrl,
      DATABASE_MIGRATE: 'false',
      OIDC_ISSUER_URL: process.env.TEST_OIDC_ISSUER_URL!,
      LOG_LEVEL: 'error',
    }),
    { api: true, worker: false },
  );
  await app.init();
});

afterAll(async () => {
  await app?.close();
  await admin?.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin?.destroy();
});

const health = () => request(app.getHttpServer() as Parameters<typeof request>[0]).get('/health');

/** A worker's start on this database: TypeORM connects, then migrates under the lock. */
async function migrateAsAWorker(): Promise<void> {
  const dataSource = await new DataSource(readModelDataSourceOptions(freshUrl, false)).initialize();
  try {
    await migrateReadModel(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

describe('readiness on a fresh database', () => {
  it('an API started on its own without an issuer of access tokens stops at once, naming the variable', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS };
    delete env.OIDC_ISSUER_URL;
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'api.main.js')], {
      env: { ...env, DATABASE_URL: freshUrl, PORT: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect({ code, output }).toEqual({ code: 2, output: expect.stringContaining('OIDC_ISSUER_URL must be set') });
  });

  it('an API started on its own gives up after READ_MODEL_WAIT_SECONDS, saying why', async () => {
    const child = spawn(process.execPath, [join(__dirname, '..', '..', 'dist', 'src', 'api.main.js')], {
      env: {
        ...process.env,
        TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
        DATABASE_URL: freshUrl,
        DATABASE_MIGRATE: 'false',
        OIDC_ISSUER_URL: process.env.TEST_OIDC_ISSUER_URL,
        READ_MODEL_WAIT_SECONDS: '2',
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain(`not at migration ${LATEST_READ_MODEL_MIGRATION} yet (applied: none): waiting`);
    expect(output).toContain('is a worker with DATABASE_MIGRATE=true running');
    expect(output).not.toContain('API on http');
  });

  it('/health answers 503 naming the migration it waits for, then 200 once workers have migrated', async () => {
    const before = await health().expect(503);
    expect(before.body.error.readModel).toEqual({
      status: 'down',
      message: `the read model's schema is not at migration ${LATEST_READ_MODEL_MIGRATION} yet (applied: none)`,
      expected: LATEST_READ_MODEL_MIGRATION,
      applied: null,
    });
    expect(JSON.stringify(before.body)).not.toContain(databaseName);

    const schema = app.get(ReadModelHealthIndicator);
    await expect(schema.waitUntilCurrent(300, 100)).rejects.toThrow(
      `not at migration ${LATEST_READ_MODEL_MIGRATION} yet (applied: none)`,
    );
    const waiting = schema.waitUntilCurrent(60_000, 100);
    // Two replicas starting together: the advisory lock lets one migrate while the other waits its turn.
    await Promise.all([migrateAsAWorker(), migrateAsAWorker()]);
    await expect(waiting).resolves.toBeUndefined();

    const after = await health().expect(200);
    expect(after.body.info.readModel).toEqual({ status: 'up', migration: LATEST_READ_MODEL_MIGRATION });
    const migrated = await new DataSource(readModelDataSourceOptions(freshUrl, false)).initialize();
    try {
      const rows = await migrated.query<{ name: string }[]>('SELECT name FROM migrations ORDER BY id');
      expect(rows.map((r) => r.name)).toEqual(readModelMigrations.map((m) => m.name)); // each once
    } finally {
      await migrated.destroy();
    }
  });
});

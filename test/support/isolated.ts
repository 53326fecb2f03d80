import { Connection } from '@temporalio/client';
import Long from 'long';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { readModelDataSourceOptions } from '../../src/database/read-model';
import { startTestStack, type TestStack } from './api';

/** A stack with a read model and a Temporal namespace of its own, and a connection to that read model. */
export type IsolatedStack = TestStack & { db: DataSource; databaseUrl: string; namespace: string };

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const admin = await new DataSource({ type: 'postgres', url: adminUrl }).initialize();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.destroy();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function createNamespace(address: string, namespace: string): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    await connection.workflowService.registerNamespace({
      namespace,
      workflowExecutionRetentionPeriod: { seconds: Long.fromNumber(24 * 3600) },
    });
    // The frontend serves a new namespace once its cache has it.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await connection.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await connection.close();
  }
}

/**
 * For tests that must see the whole register (the sample's fixed mandate ids, truncating and rebuilding the read
 * model): a fresh database on the test PostgreSQL, migrated, and a fresh namespace on the test Temporal server.
 */
export async function startIsolatedStack(extraEnv: Record<string, string> = {}): Promise<IsolatedStack> {
  const adminUrl = process.env.TEST_DATABASE_URL;
  const address = process.env.TEST_TEMPORAL_ADDRESS;
  if (!adminUrl || !address) throw new Error('run through jest: test/support/global-setup.ts sets the servers');
  const suffix = randomUUID().slice(0, 8);
  const databaseUrl = await createDatabase(adminUrl, `mandates_${suffix}`);
  const namespace = `mandates-${suffix}`;
  await createNamespace(address, namespace);
  const db = await new DataSource(readModelDataSourceOptions(databaseUrl, false)).initialize();
  await db.runMigrations();
  const stack = await startTestStack({ DATABASE_URL: databaseUrl, TEMPORAL_NAMESPACE: namespace, ...extraEnv });
  const close = stack.close.bind(stack);
  return Object.assign(stack, {
    db,
    databaseUrl,
    namespace,
    close: async () => {
      try {
        await close();
      } finally {
        await db.destroy();
      }
    },
  });
}

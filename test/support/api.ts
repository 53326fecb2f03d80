import type { INestApplication } from '@nestjs/common';
import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { createApiApplication } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { PEOPLE, Tokens } from './identity-provider';
import { assertTaskQueueReplays } from './replay';
import { WorkerProcess } from './worker-process';

/** The API in this process and a worker process, on the servers global-setup started, with their own task queue. */
export interface TestStack {
  app: INestApplication;
  /**
   * Requests to the API, as the auditor (who reads everything and commands nothing) unless a test sets another
   * `Authorization`: `.set(await stack.as(PEOPLE.secretariat))`.
   */
  http: () => TestAgent;
  /** Real tokens from the issuer (the embedded provider global-setup started). */
  tokens: Tokens;
  /** `Authorization: Bearer …` for a person of the development directory, or `client:<id>`. */
  as(who: string): Promise<{ Authorization: string }>;
  /** A plain Temporal client, for reading workflow histories. */
  temporal: Client;
  env: Record<string, string>;
  worker: WorkerProcess;
  restartWorker(): Promise<void>;
  /** Stops everything, then fails if a history the stack wrote (any run on its task queue) does not replay. */
  close(): Promise<void>;
}

export async function startTestStack(extraEnv: Record<string, string> = {}): Promise<TestStack> {
  const temporalAddress = extraEnv.TEMPORAL_ADDRESS ?? process.env.TEST_TEMPORAL_ADDRESS;
  const databaseUrl = extraEnv.DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  const issuer = extraEnv.OIDC_ISSUER_URL ?? process.env.TEST_OIDC_ISSUER_URL;
  if (!temporalAddress || !databaseUrl || !issuer)
    throw new Error('run through jest: test/support/global-setup.ts sets the servers');
  const env: Record<string, string> = {
    TEMPORAL_ADDRESS: temporalAddress,
    DATABASE_URL: databaseUrl,
    OIDC_ISSUER_URL: issuer,
    DATABASE_MIGRATE: 'false',
    TEMPORAL_TASK_QUEUE: `mandates-test-${randomUUID()}`,
    LOG_LEVEL: 'error',
    // Tests poll and export far faster than any client may; test/int/hostile-input.test.ts tests the limits.
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0',
    ...extraEnv,
  };
  const stack = {} as TestStack;
  stack.env = env;
  stack.tokens = new Tokens(issuer);
  stack.as = (who) => stack.tokens.bearer(who);
  const reader = await stack.as(PEOPLE.auditor);
  stack.worker = await WorkerProcess.start(env);
  try {
    stack.app = await createApiApplication(loadConfig(env), { api: true, worker: false });
    await stack.app.init();
    stack.temporal = new Client({
      connection: await Connection.connect({ address: env.TEMPORAL_ADDRESS }),
      namespace: env.TEMPORAL_NAMESPACE,
    });
  } catch (err) {
    await stack.worker.stop();
    throw err;
  }
  stack.http = () => request.agent(stack.app.getHttpServer() as Parameters<typeof request>[0]).set(reader);
  stack.restartWorker = async () => {
    stack.worker = await WorkerProcess.start(env);
  };
  stack.close = async () => {
    await stack.worker.stop();
    await stack.app.close();
    try {
      // A history that replays only in the worker that wrote it breaks the mandate at the next restart or cache
      // eviction, so every test's histories go through the replayer.
      await assertTaskQueueReplays(stack.temporal, env.TEMPORAL_TASK_QUEUE);
    } finally {
      await stack.temporal.connection.close();
    }
  };
  return stack;
}

/** Polls until `check` passes (the read model is eventually consistent with the workflows). */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}

/** A response body exactly as served, as text (an export's bytes are what is signed). */
export async function textOf(stack: TestStack, path: string): Promise<string> {
  const res = await stack
    .http()
    .get(path)
    .buffer(true)
    .parse((r, done) => {
      let text = '';
      r.on('data', (chunk: Buffer) => (text += chunk.toString()));
      r.on('end', () => done(null, text));
    })
    .expect(200);
  return res.body as string;
}

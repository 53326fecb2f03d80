import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface DevServerOptions {
  cli: string;
  port: number;
  namespace: string;
  dbFilename: string;
  /** How long Temporal keeps a closed workflow's history; set on the namespace at every start. */
  retentionDays: number;
}

export interface RunningDevServer {
  address: string;
  stop(): Promise<void>;
}

/**
 * Runs `temporal server start-dev` and waits until its frontend answers. Supervised here rather than through the
 * SDK's ephemeral-server helper, which gives a server 5 s: creating a new SQLite file can take longer.
 */
export async function startDevServer(options: DevServerOptions, timeoutMs = 60_000): Promise<RunningDevServer> {
  const child: ChildProcess = spawn(
    options.cli,
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(options.port),
      // Its own Web UI cannot be made read-only: embedded-servers runs one beside it instead.
      '--headless',
      '--namespace',
      options.namespace,
      '--db-filename',
      options.dbFilename,
      '--log-level',
      'warn',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const address = `127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Temporal dev server exited (${child.exitCode}): ${output}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: options.namespace });
        await setRetention(connection, options.namespace, options.retentionDays);
        return { address, stop };
      } finally {
        await connection.close();
      }
    } catch (err) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`the Temporal dev server did not answer on ${address} within ${timeoutMs} ms: ${String(err)}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

/** The dev server creates namespaces with a day's retention; this project keeps closed runs for longer. */
export async function setRetention(connection: Connection, namespace: string, days: number): Promise<void> {
  const retention = msToTs(`${days} days`);
  const { config } = await connection.workflowService.describeNamespace({ namespace });
  if (Number(config?.workflowExecutionRetentionTtl?.seconds ?? 0) === Number(retention.seconds)) return;
  await connection.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: retention } });
}

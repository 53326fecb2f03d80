import { Connection } from '@temporalio/client';
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface DevServerOptions {
  cli: string;
  port: number;
  uiPort: number;
  namespace: string;
  dbFilename: string;
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
      '--ui-port',
      String(options.uiPort),
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

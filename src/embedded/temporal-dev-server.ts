import { Connection } from '@temporalio/client';
import { SEARCH_ATTRIBUTE_DECLARATIONS } from '../../workflows/mandate/contract';
import { msToTs } from '@temporalio/common/lib/time';
import { startSupervised } from './supervised-process';

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
  const address = `127.0.0.1:${options.port}`;
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(options.port)];
  // Its own Web UI cannot be made read-only: embedded-servers runs one beside it instead.
  args.push('--headless', '--namespace', options.namespace, '--db-filename', options.dbFilename);
  args.push('--log-level', 'warn', ...searchAttributeArgs());
  const server = await startSupervised(
    `the Temporal dev server on ${address}`,
    options.cli,
    args,
    async () => {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await setRetention(connection, options.namespace, options.retentionDays);
      } finally {
        await connection.close();
      }
    },
    timeoutMs,
  );
  return { address, stop: server.stop };
}

/** The dev server's flags that declare the mandates' search attributes in its namespace. */
export function searchAttributeArgs(): string[] {
  return SEARCH_ATTRIBUTE_DECLARATIONS.flatMap(([name, type]) => ['--search-attribute', `${name}=${type}`]);
}

/** The dev server creates namespaces with a day's retention; this project keeps closed runs for longer. */
export async function setRetention(connection: Connection, namespace: string, days: number): Promise<void> {
  const retention = msToTs(`${days} days`);
  const { config } = await connection.workflowService.describeNamespace({ namespace });
  if (Number(config?.workflowExecutionRetentionTtl?.seconds ?? 0) === Number(retention.seconds)) return;
  await connection.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: retention } });
}

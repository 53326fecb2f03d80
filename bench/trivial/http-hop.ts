/**
 * The floor of an HTTP API in front of Temporal on this machine: a bare `node:http` server that forwards
 * `POST /workflows/:workflowId/updates/:name` (body `{ args, updateId }`) to the raw client's `executeUpdate` and
 * answers its result as JSON. No token, no validation, no SQL, no framework: what any HTTP hop costs.
 * `TEMPORAL_ADDRESS`, `PORT`.
 */
import { Client, Connection } from '@temporalio/client';
import { createServer } from 'node:http';

async function main(): Promise<void> {
  const client = new Client({ connection: await Connection.connect({ address: process.env.TEMPORAL_ADDRESS }) });
  const server = createServer((req, res) => {
    const route = /^\/workflows\/([^/]+)\/updates\/([^/]+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !route) {
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const { args, updateId } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        args: [unknown];
        updateId: string;
      };
      client.workflow
        .getHandle(decodeURIComponent(route[1]))
        .executeUpdate(route[2], { args, updateId })
        .then(
          (result) => res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify(result)),
          (err: unknown) => res.writeHead(500).end(String(err)),
        );
    });
  });
  server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log('http hop listening'));
  process.once('SIGTERM', () => server.close(() => void client.connection.close()));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

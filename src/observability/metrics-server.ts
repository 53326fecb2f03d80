import { Logger } from '@nestjs/common';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { metricsRegistry } from './metrics';

export interface MetricsServerOptions {
  host: string;
  /** 0: any free port (logged). */
  port: number;
  /** The Temporal SDK's own Prometheus endpoint in this process (./temporal-runtime.ts), appended to ours. */
  temporalMetricsUrl?: string;
  /** Run before each scrape: the gauges read from the database. */
  collect?: () => Promise<void>;
}

export interface MetricsServer {
  url: string;
  close(): Promise<void>;
}

async function temporalMetrics(url: string | undefined, logger: Logger): Promise<string> {
  if (!url) return '';
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
    if (res.ok) return await res.text();
    logger.warn(`the Temporal SDK's metrics answered ${res.status}`);
  } catch (err) {
    logger.warn(`the Temporal SDK's metrics could not be read: ${String(err)}`);
  }
  return '';
}

/**
 * The process's Prometheus endpoint, `GET /metrics` on a listener of its own (METRICS_HOST:METRICS_PORT), never on
 * the API's port: the API is public and signed-in, its metrics are for the operator's network only. It answers this
 * process's metrics and, in a process that runs the worker, the Temporal SDK's.
 */
export async function startMetricsServer(options: MetricsServerOptions): Promise<MetricsServer> {
  const logger = new Logger('Metrics');
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/metrics' || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found: GET /metrics\n');
      return;
    }
    void (async () => {
      // A database that does not answer leaves its gauges as they were; the rest is still worth a scrape.
      await options.collect?.().catch((err: unknown) => logger.warn(`gauges from PostgreSQL not read: ${String(err)}`));
      const [own, temporal] = await Promise.all([
        metricsRegistry.metrics(),
        temporalMetrics(options.temporalMetricsUrl, logger),
      ]);
      res.writeHead(200, { 'Content-Type': metricsRegistry.contentType }).end(`${own}\n${temporal}`);
    })().catch((err: unknown) => {
      logger.error(`metrics not collected: ${String(err)}`);
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end('metrics not collected\n');
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        err.code === 'EADDRINUSE'
          ? new Error(`METRICS_PORT: ${options.host}:${options.port} is taken; give this process another port`)
          : err,
      ),
    );
    server.listen(options.port, options.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  const url = `http://${host}:${port}/metrics`;
  logger.log(`Prometheus metrics on ${url}`);
  return {
    url,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Prometheus keeps its connection open between scrapes.
        server.closeAllConnections();
      }),
  };
}

import { Runtime } from '@temporalio/worker';
import { freeLoopbackPort } from '../common/free-port';
import { PinoTemporalLogger } from './logging';

let sdkMetricsUrl: string | undefined;

export interface TemporalRuntimeOptions {
  /**
   * Serve the SDK's worker metrics (sdk-core's Prometheus exporter) on a loopback port of its own, which this
   * process's /metrics re-exposes (./metrics-server.ts): a process that runs the worker and has METRICS_PORT.
   */
  workerMetrics: boolean;
}

/**
 * The Temporal SDK's runtime for this process: its logs (the worker's, the workflows', the activities' and
 * sdk-core's) through pino, and its metrics when asked. Nest, not the runtime, owns SIGINT/SIGTERM: its shutdown
 * hooks drain the worker.
 */
export async function installTemporalRuntime({ workerMetrics }: TemporalRuntimeOptions): Promise<void> {
  const bindAddress = workerMetrics ? `127.0.0.1:${await freeLoopbackPort()}` : undefined;
  Runtime.install({
    shutdownSignals: [],
    logger: new PinoTemporalLogger(),
    telemetryOptions: {
      // sdk-core's own lines (warnings and worse) through the same logger, not to the console in a format of its own.
      logging: { forward: {} },
      ...(bindAddress && {
        metrics: {
          // Prometheus's conventions: counters end in _total, durations are seconds and say so.
          prometheus: { bindAddress, countersTotalSuffix: true, unitSuffix: true, useSecondsForDurations: true },
        },
      }),
    },
  });
  sdkMetricsUrl = bindAddress && `http://${bindAddress}/metrics`;
}

/** Where sdk-core serves this process's worker metrics, when it does. */
export function temporalSdkMetricsUrl(): string | undefined {
  return sdkMetricsUrl;
}

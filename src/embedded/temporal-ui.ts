import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { startSupervised } from './supervised-process';

export interface ReadOnlyUiOptions {
  /** The ui-server binary (scripts/ensure-temporal-ui.sh). */
  executable: string;
  temporalAddress: string;
  namespace: string;
  port: number;
  /** Where its configuration file is written. */
  configDir: string;
}

export interface RunningUi {
  url: string;
  stop(): Promise<void>;
}

/**
 * The Temporal Web UI with write actions disabled: its server refuses every call but reads and queries, so
 * nobody on the machine can terminate, reset, signal or batch-change a mandate's workflow through it. (The
 * frontend's own port takes any client on the machine: the UI is not the only door, just the easiest.)
 */
export async function startReadOnlyUi(options: ReadOnlyUiOptions, timeoutMs = 30_000): Promise<RunningUi> {
  mkdirSync(options.configDir, { recursive: true });
  const origin = `http://127.0.0.1:${options.port}`;
  writeFileSync(
    join(options.configDir, 'read-only.yaml'),
    [
      `temporalGrpcAddress: ${JSON.stringify(options.temporalAddress)}`,
      'host: 127.0.0.1',
      `port: ${options.port}`,
      'enableUi: true',
      `defaultNamespace: ${JSON.stringify(options.namespace)}`,
      'disableWriteActions: true',
      'notifyOnNewVersion: false',
      'hideLogs: true',
      'cors:',
      '  cookieInsecure: true', // plain HTTP on loopback
      `  allowOrigins: [${JSON.stringify(origin)}, "http://localhost:${options.port}"]`,
      '',
    ].join('\n'),
  );
  const ui = await startSupervised(
    `the Temporal UI server on ${origin}`,
    options.executable,
    ['--root', options.configDir, '--config', '.', '--env', 'read-only', 'start'],
    async () => {
      const res = await fetch(`${origin}/api/v1/settings`, { signal: AbortSignal.timeout(1_000) });
      if (!res.ok) throw new Error(`settings answered ${res.status}`);
    },
    timeoutMs,
  );
  return { url: origin, stop: ui.stop };
}

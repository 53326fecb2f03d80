import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

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
  const child: ChildProcess = spawn(
    options.executable,
    ['--root', options.configDir, '--config', '.', '--env', 'read-only', 'start'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let output = '';
  child.stderr?.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-4000)));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    await exited;
  };
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the Temporal UI server exited (${child.exitCode}): ${output}`);
    try {
      const res = await fetch(`${origin}/api/v1/settings`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) return { url: origin, stop };
    } catch {
      // Not listening yet.
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`the Temporal UI server did not answer on ${origin} within ${timeoutMs} ms: ${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

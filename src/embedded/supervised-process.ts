import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';

export interface SupervisedProcess {
  stop: () => Promise<void>;
}

/**
 * Starts a server program and waits until `ready` succeeds, polling; stops it and throws (with the end of its
 * stderr) if it exits first or does not become ready within `timeoutMs`.
 */
export async function startSupervised(
  name: string,
  command: string,
  args: string[],
  ready: () => Promise<void>,
  timeoutMs: number,
): Promise<SupervisedProcess> {
  const child: ChildProcess = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
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
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}): ${output}`);
    try {
      await ready();
      return { stop };
    } catch (err) {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${name} was not ready within ${timeoutMs} ms: ${String(err)}\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

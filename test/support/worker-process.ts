import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { hostname } from 'node:os';
import { join } from 'node:path';

const WORKER_MAIN = join(__dirname, '..', '..', 'dist', 'src', 'worker.main.js');

/**
 * The real worker program (`npm run build` output) as a child process, so tests can kill it like an operator
 * or a crash would.
 */
export class WorkerProcess {
  private output = '';

  private constructor(private readonly child: ChildProcess) {
    const keep = (chunk: Buffer) => (this.output += chunk.toString());
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  static async start(env: Record<string, string>): Promise<WorkerProcess> {
    const child = spawn(process.execPath, [WORKER_MAIN], {
      // At 'log' level the worker says when it polls, which is how this waits for it.
      env: { ...process.env, ...env, LOG_LEVEL: 'log' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new WorkerProcess(child);
    try {
      await worker.waitFor(/polling task queue/, 90_000);
    } catch (err) {
      await worker.stop('SIGKILL');
      throw err;
    }
    return worker;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get log(): string {
    return this.output;
  }

  /** The identity Temporal records for this worker's tasks (the SDK's default: pid@host). */
  get identity(): string {
    return `${this.pid}@${hostname()}`;
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Freezes the process (SIGSTOP), as an overloaded host or a long GC pause would; `resume` thaws it. */
  pause(): void {
    if (this.running) this.child.kill('SIGSTOP');
  }

  resume(): void {
    if (this.running) this.child.kill('SIGCONT');
  }

  private async waitFor(pattern: RegExp, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!pattern.test(this.output)) {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        throw new Error(`the worker exited (${this.child.exitCode ?? this.child.signalCode}):\n${this.output}`);
      }
      if (Date.now() > deadline) throw new Error(`the worker did not start:\n${this.output}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Sends a signal and waits for the process to end. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.running) {
      const exited = once(this.child, 'exit');
      // A paused process would take SIGTERM only once thawed.
      this.child.kill('SIGCONT');
      this.child.kill(signal);
      await exited;
    }
    return { code: this.child.exitCode, signal: this.child.signalCode };
  }
}

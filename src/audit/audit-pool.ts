import { join } from 'node:path';
import { Worker as Thread } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { AsOf } from './as-of';
import type { AuditOutcome, AuditTask, TrustedKeyPem } from './audit-thread';
import type { Verdict } from './export';
import type { ReplayReport } from './replay';

/** The pool and its queue are full: the caller should come back later (HTTP 503 with Retry-After). */
export class AuditPoolBusy extends Error {
  constructor(readonly retryAfterSeconds: number) {
    super('every replay thread is busy and the queue is full; try again shortly');
    this.name = 'AuditPoolBusy';
  }
}

/** What Piscina rejects a task with when every thread is busy and its queue full. */
const POOL_FULL = ['Task queue is at limit', 'No task queue available and all Workers are busy'];

/** The file is not something that can be checked at all (HTTP 400, CLI exit code 3). */
export class UnreadableAuditBody extends Error {
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'UnreadableAuditBody';
  }
}

export interface AuditPoolOptions {
  /** Replay threads at most; they start on demand and stop when idle. */
  threads: number;
  /** Tasks that may wait for a thread; one more is refused with AuditPoolBusy. */
  queue: number;
  idleTimeoutMs?: number;
}

/** The threads run compiled JavaScript: from the TypeScript sources (tests), that of `npm run build`. */
function compiled(name: string): string {
  return __filename.endsWith('.ts')
    ? join(__dirname, '..', '..', 'dist', 'src', 'audit', `${name}.js`)
    : join(__dirname, `${name}.js`);
}

/** Bundles the workflow code once, in a thread of its own that exits when done. */
function bundleOffThread(): Promise<string> {
  return new Promise((resolve, reject) => {
    const thread = new Thread(compiled('bundle-thread'));
    thread.once('message', (m: { code?: string; error?: string }) =>
      m.code ? resolve(m.code) : reject(new Error(`the workflow code could not be bundled: ${m.error}`)),
    );
    thread.once('error', reject);
    thread.once('exit', () => reject(new Error('the bundling thread stopped without a bundle')));
  });
}

/**
 * A bounded pool of worker threads for replays and verifications: the workflow bundle is built once, the
 * threads share it, and work beyond `threads + queue` is refused rather than queued without bound, so that an
 * audit never starves the API's other routes. Also the batch entry point for many histories across cores.
 */
export class AuditPool {
  private pool?: Promise<Piscina>;

  constructor(private readonly options: AuditPoolOptions) {}

  private start(): Promise<Piscina> {
    this.pool ??= bundleOffThread().then(
      (bundleCode) =>
        new Piscina({
          filename: compiled('audit-thread'),
          minThreads: 0,
          maxThreads: this.options.threads,
          maxQueue: this.options.queue,
          idleTimeout: this.options.idleTimeoutMs ?? 60_000,
          // Replays are async (the SDK's core works between awaits): a thread must not block on Atomics.wait.
          atomics: 'disabled',
          workerData: { bundleCode },
        }),
      (err: unknown) => {
        this.pool = undefined;
        throw err;
      },
    );
    return this.pool;
  }

  /** Builds the bundle ahead of the first replay. */
  async warmUp(): Promise<void> {
    await this.start();
  }

  private async run(task: AuditTask): Promise<AuditOutcome> {
    const pool = await this.start();
    try {
      return (await pool.run(task)) as AuditOutcome;
    } catch (err) {
      if (err instanceof Error && POOL_FULL.includes(err.message)) {
        throw new AuditPoolBusy(this.retryAfterSeconds());
      }
      throw err;
    }
  }

  private retryAfterSeconds(): number {
    return Math.max(1, Math.ceil((this.options.queue + 1) / this.options.threads));
  }

  async replay(body: Uint8Array, asOf?: AsOf): Promise<ReplayReport> {
    const outcome = await this.run({ kind: 'replay', body, asOf });
    if (outcome.kind === 'unreadable') throw new UnreadableAuditBody(outcome.problem);
    if (outcome.kind !== 'replay') throw new Error(`a replay answered ${outcome.kind}`);
    return outcome.report;
  }

  async verify(body: Uint8Array, trusted: TrustedKeyPem[]): Promise<Verdict> {
    const outcome = await this.run({ kind: 'verify', body, trusted });
    if (outcome.kind === 'unreadable') throw new UnreadableAuditBody(outcome.problem);
    if (outcome.kind !== 'verify') throw new Error(`a verification answered ${outcome.kind}`);
    return outcome.verdict;
  }

  /**
   * Replays many files across the threads, never more in flight than the pool takes (for "replay the whole
   * register"); each answer is a report or the reason the file could not be read, in the order given.
   */
  async replayAll(
    bodies: readonly (() => Uint8Array)[],
    asOf?: AsOf,
  ): Promise<({ report: ReplayReport } | { problem: string })[]> {
    const results: ({ report: ReplayReport } | { problem: string })[] = [];
    let next = 0;
    const lane = async () => {
      while (next < bodies.length) {
        const i = next++;
        let body: Uint8Array;
        try {
          body = bodies[i]();
        } catch (err) {
          results[i] = { problem: `the file cannot be read: ${(err as NodeJS.ErrnoException).code ?? String(err)}` };
          continue;
        }
        try {
          results[i] = { report: await this.replay(body, asOf) };
        } catch (err) {
          if (!(err instanceof UnreadableAuditBody)) throw err;
          results[i] = { problem: err.problem };
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.options.threads, bodies.length) }, lane));
    return results;
  }

  async close(): Promise<void> {
    const pool = await this.pool?.catch(() => undefined);
    this.pool = undefined;
    await pool?.destroy();
  }
}

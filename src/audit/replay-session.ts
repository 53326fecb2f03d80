import type { HistoryAndWorkflowId } from '@temporalio/client';
import { type ReplayResult, Worker, type WorkflowBundle } from '@temporalio/worker';

/** An async iterable that callers push into: the histories one replay worker pulls, one at a time. */
class Inbox implements AsyncIterable<HistoryAndWorkflowId> {
  private readonly items: HistoryAndWorkflowId[] = [];
  private wake?: () => void;
  private closed = false;

  push(item: HistoryAndWorkflowId): void {
    this.items.push(item);
    this.wake?.();
  }

  close(): void {
    this.closed = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<HistoryAndWorkflowId> {
    for (;;) {
      const item = this.items.shift();
      if (item) {
        yield item;
        continue;
      }
      if (this.closed) return;
      await new Promise<void>((resolve) => (this.wake = resolve));
      this.wake = undefined;
    }
  }
}

/**
 * One SDK replay worker (`Worker.runReplayHistories`) kept for many histories, fed one at a time: creating a
 * replay worker per history (a workflow thread, a V8 context, the bundle evaluated) costs more than most
 * replays. A history the replayer cannot take stops the worker; the next replay starts a fresh one.
 */
export class ReplaySession {
  private inbox?: Inbox;
  private results?: AsyncIterator<ReplayResult>;
  private tail: Promise<unknown> = Promise.resolve();
  private replays = 0;

  constructor(
    private readonly bundle: WorkflowBundle,
    /** A replay that takes longer is abandoned with its worker, which the next replay replaces. */
    private readonly timeoutMs = 60_000,
  ) {}

  /** Replays one history; resolves with the replayer's error when it diverges, undefined when it does not. */
  replay(workflowId: string, history: HistoryAndWorkflowId['history']): Promise<Error | undefined> {
    const run = this.tail.then(() => this.replayNow(workflowId, history));
    this.tail = run.catch(() => undefined);
    return run;
  }

  private async replayNow(workflowId: string, history: HistoryAndWorkflowId['history']): Promise<Error | undefined> {
    if (!this.inbox || !this.results) {
      this.inbox = new Inbox();
      this.results = Worker.runReplayHistories({ workflowBundle: this.bundle, replayName: 'audit' }, this.inbox);
    }
    // A workflow id of its own for each replay: the same history may come twice.
    this.inbox.push({ workflowId: `${workflowId}#${++this.replays}`, history });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the replay did not finish within ${this.timeoutMs / 1000} s`)),
        this.timeoutMs,
      );
    });
    try {
      const next = await Promise.race([this.results.next(), timeout]);
      if (next.done) throw new Error('the replay worker stopped');
      return next.value.error;
    } catch (err) {
      // Let the abandoned worker shut down once its replay ends (if it ever does), without waiting for it.
      this.inbox.close();
      this.results.return?.().catch(() => undefined);
      this.inbox = undefined;
      this.results = undefined;
      throw err;
    } finally {
      clearTimeout(timer);
    }
  }

  async close(): Promise<void> {
    await this.tail;
    this.inbox?.close();
    await this.results?.return?.();
    this.inbox = undefined;
    this.results = undefined;
  }
}

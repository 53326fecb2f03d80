/**
 * The interleaving drill: several mandates, two worker processes, a stream of commands of every kind sent
 * concurrently while faults land at random moments (projections held on row locks, workers frozen past the
 * sticky timeout or killed, queries from a Temporal client and through the API), reminders firing and runs
 * continuing as new. Then every history it wrote must replay, and the read model must agree with each workflow.
 * All its choices come from the seed (./plan.ts).
 */
import type { Response } from 'supertest';
import { isDeepStrictEqual } from 'node:util';
import { DataSource } from 'typeorm';
import { readModelDataSourceOptions } from '../../src/database/read-model';
import { type MandateStateView, mandateWorkflowId, stateQuery } from '../../workflows/mandate/contract';
import { eventually, startTestStack, type TestStack } from '../support/api';
import { PEOPLE } from '../support/identity-provider';
import {
  queryOrRetryLater,
  sleep,
  startedProjection,
  STICKY_TIMEOUT_MS,
  withGrpcStatus,
} from '../support/pending-task';
import { replayRuns, runsOnTaskQueue } from '../support/replay';
import { lockMandateRow } from '../support/row-lock';
import { startContinueAsNewServer } from '../support/servers';
import { WorkerProcess } from '../support/worker-process';
import { type DrillPlan, drawPlan, type PlannedFault } from './plan';

export interface DrillOptions {
  seed: number;
  /** Commands in all. */
  steps: number;
  mandates?: number;
  /** Faults in all (default: about one per two commands). */
  faults?: number;
  databaseUrl: string;
  /** The issuer of the access tokens the drill's commands carry (the embedded provider). */
  issuer: string;
  log?: (line: string) => void;
}

export interface DrillReport {
  seed: number;
  commands: number;
  faults: Record<string, number>;
  runs: number;
  /** Everything that went wrong, each naming the seed and the mandate. */
  divergences: string[];
  /** Queries answered "retry later" (the legacy-query guard, or no poller on a dead worker's sticky queue). */
  refusedQueries: number;
  seconds: number;
}

/** Low enough that a mandate followed for a few dozen commands crosses several runs. */
const CONTINUE_AS_NEW_AFTER_EVENTS = 40;
/** The longest a command may take: a task can wait out a sticky timeout, a stalled worker and a retry. */
const COMMAND_TIMEOUT_MS = 6 * STICKY_TIMEOUT_MS;

/** HH:MM (UTC) a little ahead, so that the notifications due today go out while the drill runs. */
function notificationTimeSoon(now: Date): string {
  return new Date(now.getTime() + 60_000).toISOString().slice(11, 16);
}

class Drill {
  private readonly workers: WorkerProcess[] = [];
  private readonly ids: string[] = [];
  private readonly divergences: string[] = [];
  private readonly faultCounts: Record<string, number> = {};
  private refusedQueries = 0;
  private commandsDone = false;
  private commands = 0;
  /** Mandates whose commands are still being sent: faults aim at them. */
  private readonly active = new Set<number>();
  /** Commands each mandate has yet to send. */
  private readonly left = new Map<number, number>();

  constructor(
    private readonly plan: DrillPlan,
    private readonly stack: TestStack,
    private readonly databaseUrl: string,
    private readonly log: (line: string) => void,
  ) {
    this.workers.push(stack.worker);
  }

  private diverged(mandate: number | undefined, what: string): void {
    const who = mandate === undefined ? '' : ` mandate ${this.ids[mandate] ?? `#${mandate}`}:`;
    const line = `seed ${this.plan.seed}:${who} ${what}`;
    this.divergences.push(line);
    this.log(`DIVERGENCE ${line}`);
  }

  async run(): Promise<void> {
    this.workers.push(await WorkerProcess.start(this.stack.env));
    for (const [i, mandate] of this.plan.mandates.entries()) {
      const res = await this.stack
        .http()
        .post('/mandates')
        .set({
          ...(await this.stack.as(PEOPLE.secretariat)),
          'Idempotency-Key': `drill-${this.plan.seed}-${i}-register`,
        })
        .send(mandate.registration)
        .timeout(COMMAND_TIMEOUT_MS);
      if (res.status !== 201) throw new Error(`seed ${this.plan.seed}: registration ${i} answered ${res.status}`);
      this.ids.push((res.body as { id: string }).id);
    }
    const faults = this.injectFaults();
    await Promise.all(this.plan.mandates.map((_, i) => this.sendCommands(i)));
    this.commandsDone = true;
    await faults;
    await this.settle();
  }

  private async sendCommands(mandate: number): Promise<void> {
    const id = this.ids[mandate];
    this.active.add(mandate);
    const commands = this.plan.mandates[mandate].commands;
    for (const [n, command] of commands.entries()) {
      this.left.set(mandate, commands.length - n);
      await sleep(command.thinkMs);
      const label = `command ${n + 1} (${command.kind} ${command.path})`;
      let res: Response;
      try {
        this.log(`mandate ${mandate} ${label}`);
        const send = async (): Promise<Response> =>
          this.stack
            .http()
            .post(`/mandates/${id}/${command.path}`)
            .set({ ...(await this.stack.as(command.as)), 'Idempotency-Key': `drill-${this.plan.seed}-${mandate}-${n}` })
            .send(command.body)
            .timeout(COMMAND_TIMEOUT_MS);
        res = await send();
        // A 503 says "retry": an officer's access is checked against the mandate's workflow when the read model
        // lags, and that query is refused while a task waits on a stalled worker. A client retries, as here.
        const queryRefused = (r: Response) =>
          r.status === 503 && /cannot be (read from its workflow|checked) now/.test(String(r.body?.message));
        for (let retry = 0; queryRefused(res) && retry < 10; retry++) {
          this.log(`mandate ${mandate} ${label}: 503, retried`);
          await sleep(Number(res.headers['retry-after'] ?? 1) * 1000);
          res = await send();
        }
      } catch (err) {
        this.diverged(mandate, `${label}: no answer (${String(err)})`);
        continue;
      }
      this.commands++;
      const expected = command.expect;
      const rule = (res.body as { rule?: string }).rule;
      if (res.status !== expected.status || ('rule' in expected && expected.status === 409 && rule !== expected.rule)) {
        this.diverged(
          mandate,
          `${label}: expected ${expected.status}${'rule' in expected ? ` ${expected.rule}` : ''}, ` +
            `got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
        );
      }
    }
    this.active.delete(mandate);
  }

  private async injectFaults(): Promise<void> {
    const pending: Promise<void>[] = [];
    for (const fault of this.plan.faults) {
      await sleep(fault.afterMs);
      // Aim at mandates with commands still to come (a fault's effect shows with the next command), if any.
      const remaining = [...this.active].filter((m) => (this.left.get(m) ?? 0) >= 2);
      const active = (remaining.length > 0 ? remaining : [...this.active]).sort((a, b) => a - b);
      if (this.commandsDone || active.length === 0) break;
      const mandate = active[fault.mandate % active.length];
      this.faultCounts[fault.kind] = (this.faultCounts[fault.kind] ?? 0) + 1;
      this.log(`fault ${fault.kind}: mandate ${mandate}, worker ${fault.worker}, ${fault.holdMs} ms`);
      // Locks and queries run alongside what follows; a worker's fault ends before the next one starts.
      const done = this.inject({ ...fault, mandate }).catch((err: unknown) =>
        this.diverged(mandate, `${fault.kind}: ${withGrpcStatus(err)}`),
      );
      if (fault.kind === 'row-lock' || fault.kind.endsWith('query')) pending.push(done);
      else await done;
    }
    await Promise.all(pending);
  }

  private async inject(fault: PlannedFault): Promise<void> {
    const id = this.ids[fault.mandate];
    switch (fault.kind) {
      case 'row-lock': {
        const lock = await lockMandateRow(this.databaseUrl, id);
        await sleep(fault.holdMs);
        await lock.release();
        return;
      }
      case 'stall': {
        const worker = this.workers[fault.worker];
        worker.pause();
        await sleep(fault.holdMs);
        worker.resume();
        return;
      }
      case 'crash':
        await this.workers[fault.worker].stop('SIGKILL');
        await sleep(fault.holdMs);
        this.workers[fault.worker] = await WorkerProcess.start(this.stack.env);
        return;
      case 'crash-sticky-during-projection': {
        const lock = await lockMandateRow(this.databaseUrl, id);
        try {
          // The mandate's next command starts a projection that waits on the lock. Kill a few seconds into it: if
          // it ran on the dying worker, its retry still completes while the dead sticky queue counts as polled.
          const projection = await startedProjection(this.stack.temporal, mandateWorkflowId(id), 8_000 + fault.holdMs)
            .then((p) => p.startedAt)
            .catch(() => Date.now());
          await sleep(Math.max(0, projection + 4_000 - Date.now()));
          const sticky = await this.stickyWorker(id);
          await this.workers[sticky].stop('SIGKILL');
          const read = this.query(fault.mandate, 'client').catch((err: unknown) =>
            this.diverged(fault.mandate, `query while its task waits: ${withGrpcStatus(err)}`),
          );
          await sleep(4_000);
          await lock.release();
          await read;
          this.workers[sticky] = await WorkerProcess.start(this.stack.env);
        } finally {
          await lock.release();
        }
        return;
      }
      case 'client-query':
        return this.query(fault.mandate, 'client');
      case 'api-query':
        return this.query(fault.mandate, 'api');
    }
  }

  /** The worker that ran the mandate's latest workflow task, so holds its sticky queue (the first if neither). */
  private async stickyWorker(id: string): Promise<number> {
    const history = await this.stack.temporal.workflow.getHandle(mandateWorkflowId(id)).fetchHistory();
    const started = (history.events ?? []).filter((e) => e.workflowTaskStartedEventAttributes).pop();
    const identity = started?.workflowTaskStartedEventAttributes?.identity;
    return Math.max(
      0,
      this.workers.findIndex((w) => w.identity === identity),
    );
  }

  private async query(mandate: number, via: 'client' | 'api'): Promise<void> {
    const id = this.ids[mandate];
    // "Retry later" (a 503 with Retry-After through the API) is the design, not a divergence.
    if (via === 'client') {
      const handle = this.stack.temporal.workflow.getHandle(mandateWorkflowId(id));
      if ((await queryOrRetryLater(id, () => handle.query(stateQuery))) === 'retry-later') this.refusedQueries++;
      return;
    }
    const res = await this.stack.http().get(`/mandates/${id}?consistency=strong`).timeout(COMMAND_TIMEOUT_MS);
    if (res.status === 503 && /cannot be read from its workflow now/.test(String(res.body?.message))) {
      this.refusedQueries++;
    } else if (res.status !== 200) {
      this.diverged(mandate, `GET /mandates/${id} answered ${res.status}`);
    }
  }

  /** Both workers up, so that what is left (projections, retries) runs. */
  private async settle(): Promise<void> {
    for (const [i, worker] of this.workers.entries()) {
      if (worker.running) worker.resume();
      else this.workers[i] = await WorkerProcess.start(this.stack.env);
    }
  }

  /** Every run of every mandate replays; the read model agrees with each workflow; the statuses are the plan's. */
  async check(): Promise<number> {
    const runs = await runsOnTaskQueue(this.stack.temporal, this.stack.env.TEMPORAL_TASK_QUEUE);
    const { failures } = await replayRuns(this.stack.temporal, runs);
    for (const f of failures) {
      this.diverged(
        this.ids.findIndex((id) => mandateWorkflowId(id) === f.workflowId),
        `run ${f.runId} does not replay: ${f.message}`,
      );
    }
    // Restart the workers so that every mandate answers from a replay, as it would after a deployment.
    for (const [i, worker] of this.workers.entries()) {
      await worker.stop('SIGKILL');
      this.workers[i] = await WorkerProcess.start(this.stack.env);
    }
    const db = new DataSource(readModelDataSourceOptions(this.databaseUrl, false));
    await db.initialize();
    try {
      await Promise.all(this.ids.map((id, i) => this.checkReadModel(db, i, id)));
    } finally {
      await db.destroy();
    }
    return runs.length;
  }

  private async checkReadModel(db: DataSource, mandate: number, id: string): Promise<void> {
    let workflow: MandateStateView | undefined;
    let row: MandateStateView | undefined;
    try {
      await eventually(async () => {
        workflow = await this.stack.temporal.workflow.getHandle(mandateWorkflowId(id)).query(stateQuery);
        const rows = await db.query<{ state: MandateStateView }[]>('SELECT state FROM mandates WHERE id = $1', [id]);
        row = rows[0]?.state;
        if (!isDeepStrictEqual(row, JSON.parse(JSON.stringify(workflow)))) throw new Error('not caught up');
      }, 60_000);
    } catch (err) {
      if (!workflow) {
        this.diverged(mandate, `the workflow does not answer its state query: ${String(err).slice(0, 500)}`);
        return;
      }
      this.diverged(
        mandate,
        `read model (sequence ${row?.lastSequence}, ${row?.status}) differs from the workflow ` +
          `(sequence ${workflow.lastSequence}, ${workflow.status})`,
      );
      return;
    }
    const planned = this.plan.mandates[mandate].finalStatus;
    if (workflow?.status !== planned) {
      this.diverged(mandate, `status ${workflow?.status}, the plan's commands lead to ${planned}`);
    }
  }

  report(runs: number, startedAt: number): DrillReport {
    return {
      seed: this.plan.seed,
      commands: this.commands,
      faults: this.faultCounts,
      runs,
      divergences: this.divergences,
      refusedQueries: this.refusedQueries,
      seconds: Math.round((Date.now() - startedAt) / 1000),
    };
  }

  async stop(): Promise<void> {
    for (const worker of this.workers) await worker.stop('SIGKILL');
  }
}

/** Runs one drill on a Temporal server of its own (low continue-as-new threshold) and the given PostgreSQL. */
export async function runDrill(options: DrillOptions): Promise<DrillReport> {
  const startedAt = Date.now();
  const log = options.log ?? (() => undefined);
  const mandates = options.mandates ?? 4;
  const now = new Date();
  const plan = drawPlan({
    seed: options.seed,
    steps: options.steps,
    mandates,
    faults: options.faults ?? Math.ceil(options.steps / 2),
    now,
  });
  const server = await startContinueAsNewServer(CONTINUE_AS_NEW_AFTER_EVENTS);
  try {
    const stack = await startTestStack({
      TEMPORAL_ADDRESS: server.address,
      DATABASE_URL: options.databaseUrl,
      OIDC_ISSUER_URL: options.issuer,
      NOTIFICATION_TIME_UTC: notificationTimeSoon(now),
    });
    const drill = new Drill(plan, stack, options.databaseUrl, log);
    let runs = 0;
    try {
      await drill.run();
      runs = await drill.check();
    } finally {
      await drill.stop();
      // close() replays the task queue's histories again; the drill has already named each failure.
      await stack.close().catch((err: unknown) => log(String(err)));
    }
    return drill.report(runs, startedAt);
  } finally {
    await server.teardown();
  }
}

export function describeReport(report: DrillReport): string {
  const faults = Object.entries(report.faults)
    .map(([kind, n]) => `${kind} ×${n}`)
    .join(', ');
  return (
    `seed ${report.seed}: ${report.commands} commands, faults: ${faults || 'none'}, ${report.runs} runs replayed, ` +
    `${report.refusedQueries} queries answered "retry later", ${report.seconds} s; ` +
    `${report.divergences.length} divergence(s)` +
    (report.divergences.length ? `:\n${report.divergences.join('\n')}` : '')
  );
}

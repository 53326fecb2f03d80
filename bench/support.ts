/**
 * What the command and memory benchmarks share: the project's programs as processes (the API, the worker), a
 * trivial worker for the floor, the servers' process ids, CPU time and memory from /proc, and the statistics.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/servers';

const ROOT = join(__dirname, '..');
const CLOCK_TICKS = 100; // USER_HZ on Linux

/** A program of the project (or the trivial worker) as a child process, stopped by SIGTERM. */
export class BenchProcess {
  private output = '';

  private constructor(
    private readonly child: ChildProcess,
    readonly name: string,
  ) {
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
  }

  static async start(
    name: string,
    args: string[],
    env: Record<string, string>,
    ready: (output: string) => boolean | Promise<boolean>,
  ): Promise<BenchProcess> {
    const child = spawn(process.execPath, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const started = new BenchProcess(child, name);
    const deadline = Date.now() + 120_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`${name} exited (${child.exitCode ?? child.signalCode}):\n${started.output}`);
      }
      if (
        await Promise.resolve(started.output)
          .then(ready)
          .catch(() => false)
      )
        return started;
      if (Date.now() > deadline) {
        await started.stop();
        throw new Error(`${name} did not start:\n${started.output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      const exited = once(this.child, 'exit');
      this.child.kill('SIGTERM');
      await exited;
    }
  }
}

/**
 * The worker's Node flags, as `npm run start:worker` and docker-compose.yml start it; BENCH_WORKER_NODE_ARGS others
 * ("" for none). V8 flags such as --optimize-for-size are refused in NODE_OPTIONS.
 */
const WORKER_NODE_ARGS = (process.env.BENCH_WORKER_NODE_ARGS ?? '--optimize-for-size').split(' ').filter(Boolean);

/** The mandate worker (`dist/src/worker.main.js`, the real program) on a task queue. */
export function startWorker(env: Record<string, string>): Promise<BenchProcess> {
  return BenchProcess.start(
    'worker',
    [...WORKER_NODE_ARGS, join(ROOT, 'dist', 'src', 'worker.main.js')],
    { LOG_LEVEL: 'log', ...env },
    (out) => /polling task queue/.test(out),
  );
}

/** The API (`dist/src/api.main.js`) on a free port; resolves with its base URL once /health answers 200. */
export async function startApi(env: Record<string, string>): Promise<{ process: BenchProcess; url: string }> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const api = await BenchProcess.start(
    'api',
    [join(ROOT, 'dist', 'src', 'api.main.js')],
    { LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', ...env },
    async () => (await fetch(`${url}/health`)).status === 200,
  );
  return { process: api, url };
}

/** A worker hosting only the trivial workflow (bench/trivial/workflows.ts): Temporal's own floor. */
export function startTrivialWorker(env: Record<string, string>): Promise<BenchProcess> {
  return BenchProcess.start(
    'trivial worker',
    ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench', 'trivial', 'worker.ts')],
    env,
    (out) => /trivial worker polling/.test(out),
  );
}

/** The bare HTTP hop in front of the raw client (bench/trivial/http-hop.ts): the floor of any HTTP API here. */
export async function startHttpHop(env: Record<string, string>): Promise<{ process: BenchProcess; url: string }> {
  const port = await freePort();
  const hop = await BenchProcess.start(
    'http hop',
    ['-r', 'ts-node/register/transpile-only', join(ROOT, 'bench', 'trivial', 'http-hop.ts')],
    { ...env, PORT: String(port) },
    (out) => /http hop listening/.test(out),
  );
  return { process: hop, url: `http://127.0.0.1:${port}` };
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** The fields of /proc/<pid>/stat after "pid (comm) " (comm may hold spaces and parentheses). */
function statFields(pid: number): string[] | undefined {
  const stat = readProc(pid, 'stat');
  return stat?.slice(stat.lastIndexOf(') ') + 2).split(' ');
}

function pids(): number[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map(Number);
}

/** The process whose command line has all these words (the servers the test support starts by port). */
export function findProcess(...words: string[]): number | undefined {
  return pids().find((pid) => {
    const cmdline = readProc(pid, 'cmdline')?.split('\0') ?? [];
    return words.every((w) => cmdline.includes(w));
  });
}

/** The process and its children (PostgreSQL's backends are children of its postmaster). */
export function withChildren(pid: number): number[] {
  const children = pids().filter((p) => Number(statFields(p)?.[1]) === pid);
  return [pid, ...children];
}

/** CPU time (user + system) in milliseconds of these processes, their reaped children included. */
export function cpuMs(processIds: number[]): number {
  let ticks = 0;
  for (const pid of processIds) {
    const fields = statFields(pid);
    if (!fields) continue;
    // After "pid (comm) ": state is field 0; utime 11, stime 12, cutime 13, cstime 14.
    ticks += Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  }
  return (ticks * 1000) / CLOCK_TICKS;
}

export function rssMiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readProc(pid, 'status') ?? '')?.[1] ?? 0) / 1024;
}

/** Samples a process's RSS every `everyMs` until stopped; the peak seen. */
export function rssPeak(pid: number, everyMs = 250): { stop: () => number } {
  let peak = rssMiB(pid);
  const timer = setInterval(() => (peak = Math.max(peak, rssMiB(pid))), everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return Math.max(peak, rssMiB(pid));
    },
  };
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

export const median = (values: number[]) => percentile(values, 50);

/** Runs `task` for each item, `concurrency` at a time; the latency of each, in milliseconds, in item order. */
export async function timedPool<T>(items: T[], concurrency: number, task: (item: T) => Promise<void>) {
  const latencies: number[] = new Array<number>(items.length);
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        const t = performance.now();
        await task(items[i]);
        latencies[i] = performance.now() - t;
      }
    }),
  );
  return { latencies, seconds: (performance.now() - started) / 1000 };
}

/** What a reader needs to judge the figures: the machine, its load, the versions. */
export function machineNotes(): string {
  const sdk = (
    JSON.parse(readFileSync(join(ROOT, 'node_modules/@temporalio/worker/package.json'), 'utf8')) as {
      version: string;
    }
  ).version;
  return (
    `${cpus().length} cores (${cpus()[0]?.model.trim()}), ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}, ` +
    `Temporal SDK ${sdk}, load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`
  );
}

export const f1 = (n: number) => n.toFixed(1);
export const f2 = (n: number) => n.toFixed(2);

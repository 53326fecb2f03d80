/**
 * How long `npm start` takes to answer 200 on /health, and where the time goes.
 *
 *   npm run bench:startup                      # 1 cold run (empty DATA_DIR), 5 warm runs (data kept, build fresh),
 *                                              # 3 runs after sources changed (the API and the console built, as
 *                                              # every `npm start` did before it built only what changed)
 *   npm run bench:startup -- --cold 2 --warm 9 --rebuild 0
 *
 * Each run is the real `npm start` (prestart scripts, the build step, embedded servers, worker, API) on free
 * loopback ports, in a process group of its own; the bench polls /health every 50 ms, then stops the group with
 * SIGTERM as Ctrl-C would and waits for it to exit before the next run. Output lines are timed as they arrive, so
 * a milestone is when the program said it. A rebuild run touches src/main.ts and console/src/main.tsx first (their
 * content is unchanged).
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../test/support/servers';

const root = join(__dirname, '..');

/** Lines of `npm start`'s output that mark a phase. */
const MILESTONES: [name: string, pattern: RegExp][] = [
  ['node up', /starting the embedded servers/],
  ['PostgreSQL', /PostgreSQL \(embedded\) on/],
  ['Temporal', /Temporal dev server on/],
  ['worker polling', /polling task queue/],
  ['API listening', /API on http/],
];

interface Run {
  kind: string;
  healthyMs: number;
  milestones: Record<string, number>;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function healthy(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(2_000) })).status === 200;
  } catch {
    return false;
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Stops the run's whole process group as Ctrl-C would, and waits until every process in it is gone: npm exits
 * before the servers it started have (a Temporal dev server still closing its SQLite file fails the next start).
 */
async function stop(child: ChildProcess): Promise<void> {
  const pid = child.pid!;
  if (!groupAlive(pid)) return;
  process.kill(-pid, 'SIGTERM');
  const deadline = Date.now() + 60_000;
  while (groupAlive(pid)) {
    if (Date.now() > deadline) process.kill(-pid, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function startOnce(kind: string, dataDir: string): Promise<Run> {
  const port = await freePort();
  const env = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_TEMPORAL_PORT: String(await freePort()),
    EMBEDDED_TEMPORAL_UI_PORT: String(await freePort()),
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    EMBEDDED_OIDC_PORT: String(await freePort()),
    METRICS_PORT: String(await freePort()),
    LOG_LEVEL: 'log',
    LOG_FORMAT: 'json',
  };
  const started = Date.now();
  const child = spawn('npm', ['start'], { cwd: root, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const milestones: Record<string, number> = {};
  let output = '';
  const onData = (chunk: Buffer) => {
    const at = Date.now() - started;
    output += chunk.toString();
    for (const [name, pattern] of MILESTONES) if (!(name in milestones) && pattern.test(output)) milestones[name] = at;
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output.slice(-4000)}`);
      if (Date.now() - started > 300_000) throw new Error(`not healthy within 300 s:\n${output.slice(-4000)}`);
      if (await healthy(`http://127.0.0.1:${port}/health`)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    return { kind, healthyMs: Date.now() - started, milestones };
  } finally {
    await stop(child);
  }
}

function seconds(ms: number | undefined): string {
  return ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`;
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function dataFolder(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mandate-tracker-startup-'));
  chmodSync(dir, 0o755); // as root, the embedded PostgreSQL runs as `postgres`, who must enter it
  return join(dir, 'data');
}

async function main(): Promise<void> {
  const cold = arg('cold', 1);
  const warm = arg('warm', 5);
  const rebuild = arg('rebuild', 3);
  const runs: Run[] = [];
  const folders: string[] = [];
  const record = (run: Run) => {
    runs.push(run);
    console.error(`${run.kind}: healthy after ${seconds(run.healthyMs)}`);
  };
  // A fresh build first, so that the cold run measures fresh data, not a build.
  spawnSync('bash', [join(root, 'scripts', 'build-if-stale.sh')], { stdio: 'inherit' });
  try {
    for (let i = 0; i < cold; i++) {
      const dir = dataFolder();
      folders.push(dir);
      record(await startOnce('cold (empty DATA_DIR)', dir));
    }
    const kept = dataFolder();
    folders.push(kept);
    // The first start in a folder creates its databases (and builds, if the build is not fresh): not counted.
    await startOnce('prime', kept);
    // Interleaved, so that the machine's load weighs on both kinds alike.
    for (let i = 0; i < Math.max(warm, rebuild); i++) {
      if (i < warm) record(await startOnce('warm (data kept, build fresh)', kept));
      if (i < rebuild) {
        const now = new Date();
        utimesSync(join(root, 'src', 'main.ts'), now, now);
        utimesSync(join(root, 'console', 'src', 'main.tsx'), now, now);
        record(await startOnce('after sources changed (API and console built)', kept));
      }
    }
  } finally {
    for (const dir of folders) rmSync(join(dir, '..'), { recursive: true, force: true });
  }
  const names = MILESTONES.map(([name]) => name);
  console.log(`| run | ${names.join(' | ')} | healthy |`);
  console.log(`| --- | ${names.map(() => '---').join(' | ')} | --- |`);
  for (const run of runs) {
    console.log(
      `| ${run.kind} | ${names.map((n) => seconds(run.milestones[n])).join(' | ')} | ${seconds(run.healthyMs)} |`,
    );
  }
  for (const kind of [...new Set(runs.map((r) => r.kind))]) {
    const of = runs.filter((r) => r.kind === kind);
    const cells = names.map((n) => seconds(median(of.flatMap((r) => (n in r.milestones ? [r.milestones[n]] : [])))));
    console.log(
      `| median, ${kind} (${of.length}) | ${cells.join(' | ')} | ${seconds(median(of.map((r) => r.healthyMs)))} |`,
    );
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

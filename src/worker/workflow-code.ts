import type { WorkerOptions } from '@temporalio/worker';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import type { AppConfig } from '../config/app-config';
import { workerWorkflowModules } from '../observability/temporal-interceptors';

const WORKFLOWS = require.resolve('../../workflows');

/**
 * The workflow code bundled by webpack in a child process instead of in the worker's own: webpack leaves about
 * 100 MiB behind in the heap that bundled (bench/RESULTS.md), which goes back to the system when the child exits.
 * The bundle is what the SDK would build from `workflowsPath` and the workflow interceptor modules, which it then
 * takes from the bundle (it ignores `interceptors.workflowModules` beside one).
 */
export async function bundleApart(workflowsPath: string, workflowInterceptorModules: string[]): Promise<string> {
  const bundler = require.resolve('./workflow-bundle.process');
  const child = fork(bundler, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // From the sources (a spec, ts-node): the bundler is TypeScript too.
    execArgv: bundler.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [],
  });
  const answer = once(child, 'message') as Promise<[{ code?: string; error?: string }]>;
  const exited = once(child, 'exit');
  child.send({ workflowsPath, workflowInterceptorModules });
  const [{ code, error }] = await Promise.race([
    answer,
    exited.then(([status]) => {
      throw new Error(`the workflow bundler exited (${String(status)}) without a bundle`);
    }),
  ]);
  await exited;
  if (code === undefined) throw new Error(`the workflow code could not be bundled: ${error}`);
  return code;
}

/** The settings that decide whether the worker's workflow code has the legacy-query guard. */
export type GuardSettings = Pick<AppConfig, 'WORKER_LEGACY_QUERY_GUARD' | 'WORKER_MAX_CACHED_WORKFLOWS'>;

/**
 * Whether the worker bundles the legacy-query guard (workflows/interceptors.ts). The defect it guards against needs a
 * run that outlives the query: sdk-core applies the query's new events to the run live and sends the commands they
 * produced with the run's next real workflow task. With the cache off (`WORKER_MAX_CACHED_WORKFLOWS=0`) sdk-core
 * builds the run from the whole history for the query and evicts it as soon as its activation completes, before any
 * real task can use it (the task that arrives meanwhile waits, then replays from the history), so nothing can
 * diverge. There the guard would only refuse reads: every query that meets a command's projection as it completes
 * carries that completion, looks detached, and was answered 503 (test/int/reads-racing-projections.test.ts).
 */
export function legacyQueryGuardOn(config: GuardSettings): boolean {
  return config.WORKER_LEGACY_QUERY_GUARD && config.WORKER_MAX_CACHED_WORKFLOWS > 0;
}

let early: { legacyQueryGuard: boolean; code: Promise<string> } | undefined;

/**
 * Begins bundling the worker's workflow code now (webpack: a second or two of CPU, in a child process) rather than
 * when the worker is created: `npm start` does it while its embedded servers start in processes of their own.
 */
export function bundleWorkflowCodeEarly(config: GuardSettings): void {
  const legacyQueryGuard = legacyQueryGuardOn(config);
  const code = bundleApart(WORKFLOWS, workerWorkflowModules({ legacyQueryGuard }));
  // Its failure is the worker's to report, when it asks for the code.
  code.catch(() => undefined);
  early = { legacyQueryGuard, code };
}

/**
 * The mandate worker's workflow code, its interceptor modules inside: the bundle begun early when there is one of
 * the same modules, else one bundled apart now.
 */
export async function workerWorkflowCode(config: GuardSettings): Promise<Pick<WorkerOptions, 'workflowBundle'>> {
  const legacyQueryGuard = legacyQueryGuardOn(config);
  const code =
    early?.legacyQueryGuard === legacyQueryGuard
      ? early.code
      : bundleApart(WORKFLOWS, workerWorkflowModules({ legacyQueryGuard }));
  return { workflowBundle: { code: await code } };
}

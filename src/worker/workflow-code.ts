import type { WorkerOptions } from '@temporalio/worker';
import { fork } from 'node:child_process';
import { once } from 'node:events';
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

let early: { legacyQueryGuard: boolean; code: Promise<string> } | undefined;

/**
 * Begins bundling the worker's workflow code now (webpack: a second or two of CPU, in a child process) rather than
 * when the worker is created: `npm start` does it while its embedded servers start in processes of their own.
 */
export function bundleWorkflowCodeEarly(legacyQueryGuard: boolean): void {
  const code = bundleApart(WORKFLOWS, workerWorkflowModules({ legacyQueryGuard }));
  // Its failure is the worker's to report, when it asks for the code.
  code.catch(() => undefined);
  early = { legacyQueryGuard, code };
}

/**
 * The mandate worker's workflow code, its interceptor modules inside: the bundle begun early when there is one of
 * the same modules, else one bundled apart now.
 */
export async function workerWorkflowCode(legacyQueryGuard: boolean): Promise<Pick<WorkerOptions, 'workflowBundle'>> {
  const code =
    early?.legacyQueryGuard === legacyQueryGuard
      ? early.code
      : bundleApart(WORKFLOWS, workerWorkflowModules({ legacyQueryGuard }));
  return { workflowBundle: { code: await code } };
}

import { Worker, type WorkerOptions } from '@temporalio/worker';
import { fork } from 'node:child_process';
import { once } from 'node:events';

/**
 * The same worker options with the workflow code bundled by webpack in a child process instead of in the worker's
 * own: webpack leaves about 100 MiB behind in the heap that bundled (bench/RESULTS.md), which goes back to the
 * system when the child exits. The bundle is what the SDK would build from `workflowsPath` and the workflow
 * interceptor modules, which it then takes from the bundle (it ignores `interceptors.workflowModules` beside one).
 */
export async function withWorkflowsBundledApart(options: WorkerOptions): Promise<WorkerOptions> {
  const { workflowsPath, interceptors, ...rest } = options;
  if (!workflowsPath || options.workflowBundle) return options;
  const bundler = require.resolve('./workflow-bundle.process');
  const child = fork(bundler, [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    // From the sources (a spec, ts-node): the bundler is TypeScript too.
    execArgv: bundler.endsWith('.ts') ? ['-r', 'ts-node/register/transpile-only'] : [],
  });
  const answer = once(child, 'message') as Promise<[{ code?: string; error?: string }]>;
  const exited = once(child, 'exit');
  child.send({ workflowsPath, workflowInterceptorModules: interceptors?.workflowModules ?? [] });
  const [{ code, error }] = await Promise.race([
    answer,
    exited.then(([status]) => {
      throw new Error(`the workflow bundler exited (${String(status)}) without a bundle`);
    }),
  ]);
  await exited;
  if (code === undefined) throw new Error(`the workflow code could not be bundled: ${error}`);
  return {
    ...rest,
    ...(interceptors && { interceptors: { ...interceptors, workflowModules: [] } }),
    workflowBundle: { code },
  };
}

/** `Worker.create`, the workflow code bundled apart. */
export async function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create(await withWorkflowsBundledApart(options));
}

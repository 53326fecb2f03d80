import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundle } from '@temporalio/worker';

let bundle: Promise<WorkflowBundle> | undefined;

/**
 * This build's workflow code, bundled once per process (webpack takes most of a second and a lot of memory):
 * every replay reuses it. A failed build is not kept, so the next call tries again.
 */
export function workflowBundle(): Promise<WorkflowBundle> {
  bundle ??= bundleWorkflowCode({
    // The same code and interceptors the worker runs (src/worker/mandate-worker.service.ts).
    workflowsPath: require.resolve('../../workflows'),
    workflowInterceptorModules: [require.resolve('../../workflows/interceptors')],
    logger: new DefaultLogger('WARN'),
  }).then(
    ({ code }) => ({ code }),
    (err: unknown) => {
      bundle = undefined;
      throw err;
    },
  );
  return bundle;
}

/**
 * For processes that only replay (the audit CLI, replay threads): the SDK's and its core's logs go to stderr,
 * warnings and worse only (a divergence is in the verdict, not in a log line), leaving stdout to the verdict.
 */
export function installReplayRuntime(): void {
  if (Runtime._instance) return;
  Runtime.install({
    logger: new DefaultLogger('ERROR'),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
}

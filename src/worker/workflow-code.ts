import { bundleWorkflowCode, Runtime, type WorkerOptions } from '@temporalio/worker';
import { workerWorkflowModules } from '../observability/temporal-interceptors';

const WORKFLOWS = require.resolve('../../workflows');

let early: { legacyQueryGuard: boolean; code: Promise<string> } | undefined;

/**
 * Begins bundling the worker's workflow code now (webpack: a second or two of CPU) rather than when the worker is
 * created: `npm start` does it while its embedded servers start in processes of their own.
 */
export function bundleWorkflowCodeEarly(legacyQueryGuard: boolean): void {
  const code = bundleWorkflowCode({
    workflowsPath: WORKFLOWS,
    workflowInterceptorModules: workerWorkflowModules({ legacyQueryGuard }),
    logger: Runtime.instance().logger,
  }).then((bundle) => bundle.code);
  // Its failure is the worker's to report, when it asks for the code.
  code.catch(() => undefined);
  early = { legacyQueryGuard, code };
}

/** The worker's workflow code: the bundle begun early when there is one of the same modules, else its sources. */
export async function workerWorkflowCode(
  legacyQueryGuard: boolean,
): Promise<Pick<WorkerOptions, 'workflowBundle' | 'workflowsPath'> & { interceptorModules: string[] }> {
  const interceptorModules = workerWorkflowModules({ legacyQueryGuard });
  if (early?.legacyQueryGuard === legacyQueryGuard) {
    return { workflowBundle: { code: await early.code }, interceptorModules: [] };
  }
  return { workflowsPath: WORKFLOWS, interceptorModules };
}

// Bundles the workflow code for a worker (see ./workflow-code.ts) and sends it to the parent over IPC.
import { bundleWorkflowCode, DefaultLogger } from '@temporalio/worker';

interface BundleRequest {
  workflowsPath: string;
  workflowInterceptorModules: string[];
}

process.once('message', (request: BundleRequest) => {
  bundleWorkflowCode({ ...request, logger: new DefaultLogger('WARN') }).then(
    ({ code }) => process.send?.({ code }, () => process.exit(0)),
    (err: unknown) =>
      process.send?.({ error: err instanceof Error ? err.message : String(err) }, () => process.exit(1)),
  );
});

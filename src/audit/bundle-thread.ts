// Builds the workflow bundle in a thread of its own, once, so that webpack never holds the request thread.
import { parentPort } from 'node:worker_threads';
import { workflowBundle } from './workflow-bundle';

workflowBundle().then(
  ({ code }) => parentPort?.postMessage({ code }),
  (err: unknown) => parentPort?.postMessage({ error: err instanceof Error ? err.message : String(err) }),
);

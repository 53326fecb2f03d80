import type { WorkerOptions } from '@temporalio/worker';
import type { AppConfig } from '../config/app-config';

/** The worker's bounds from the configuration; what is left unset keeps the SDK's default. */
export function workerLimits(
  config: Pick<
    AppConfig,
    'WORKER_MAX_CACHED_WORKFLOWS' | 'WORKER_MAX_CONCURRENT_WORKFLOW_TASKS' | 'WORKER_MAX_CONCURRENT_ACTIVITIES'
  >,
): Pick<
  WorkerOptions,
  'maxCachedWorkflows' | 'maxConcurrentWorkflowTaskExecutions' | 'maxConcurrentActivityTaskExecutions'
> {
  return {
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    ...(config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS !== undefined && {
      maxConcurrentWorkflowTaskExecutions: config.WORKER_MAX_CONCURRENT_WORKFLOW_TASKS,
    }),
    ...(config.WORKER_MAX_CONCURRENT_ACTIVITIES !== undefined && {
      maxConcurrentActivityTaskExecutions: config.WORKER_MAX_CONCURRENT_ACTIVITIES,
    }),
  };
}

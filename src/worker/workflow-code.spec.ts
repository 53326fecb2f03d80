import { legacyQueryGuardOn, workerWorkflowCode } from './workflow-code';

describe(workerWorkflowCode.name, () => {
  it('bundles the workflows with their interceptor modules in a child process', async () => {
    const { workflowBundle } = await workerWorkflowCode({
      WORKER_LEGACY_QUERY_GUARD: true,
      WORKER_MAX_CACHED_WORKFLOWS: 500,
    });
    const code = (workflowBundle as { code: string }).code;
    expect(code).toContain('mandateWorkflow');
    // The legacy-query guard (workflows/interceptors.ts) and the observability interceptors are in the bundle.
    expect(code).toContain('query refused: it arrived with events this worker had not processed');
    expect(code).toContain('observability.interceptors');
  }, 60_000);

  it('leaves the legacy-query guard out when it is switched off', async () => {
    const { workflowBundle } = await workerWorkflowCode({
      WORKER_LEGACY_QUERY_GUARD: false,
      WORKER_MAX_CACHED_WORKFLOWS: 500,
    });
    const code = (workflowBundle as { code: string }).code;
    expect(code).toContain('mandateWorkflow');
    expect(code).not.toContain('query refused: it arrived with events this worker had not processed');
  }, 60_000);
});

describe(legacyQueryGuardOn.name, () => {
  it('guards a worker that caches runs, and only when asked to', () => {
    expect(legacyQueryGuardOn({ WORKER_LEGACY_QUERY_GUARD: true, WORKER_MAX_CACHED_WORKFLOWS: 500 })).toBe(true);
    expect(legacyQueryGuardOn({ WORKER_LEGACY_QUERY_GUARD: false, WORKER_MAX_CACHED_WORKFLOWS: 500 })).toBe(false);
    // No cache, nothing to diverge: the guard would only refuse queries that meet a pending task.
    expect(legacyQueryGuardOn({ WORKER_LEGACY_QUERY_GUARD: true, WORKER_MAX_CACHED_WORKFLOWS: 0 })).toBe(false);
  });
});

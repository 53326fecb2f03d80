import { workerWorkflowCode } from './workflow-code';

describe(workerWorkflowCode.name, () => {
  it('bundles the workflows with their interceptor modules in a child process', async () => {
    const { workflowBundle } = await workerWorkflowCode(true);
    const code = (workflowBundle as { code: string }).code;
    expect(code).toContain('mandateWorkflow');
    // The legacy-query guard (workflows/interceptors.ts) and the observability interceptors are in the bundle.
    expect(code).toContain('query refused: it arrived with events this worker had not processed');
    expect(code).toContain('observability.interceptors');
  }, 60_000);

  it('leaves the legacy-query guard out when it is switched off', async () => {
    const { workflowBundle } = await workerWorkflowCode(false);
    const code = (workflowBundle as { code: string }).code;
    expect(code).toContain('mandateWorkflow');
    expect(code).not.toContain('query refused: it arrived with events this worker had not processed');
  }, 60_000);
});

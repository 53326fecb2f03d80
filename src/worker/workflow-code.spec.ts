import { withWorkflowsBundledApart } from './workflow-code';

describe(withWorkflowsBundledApart.name, () => {
  it('bundles the workflows with their interceptor modules in a child process, keeping every other option', async () => {
    const activity = [() => ({})];
    const options = await withWorkflowsBundledApart({
      taskQueue: 'mandates',
      workflowsPath: require.resolve('../../workflows'),
      interceptors: { workflowModules: [require.resolve('../../workflows/interceptors')], activity },
      maxCachedWorkflows: 5,
    });
    expect(options).toMatchObject({ taskQueue: 'mandates', maxCachedWorkflows: 5 });
    expect(options.workflowsPath).toBeUndefined();
    // The SDK takes workflow interceptors from the bundle and ignores (with a warning) any listed beside it.
    expect(options.interceptors).toEqual({ workflowModules: [], activity });
    const code = (options.workflowBundle as { code: string }).code;
    expect(code).toContain('mandateWorkflow');
    expect(code).toContain('query refused: it arrived with events this worker had not processed');
  }, 60_000);

  it('leaves options without a workflowsPath as they are', async () => {
    const options = { taskQueue: 'mandates', workflowBundle: { code: 'bundled' } };
    await expect(withWorkflowsBundledApart(options)).resolves.toBe(options);
  });
});

import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type {
  ArchiveRunInput,
  DeliverNotificationInput,
  MandateActivities,
  ProjectMandateInput,
  RecordCounterpartLinkInput,
} from '../../activities';
import { timeSkippingServerExecutable } from '../../src/embedded/server-binaries';
import { mandateWorkflow } from '../../workflows';
import { type MandateWorkflowInput, mandateWorkflowId } from '../../workflows/mandate/contract';
import type { NotificationDelivery } from '../../workflows/mandate/lifecycle';
import { aRegistration } from '../../workflows/mandate/lifecycle.builders';
import { describeFailures, replayRuns, startEvent, workflowBundle, type WorkflowRun } from './replay';

export function startTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: timeSkippingServerExecutable() } });
}

/** A command's meta as the API sends it: the secretariat, a request id of its own. */
export const commandMeta = () => ({ actor: 'secretariat.dps', requestId: randomUUID() });

/** Starts a mandate's workflow as a peer client would (a registration in its input, no update). */
export function startMandate(
  env: TestWorkflowEnvironment,
  taskQueue: string,
  input: Partial<MandateWorkflowInput> = {},
) {
  return env.client.workflow.start(mandateWorkflow, {
    taskQueue,
    workflowId: mandateWorkflowId(`v3-${randomUUID()}`),
    args: [{ registration: aRegistration(), meta: commandMeta(), ...input }],
  });
}

/** What the workflow asked of its activities, as a worker with recording activities saw it. */
export interface ActivityCalls {
  projections: ProjectMandateInput[];
  deliveries: (DeliverNotificationInput & { at: string })[];
  archivedRuns: ArchiveRunInput[];
  counterparts: RecordCounterpartLinkInput[];
}

/** WORKER_MAX_CACHED_WORKFLOWS, as the worker process reads it: 0 makes every workflow task replay the history. */
export function maxCachedWorkflowsFromEnv(): number | undefined {
  const value = process.env.WORKER_MAX_CACHED_WORKFLOWS;
  return value === undefined || value === '' ? undefined : Number(value);
}

async function terminateIfRunning(client: Client, workflowId: string): Promise<void> {
  const handle = client.workflow.getHandle(workflowId);
  for (let waited = 0; waited < 30_000; waited += 100) {
    const { status, raw } = await handle.describe();
    if (status.name !== 'RUNNING') return;
    if ((raw.pendingActivities ?? []).length === 0 && !raw.pendingWorkflowTask) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await handle.terminate('the test is over');
}

/** Every run of the workflow, the latest first, following continue-as-new back to the first. */
async function runsOf(client: Client, workflowId: string): Promise<WorkflowRun[]> {
  const runs: WorkflowRun[] = [];
  let runId: string | undefined = (await client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    runs.push({ workflowId, runId });
    const start = await startEvent(client, { workflowId, runId });
    runId = start?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId || undefined;
  }
  return runs;
}

/**
 * Runs `test` against a worker on its own task queue whose activities record their calls (the workflow tier
 * tests the workflow; the integration tier runs the real activities). Deliveries "send" by e-mail at once.
 * Afterwards every history the test wrote (each workflow that called an activity, every run) goes through the
 * replayer, and one that does not replay fails the test.
 */
export async function withRecordingWorker(
  env: TestWorkflowEnvironment,
  test: (calls: ActivityCalls, taskQueue: string) => Promise<void>,
  /** Activities that behave otherwise (fail, hang); they are called after the call is recorded. */
  behaviour: Partial<MandateActivities> = {},
): Promise<void> {
  const taskQueue = `mandates-${randomUUID()}`;
  const calls: ActivityCalls = { projections: [], deliveries: [], archivedRuns: [], counterparts: [] };
  const workflowIds = new Set<string>();
  const activities: MandateActivities = {
    projectMandate: (input) => {
      const workflowId = Context.current().info.workflowExecution?.workflowId;
      if (workflowId) workflowIds.add(workflowId);
      calls.projections.push(input);
      return behaviour.projectMandate?.(input) ?? Promise.resolve();
    },
    deliverNotification: async (input): Promise<NotificationDelivery[]> => {
      const at = new Date(await env.currentTimeMs()).toISOString();
      calls.deliveries.push({ ...input, at });
      return [
        { key: input.notification.key, channel: 'email', address: `${input.notification.to}@example.org`, sentAt: at },
      ];
    },
    recordCounterpartLink: (input) => {
      calls.counterparts.push(input);
      return behaviour.recordCounterpartLink?.(input) ?? Promise.resolve();
    },
    archiveRun: (input) => {
      calls.archivedRuns.push(input);
      return Promise.resolve('archived');
    },
  };
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities,
    maxCachedWorkflows: maxCachedWorkflowsFromEnv(),
  });
  await worker.runUntil(async () => {
    await test(calls, taskQueue);
    // Nothing of this test may stay in flight on the test server, which the file's other tests share: the time-skipping
    // server keeps an activity that was pending when its workflow closed (terminated, continued as new) and never
    // skips time again (the next test's env.sleep hung until the jest timeout, now and then). So each workflow's
    // activities finish while this worker still runs, and then it is terminated.
    await Promise.all([...workflowIds].map((id) => terminateIfRunning(env.client, id)));
  });
  const runs = (await Promise.all([...workflowIds].map((id) => runsOf(env.client, id)))).flat();
  const { failures } = await replayRuns(env.client, runs);
  if (failures.length > 0) {
    throw new Error(`${failures.length} of ${runs.length} histories do not replay:\n${describeFailures(failures)}`);
  }
}

import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { randomUUID } from 'node:crypto';
import type {
  ArchiveRunInput,
  DeliverNotificationInput,
  MandateActivities,
  ProjectMandateInput,
} from '../../activities';
import { timeSkippingServerExecutable } from '../../src/embedded/server-binaries';
import type { NotificationDelivery } from '../../workflows/mandate/lifecycle';

export function startTimeSkippingEnvironment(): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createTimeSkipping({ server: { executable: timeSkippingServerExecutable() } });
}

/** What the workflow asked of its activities, as a worker with recording activities saw it. */
export interface ActivityCalls {
  projections: ProjectMandateInput[];
  deliveries: (DeliverNotificationInput & { at: string })[];
  archivedRuns: ArchiveRunInput[];
}

/**
 * Runs `test` against a worker on its own task queue whose activities record their calls (the workflow tier
 * tests the workflow; the integration tier runs the real activities). Deliveries "send" by e-mail at once.
 */
export async function withRecordingWorker(
  env: TestWorkflowEnvironment,
  test: (calls: ActivityCalls, taskQueue: string) => Promise<void>,
  /** Activities that behave otherwise (fail, hang); they are called after the call is recorded. */
  behaviour: Partial<MandateActivities> = {},
): Promise<void> {
  const taskQueue = `mandates-${randomUUID()}`;
  const calls: ActivityCalls = { projections: [], deliveries: [], archivedRuns: [] };
  const activities: MandateActivities = {
    projectMandate: (input) => {
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
    archiveRun: (input) => {
      calls.archivedRuns.push(input);
      return Promise.resolve('archived');
    },
  };
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowsPath: require.resolve('../../workflows'),
    interceptors: { workflowModules: [require.resolve('../../workflows/interceptors')] },
    activities,
  });
  await worker.runUntil(test(calls, taskQueue));
}

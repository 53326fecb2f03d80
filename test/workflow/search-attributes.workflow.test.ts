import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { assignUpdate, MANDATE_SEARCH_ATTRIBUTES, stateQuery } from '../../workflows/mandate/contract';
import { addDays } from '../../workflows/mandate/deadlines';
import { aRegistration } from '../../workflows/mandate/lifecycle.builders';
import { commandMeta, startMandate, startTimeSkippingEnvironment, withRecordingWorker } from '../support/time-skipping';

// A server of its own. After the lineage scenario of design-v3.workflow.test.ts (links, a closure naming its
// successor, their counterparts), the time-skipping server sometimes never skipped time again, and this test's
// env.sleep hung until the jest timeout (1 run in 3 without the worker cache), although the workflows of that
// test were idle and terminated. Alone on a server it passed every time.
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startTimeSkippingEnvironment();
});

afterAll(async () => {
  await env?.teardown();
});

const meta = commandMeta;
const OFFICER = { dependency: 'Department of Public Security', officer: 'ana', officerEmail: 'ana@example.org' };
const start = (taskQueue: string, input: Parameters<typeof startMandate>[2] = {}) =>
  startMandate(env, taskQueue, input);

describe('search attributes on the time-skipping server', () => {
  it('are kept up to date when the namespace declares them', async () => {
    await env.connection.operatorService.addSearchAttributes({
      namespace: 'default',
      searchAttributes: Object.fromEntries(
        Object.values(MANDATE_SEARCH_ATTRIBUTES).map((key) => [
          key.name,
          encodeSearchAttributeIndexedValueType(key.type)!,
        ]),
      ),
    });
    await withRecordingWorker(env, async (_, taskQueue) => {
      const today = new Date(await env.currentTimeMs()).toISOString().slice(0, 10);
      const dueOn = addDays(today, 3);
      const handle = await start(taskQueue, {
        searchAttributes: true,
        registration: aRegistration({ reportingSchedule: { kind: 'once', dueOn } }),
      });
      await handle.executeUpdate(assignUpdate, {
        args: [{ meta: meta(), command: { assignee: { ...OFFICER, dependencyId: 'DPS' } } }],
      });
      expect((await handle.describe()).searchAttributes).toMatchObject({
        MandateStatus: ['assigned'],
        MandateBody: ['GENERAL_ASSEMBLY'],
        MandateDependency: ['DPS'],
        MandateNextDueOn: [new Date(`${dueOn}T00:00:00.000Z`)],
        MandateOverdue: [false],
      });
      // The day after the due date begins, the mandate is overdue: its own clock says so.
      await env.sleep(4 * 86_400_000);
      await handle.query(stateQuery);
      expect((await handle.describe()).searchAttributes).toMatchObject({ MandateOverdue: [true] });
      await handle.terminate();
    });
  });
});

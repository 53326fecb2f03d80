import { WorkflowFailedError, WorkflowUpdateFailedError } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import {
  assignUpdate,
  closeUpdate,
  INVALID_MANDATE_COMMAND,
  linkUpdate,
  type MandateWorkflowInput,
  recordFollowUpUpdate,
  stateQuery,
} from '../../workflows/mandate/contract';
import { aRegistration } from '../../workflows/mandate/lifecycle.builders';
import { commandMeta, startMandate, startTimeSkippingEnvironment, withRecordingWorker } from '../support/time-skipping';

let env: TestWorkflowEnvironment;

beforeAll(async () => {
  env = await startTimeSkippingEnvironment();
});

afterAll(async () => {
  await env?.teardown();
});

const meta = commandMeta;
const OFFICER = { dependency: 'Department of Public Security', officer: 'ana', officerEmail: 'ana@example.org' };

const start = (taskQueue: string, input: Partial<MandateWorkflowInput> = {}) => startMandate(env, taskQueue, input);

describe('mandate workflow, design v3', () => {
  it('refuses what a peer client sends wrong, writing nothing', async () => {
    await withRecordingWorker(env, async (_, taskQueue) => {
      const handle = await start(taskQueue);
      const send = (input: unknown) => handle.executeUpdate(assignUpdate, { args: [input as never] });
      const refusals: [string, unknown, string][] = [
        ['no actor', { meta: { requestId: 'r1' }, command: { assignee: OFFICER } }, 'meta.actor'],
        ['an empty actor', { meta: { actor: '', requestId: 'r2' }, command: { assignee: OFFICER } }, 'meta.actor'],
        ['no meta', { command: { assignee: OFFICER } }, 'meta'],
        [
          'an extra field inside assignee',
          { meta: meta(), command: { assignee: { ...OFFICER, role: 'admin' } } },
          'assignee.role',
        ],
        [
          'an officer on two lines',
          { meta: meta(), command: { assignee: { ...OFFICER, officer: 'a\nb' } } },
          'officer',
        ],
      ];
      for (const [, input, field] of refusals) {
        const refused = send(input);
        await expect(refused).rejects.toThrow(WorkflowUpdateFailedError);
        await expect(refused).rejects.toMatchObject({ cause: { type: INVALID_MANDATE_COMMAND, details: [{ field }] } });
      }
      const kind = handle.executeUpdate(recordFollowUpUpdate, {
        args: [{ meta: meta(), command: { kind: 'not-a-kind' as 'meeting', summary: 's', date: '2024-03-02' } }],
      });
      await expect(kind).rejects.toMatchObject({ cause: { details: [{ field: 'kind' }] } });
      const history = await handle.fetchHistory();
      expect((history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)).toHaveLength(0);
      await expect(handle.query(stateQuery)).resolves.toMatchObject({ status: 'registered', lastSequence: 1 });
      await handle.terminate();
    });
  });

  it('sends the other side of a link, and of a closure that names its successor, to the other mandate', async () => {
    await withRecordingWorker(env, async (calls, taskQueue) => {
      const handle = await start(taskQueue);
      const { mandateId } = await handle.query(stateQuery);
      const linked = await handle.executeUpdate(linkUpdate, {
        args: [
          {
            meta: meta(),
            command: { relation: 'renewed_by', otherMandateId: 'ag-res-2880-xlvi-o-16-p5', reason: 'Renewed' },
          },
        ],
      });
      const linkId = `${mandateId}#2`;
      expect(linked.events).toMatchObject([{ type: 'MandateLinked', data: { linkId, relation: 'renewed_by' } }]);
      await handle.executeUpdate(closeUpdate, {
        args: [
          {
            meta: meta(),
            command: {
              outcome: 'superseded',
              reason: 'Superseded by the 2016 resolution',
              successorMandateId: 'ag-res-2880-xlvi-o-16-p5',
            },
          },
        ],
      });
      for (let i = 0; i < 50 && calls.counterparts.length < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect(calls.counterparts).toEqual([
        {
          targetMandateId: 'ag-res-2880-xlvi-o-16-p5',
          link: { linkId, relation: 'renews', otherMandateId: mandateId, reason: 'Renewed' },
          meta: { actor: 'secretariat.dps' },
        },
        {
          targetMandateId: 'ag-res-2880-xlvi-o-16-p5',
          link: {
            linkId: `${mandateId}#3`,
            relation: 'supersedes',
            otherMandateId: mandateId,
            reason: 'Superseded by the 2016 resolution',
          },
          meta: { actor: 'secretariat.dps' },
        },
      ]);
      // Sent once each: a counterpart that went through is not sent again.
      await handle.executeUpdate(linkUpdate, {
        args: [
          { meta: meta(), command: { relation: 'merges', otherMandateId: 'cp-res-908-1567-06-p1', reason: 'Merged' } },
        ],
      });
      for (let i = 0; i < 50 && calls.counterparts.length < 3; i++) await new Promise((r) => setTimeout(r, 100));
      expect(calls.counterparts.map((c) => c.link.relation)).toEqual(['renews', 'supersedes', 'merged_into']);
    });
  });

  it('fails a workflow started with a registration that is not well-formed, recording no event', async () => {
    await withRecordingWorker(env, async (calls, taskQueue) => {
      const handle = await start(taskQueue, { registration: aRegistration({ title: 'Title\nInjected' }) });
      await expect(handle.result()).rejects.toThrow(WorkflowFailedError);
      await expect(handle.result()).rejects.toMatchObject({
        cause: { type: INVALID_MANDATE_COMMAND, details: [{ field: 'title' }] },
      });
      expect(calls.projections).toHaveLength(0);
    });
  });
});

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mandateWorkflowId } from '../../workflows/mandate/contract';
import { devServerExecutable } from '../../src/embedded/server-binaries';
import { startTestStack, type TestStack } from '../support/api';
import { PEOPLE } from '../support/identity-provider';
import { aRegistration, assignment } from '../support/requests';

const run = promisify(execFile);
let SECRETARIAT: { Authorization: string };

let stack: TestStack;

beforeAll(async () => {
  stack = await startTestStack();
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
});

afterAll(async () => {
  await stack?.close();
});

/** `temporal workflow update execute`, as any operator with the Temporal CLI could send it. */
async function peerUpdate(mandateId: string, name: string, input: unknown): Promise<{ ok: boolean; output: string }> {
  const cli = devServerExecutable();
  if (cli.type !== 'existing-path') throw new Error('the integration tier needs a Temporal CLI');
  try {
    const { stdout, stderr } = await run(cli.path, [
      'workflow',
      'update',
      'execute',
      '--address',
      stack.env.TEMPORAL_ADDRESS,
      '--workflow-id',
      mandateWorkflowId(mandateId),
      '--name',
      name,
      '--input',
      JSON.stringify(input),
    ]);
    return { ok: true, output: stdout + stderr };
  } catch (err) {
    const { stdout, stderr } = err as { stdout: string; stderr: string };
    return { ok: false, output: stdout + stderr };
  }
}

/** Updates accepted after the registration (which came with the workflow's start). */
async function acceptedUpdates(mandateId: string): Promise<number> {
  const history = await stack.temporal.workflow.getHandle(mandateWorkflowId(mandateId)).fetchHistory();
  return (history.events ?? []).filter(
    (e) =>
      e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name !== undefined &&
      e.workflowExecutionUpdateAcceptedEventAttributes.acceptedRequest.input.name !== 'register',
  ).length;
}

describe('a peer Temporal client (the CLI) sending updates past the API', () => {
  it('is refused, and writes nothing, when its input is bad or names no actor', async () => {
    const id = (await stack.http().post('/mandates').set(SECRETARIAT).send(aRegistration()).expect(201)).body
      .id as string;
    const assignee = { dependency: assignment.dependency, officer: assignment.officer };
    const refused: [string, unknown, RegExp][] = [
      ['no actor', { meta: { requestId: 'peer-1' }, command: { assignee } }, /meta\.actor is required/],
      ['an empty actor', { meta: { actor: '', requestId: 'peer-2' }, command: { assignee } }, /meta\.actor must/],
      ['no meta', { command: { assignee } }, /meta is required/],
      [
        'an extra field inside assignee',
        { meta: { actor: 'peer', requestId: 'peer-3' }, command: { assignee: { ...assignee, clearance: 'top' } } },
        /assignee\.clearance is not a known field/,
      ],
    ];
    for (const [what, input, message] of refused) {
      const result = await peerUpdate(id, 'assign', input);
      expect({ what, ok: result.ok }).toEqual({ what, ok: false });
      expect(result.output).toMatch(message);
    }
    const kind = await peerUpdate(id, 'recordFollowUp', {
      meta: { actor: 'peer', requestId: 'peer-4' },
      command: { kind: 'not-a-kind', summary: 'Meeting', date: '2024-03-02' },
    });
    expect(kind.ok).toBe(false);
    expect(kind.output).toMatch(/kind must be one of/);
    expect(await acceptedUpdates(id)).toBe(0);
    const state = (await stack.http().get(`/mandates/${id}?consistency=strong`).expect(200)).body as {
      lastSequence: number;
    };
    expect(state.lastSequence).toBe(1);

    // A well-formed one is a command like any other (so the Temporal frontend must be closed to all but the API and
    // the workers: see the README, "Deploying").
    const good = await peerUpdate(id, 'assign', {
      meta: { actor: 'peer.operator', requestId: 'peer-5' },
      command: { assignee },
    });
    expect(good).toMatchObject({ ok: true });
    expect(await acceptedUpdates(id)).toBe(1);
  });
});

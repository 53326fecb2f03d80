import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { devServerExecutable } from '../../src/embedded/server-binaries';
import { mandateWorkflowId } from '../../workflows/mandate/contract';
import { eventually, startTestStack, type TestStack } from '../support/api';
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

/** `temporal workflow list --query …`, as an operator runs it; the workflow ids it prints. */
async function list(query: string): Promise<string[]> {
  const cli = devServerExecutable();
  if (cli.type !== 'existing-path') throw new Error('the integration tier needs a Temporal CLI');
  const { stdout } = await run(cli.path, [
    'workflow',
    'list',
    '--address',
    stack.env.TEMPORAL_ADDRESS,
    '--query',
    `${query} AND TaskQueue='${stack.env.TEMPORAL_TASK_QUEUE}'`,
    '--output',
    'json',
  ]);
  const text = stdout.trim();
  if (!text) return [];
  // A JSON array, or one JSON object per line (JSON Lines), depending on the CLI's version.
  const rows = (
    text.startsWith('[') ? JSON.parse(text) : text.split('\n').map((line): unknown => JSON.parse(line))
  ) as {
    execution?: { workflowId: string };
  }[];
  return rows.map((row) => row.execution?.workflowId ?? '');
}

describe('the mandates search attributes', () => {
  it('let temporal workflow list filter mandates by status, body and dependency', async () => {
    const register = async () =>
      (await stack.http().post('/mandates').set(SECRETARIAT).send(aRegistration()).expect(201)).body.id as string;
    const open = await register();
    const closed = await register();
    await stack
      .http()
      .post(`/mandates/${open}/assignment`)
      .set(SECRETARIAT)
      .send({ ...assignment, dependencyId: 'DPS' })
      .expect(200);
    await stack
      .http()
      .post(`/mandates/${closed}/closure`)
      .set(SECRETARIAT)
      .send({ outcome: 'procedural', reason: 'A procedural paragraph' })
      .expect(200);
    await eventually(async () => {
      const closedOnes = await list(`MandateStatus='closed'`);
      expect(closedOnes).toContain(mandateWorkflowId(closed));
      expect(closedOnes).not.toContain(mandateWorkflowId(open));
      expect(await list(`MandateDependency='DPS' AND MandateBody='GENERAL_ASSEMBLY'`)).toEqual([
        mandateWorkflowId(open),
      ]);
      expect(await list(`MandateOverdue=false AND MandateStatus='assigned'`)).toEqual([mandateWorkflowId(open)]);
    }, 30_000);
  });
});

/**
 * A read of the workflow (the events, or `consistency=strong`) sent right after a command, while the command's
 * projection completes: the query may reach a worker with that completion in its history and no workflow task run
 * for it yet. With the worker cache off every query is answered from a run built for it and dropped after it, so
 * nothing needs refusing (src/worker/workflow-code.ts, `legacyQueryGuardOn`); with the cache on the query goes to
 * the worker holding the run, which takes it before the completion lands. Either way the reader gets the mandate,
 * not a 503: nothing is wrong and no worker is down.
 */
import { startTestStack, type TestStack } from '../support/api';
import { PEOPLE } from '../support/identity-provider';
import { sleep } from '../support/pending-task';
import { aRegistration, assignment, followUp } from '../support/requests';

let stack: TestStack;
let SECRETARIAT: { Authorization: string };
let OFFICER: { Authorization: string };

beforeAll(async () => {
  stack = await startTestStack();
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  OFFICER = await stack.as(PEOPLE.officer);
});

afterAll(async () => {
  await stack?.close();
});

const MANDATES = 20;
const READS_PER_COMMAND = 6;

/** Reads of the workflow every few milliseconds after a command, while its projection runs; their statuses. */
async function readWhileProjecting(id: string, as: { Authorization: string }): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < READS_PER_COMMAND; i++) {
    const path = i % 2 === 0 ? `/mandates/${id}/events` : `/mandates/${id}?consistency=strong`;
    statuses.push((await stack.http().get(path).set(as)).status);
    await sleep(5 + 5 * i);
  }
  return statuses;
}

it('answers reads of the workflow sent while a command is being projected, never 503', async () => {
  const refused: string[] = [];
  for (let n = 0; n < MANDATES; n++) {
    const id = (await stack.http().post('/mandates').set(SECRETARIAT).send(aRegistration()).expect(201)).body
      .id as string;
    await stack.http().post(`/mandates/${id}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
    const afterAssignment = await readWhileProjecting(id, SECRETARIAT);
    // The officer's command is also where the scope check may ask the workflow (the row may not show the assignment).
    await stack.http().post(`/mandates/${id}/follow-ups`).set(OFFICER).send(followUp).expect(200);
    const afterFollowUp = await readWhileProjecting(id, OFFICER);
    for (const status of [...afterAssignment, ...afterFollowUp]) if (status !== 200) refused.push(`${id}: ${status}`);
  }
  expect(refused).toEqual([]);
}, 120_000);

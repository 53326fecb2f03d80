/**
 * The floor of the command benchmark: a workflow that does nothing but answer an update (no validator, no state, no
 * activity), and one that answers it right after its start. What Temporal itself costs per command on this machine.
 */
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const TRIVIAL_TASK_QUEUE = 'bench-trivial';
export const noopUpdate = defineUpdate<{ n: number }, [unknown]>('noop');

export async function trivialWorkflow(): Promise<void> {
  let n = 0;
  setHandler(noopUpdate, () => ({ n: ++n }));
  await condition(() => false);
}

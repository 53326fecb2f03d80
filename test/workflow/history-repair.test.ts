import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryJson } from '../../src/audit/history-events';
import { historyBefore, planRepair, replayVerdict } from '../../src/operations/history-repair';

const broken = (file: string) =>
  JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'histories-broken', file), 'utf8')) as HistoryJson;

describe(planRepair.name, () => {
  it.each([
    ['nde-update-after-wft-timeout.json', 36, 'Activity machine does not handle this event', 34],
    ['nde-kill9-drill.json', 49, 'Activity machine does not handle this event', 47],
    ['nde-patch-marker-after-wft-timeout.json', 59, 'Continue as new workflow machine does not handle this event', 57],
  ])(
    'plans the repair of the captured %s: reset to the task before the divergence',
    async (file, failedAt, why, resetTo) => {
      const history = broken(file);
      const plan = await planRepair(history);
      expect(plan).toMatchObject({ replays: false, failedAt, resetToEventId: resetTo });
      expect(plan.divergence).toContain(why);
      // What a reset run starts from replays with the current code; the task reset to is run again by it.
      await expect(replayVerdict(historyBefore(history, resetTo))).resolves.toEqual({ replays: true });
      expect(history.events.find((e) => Number(e.eventId) === resetTo)?.eventType).toBe(
        'EVENT_TYPE_WORKFLOW_TASK_COMPLETED',
      );
    },
  );

  it('has nothing to repair in a history that replays', async () => {
    const history = JSON.parse(
      readFileSync(join(__dirname, '..', 'fixtures', 'histories', 'v2', 'lifecycle.json'), 'utf8'),
    ) as HistoryJson;
    await expect(planRepair(history)).resolves.toEqual({ replays: true });
  });
});

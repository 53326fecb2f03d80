import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workflowBundle } from '../../src/audit/workflow-bundle';

/** The replay corpus: histories recorded with earlier versions of the workflow code (scripts/record-histories.ts). */
const root = join(__dirname, '..', 'fixtures', 'histories');
const corpus = readdirSync(root)
  .sort()
  .flatMap((version) =>
    readdirSync(join(root, version))
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((file) => ({ version, file, path: join(root, version, file) })),
  );

describe('the replay corpus', () => {
  it('holds histories for every recorded workflow version', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(2);
  });

  it.each(corpus)('$version/$file replays deterministically against the current workflow code', async ({ path }) => {
    const history = historyFromJSON(JSON.parse(readFileSync(path, 'utf8')));
    // One bundle of the workflow code for every history, as the audit replays use it.
    await expect(Worker.runReplayHistory({ workflowBundle: await workflowBundle() }, history)).resolves.toBeUndefined();
  });
});

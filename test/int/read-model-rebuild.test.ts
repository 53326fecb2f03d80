import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PEOPLE } from '../support/identity-provider';
import { eventually } from '../support/api';
import { type IsolatedStack, startIsolatedStack } from '../support/isolated';
import { progressReport } from '../support/requests';

const SAMPLE = readFileSync(join(__dirname, '..', 'fixtures', 'oas-mandates.json'), 'utf8');
const REBUILD_CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli', 'rebuild.js');

let stack: IsolatedStack;
let ADMINISTRATOR: { Authorization: string };
let OFFICER: { Authorization: string };
let SECRETARIAT: { Authorization: string };

beforeAll(async () => {
  stack = await startIsolatedStack();
  ADMINISTRATOR = await stack.as(PEOPLE.administrator);
  OFFICER = await stack.as(PEOPLE.officer);
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  const imported = await stack
    .http()
    .post('/imports')
    .query({ mode: 'commit' })
    .set({ ...SECRETARIAT, 'Content-Type': 'application/json' })
    .send(SAMPLE)
    .expect(200);
  expect(imported.body.summary.counts.registered).toBe(30);
  // Some lifecycle on two of them: assignments, a report accepted (a reporting cycle), a follow-up.
  const due = new Date(Date.now() + 40 * 86_400_000).toISOString().slice(0, 10);
  for (const id of ['ag-res-2461-xxxix-o-09-u2', 'cp-res-889-1503-05-rev-2-p1']) {
    await stack
      .http()
      .post(`/mandates/${id}/reporting-schedule`)
      .set(SECRETARIAT)
      .send({ schedule: { kind: 'once', dueOn: due }, reason: 'Report to the next regular session' })
      .expect(200);
    await stack
      .http()
      .post(`/mandates/${id}/assignment`)
      .set(SECRETARIAT)
      .send({ dependency: 'Department of Public Security', dependencyId: 'DPS', officer: 'maria.gonzalez' })
      .expect(200);
  }
  await stack
    .http()
    .post('/mandates/ag-res-2461-xxxix-o-09-u2/progress-reports')
    .set(OFFICER)
    .send(progressReport)
    .expect(200);
  await stack
    .http()
    .post('/mandates/ag-res-2461-xxxix-o-09-u2/progress-reports/R1/review')
    .set(SECRETARIAT)
    .send({ decision: 'accepted' })
    .expect(200);
  await eventually(async () => {
    const [{ n }] = await stack.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM reporting_cycles`);
    expect(Number(n)).toBe(1);
    const [{ count }] = await stack.db.query<{ count: string }[]>(`SELECT count(*) AS count FROM mandates`);
    expect(Number(count)).toBe(30);
  }, 60_000);
});

afterAll(async () => {
  await stack?.close();
});

/** The read model's projections, row by row, in a fixed order. */
async function snapshot() {
  return {
    mandates: await stack.db.query(`SELECT * FROM mandates ORDER BY id`),
    events: await stack.db.query(`SELECT * FROM mandate_events ORDER BY mandate_id, sequence`),
    cycles: await stack.db.query(`SELECT * FROM reporting_cycles ORDER BY mandate_id, sequence`),
  };
}

async function job(path: string): Promise<{ state: string; report?: Record<string, unknown>; error?: string }> {
  return eventually(async () => {
    const res = await stack.http().get(path).set(ADMINISTRATOR).expect(200);
    expect(res.body.state).not.toBe('running');
    return res.body as { state: string; report?: Record<string, unknown> };
  }, 120_000);
}

function cli(...args: string[]) {
  return spawnSync(process.execPath, [REBUILD_CLI, ...args], {
    env: { ...process.env, ...stack.env, LOG_LEVEL: 'error' },
    encoding: 'utf8',
    timeout: 120_000,
  });
}

describe('the read model rebuilt from the histories', () => {
  it('rebuilds emptied tables into exactly what was there, while the API keeps answering', async () => {
    const before = await snapshot();
    expect(before.mandates).toHaveLength(30);
    await stack.db.query(`TRUNCATE mandates, mandate_events, reporting_cycles`);

    const started = await stack.http().post('/admin/read-model/rebuild').set(ADMINISTRATOR).expect(202);
    expect(started.body).toMatchObject({ state: 'running', startedBy: PEOPLE.administrator });
    await stack.http().get('/mandates').expect(200);
    await stack.http().post('/admin/read-model/rebuild').set(ADMINISTRATOR).expect(409);
    const done = await job('/admin/read-model/rebuild');
    expect(done).toMatchObject({ state: 'done', report: { phase: 'done', mandates: 30, projected: 30, failed: [] } });

    expect(await snapshot()).toEqual(before);
    const listed = await stack.http().get('/mandates').query({ q: 'gangs' }).expect(200);
    expect((listed.body.items as unknown[]).length).toBe(3);
  });

  it('rebuilds from the command line too, printing its report', async () => {
    const before = await snapshot();
    const run = cli();
    expect({ status: run.status, stderr: run.status === 0 ? '' : run.stderr }).toEqual({ status: 0, stderr: '' });
    expect(JSON.parse(run.stdout)).toMatchObject({ phase: 'done', mandates: 30, failed: [] });
    expect(await snapshot()).toEqual(before);
  });

  it('finds no drift in a rebuilt read model, then finds a row edited by hand', async () => {
    await stack.http().post('/admin/read-model/drift').set(ADMINISTRATOR).expect(202);
    expect(await job('/admin/read-model/drift')).toMatchObject({ state: 'done', report: { checked: 30, drifted: [] } });

    await stack.db.query(
      `UPDATE mandates SET officer = 'someone.else', state = jsonb_set(state, '{assignee,officer}', '"someone.else"')
       WHERE id = 'cp-res-889-1503-05-rev-2-p1'`,
    );
    await stack.db.query(`DELETE FROM mandates WHERE id = 'ag-res-2876-xlv-o-15-u1'`);
    await stack.http().post('/admin/read-model/drift').set(ADMINISTRATOR).expect(202);
    const found = await job('/admin/read-model/drift');
    expect(found.report?.drifted).toEqual([
      { mandateId: 'ag-res-2876-xlv-o-15-u1', kind: 'missing' },
      {
        mandateId: 'cp-res-889-1503-05-rev-2-p1',
        kind: 'differs',
        fields: [
          { field: 'officer', readModel: 'someone.else', workflow: 'maria.gonzalez' },
          {
            field: 'state.assignee',
            readModel: expect.objectContaining({ officer: 'someone.else' }),
            workflow: expect.objectContaining({ officer: 'maria.gonzalez' }),
          },
        ],
      },
    ]);
    const check = cli('--check');
    expect(check.status).toBe(1);
    expect((JSON.parse(check.stdout) as { drifted: { mandateId: string }[] }).drifted.map((d) => d.mandateId)).toEqual([
      'ag-res-2876-xlv-o-15-u1',
      'cp-res-889-1503-05-rev-2-p1',
    ]);
  });
});

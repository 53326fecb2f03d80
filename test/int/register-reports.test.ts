import { parse } from 'csv-parse/sync';
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { readModelDataSourceOptions } from '../../src/database/read-model';
import { EXPORT_HEADER } from '../../src/exports/register-export';
import { PEOPLE } from '../support/identity-provider';
import { eventually, startTestStack, type TestStack, textOf } from '../support/api';
import { aRegistration, progressReport } from '../support/requests';

let stack: TestStack;
let OFFICER: { Authorization: string };
let SECRETARIAT: { Authorization: string };
let db: DataSource;

/** A word no other test writes: exports and figures here are of this test's mandates (the read model is shared). */
const MARK = `zqreport${randomInt(1e6, 1e7)}`;
const dependency = `Department of Public Security ${MARK}`;
const FORMULA = '=HYPERLINK("http://example.org/x","click")';

function addDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

const ids: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  OFFICER = await stack.as(PEOPLE.officer);
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  db = await new DataSource(readModelDataSourceOptions(stack.env.DATABASE_URL, false)).initialize();
  const registrations = [
    // Reported on time: its cycle is completed by an accepted report before the due date.
    aRegistration({
      title: FORMULA,
      text: `Ayuda técnica, "comillas", comas,\nand a second line. ${MARK}`,
      reportingSchedule: { kind: 'once', dueOn: addDays(30) },
    }),
    // Overdue: its due date is moved back by hand below (time does not pass in a test).
    aRegistration({ text: `Overdue. ${MARK}`, reportingSchedule: { kind: 'once', dueOn: addDays(40) } }),
    // Due within 30 days, not assigned.
    aRegistration({ text: `Due soon. ${MARK}`, reportingSchedule: { kind: 'once', dueOn: addDays(20) } }),
  ];
  for (const registration of registrations) {
    ids.push((await stack.http().post('/mandates').set(SECRETARIAT).send(registration).expect(201)).body.id as string);
  }
  for (const id of ids.slice(0, 2)) {
    await stack
      .http()
      .post(`/mandates/${id}/assignment`)
      .set(SECRETARIAT)
      .send({ dependency, dependencyId: 'DPS', officer: 'maria.gonzalez' })
      .expect(200);
  }
  await stack.http().post(`/mandates/${ids[0]}/progress-reports`).set(OFFICER).send(progressReport).expect(200);
  await stack
    .http()
    .post(`/mandates/${ids[0]}/progress-reports/R1/review`)
    .set(SECRETARIAT)
    .send({ decision: 'accepted' })
    .expect(200);
  await eventually(async () => {
    const cycles = await db.query<unknown[]>(`SELECT 1 FROM reporting_cycles WHERE mandate_id = $1`, [ids[0]]);
    expect(cycles).toHaveLength(1);
    const [other] = await db.query<{ dependency: string }[]>(`SELECT dependency FROM mandates WHERE id = $1`, [ids[1]]);
    expect(other?.dependency).toBe(dependency);
  });
  await db.query(`UPDATE mandates SET next_due_on = $2 WHERE id = $1`, [ids[1], addDays(-3)]);
});

afterAll(async () => {
  await db?.destroy();
  await stack?.close();
});

describe('exports of the register', () => {
  it('streams CSV with the filters: a header, UTF-8 with its mark, formulas neutralised, text intact', async () => {
    const text = await textOf(stack, `/exports/mandates.csv?q=${MARK}&sort=updated`);
    expect(text.startsWith('\uFEFF')).toBe(true);
    const [header, ...rows]: string[][] = parse(text.slice(1));
    expect(header).toEqual([...EXPORT_HEADER]);
    expect(rows.map((r) => r[0]).sort()).toEqual([...ids].sort());
    const first = Object.fromEntries(header.map((h, i) => [h, rows.find((r) => r[0] === ids[0])![i]]));
    expect(first.title).toBe(`'${FORMULA}`);
    expect(first.text).toBe(`Ayuda técnica, "comillas", comas,\nand a second line. ${MARK}`);
    expect(first).toMatchObject({ dependency, dependencyId: 'DPS', adoptedOn: '2014-06-05', status: 'in_follow_up' });
  });

  it('streams JSON Lines with the same rows, values as they are (no spreadsheet reads them)', async () => {
    const text = await textOf(stack, `/exports/mandates.jsonl?q=${MARK}`);
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.id).sort()).toEqual([...ids].sort());
    expect(lines.find((l) => l.id === ids[0])).toMatchObject({ title: FORMULA, adoptionYear: 2014 });
  });

  it('answers 400 naming a bad filter, before writing anything', async () => {
    const res = await stack.http().get('/exports/mandates.csv').query({ status: 'archived' }).expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field: 'status' })]);
  });
});

describe('GET /stats', () => {
  it('counts by status, body and dependency; ages what is overdue; says what falls due; shares on time', async () => {
    const res = await stack.http().get('/stats').query({ q: MARK }).expect(200);
    expect(res.body).toMatchObject({
      total: 3,
      byStatus: { in_follow_up: 1, assigned: 1, registered: 1 },
      byBody: { GENERAL_ASSEMBLY: 3 },
      overdue: { total: 1, ageing: { '0-30': 1, '31-90': 0, '91-365': 0, '>365': 0 } },
      dueWithin: { '30': 1, '90': 1 },
    });
    expect(res.body.byDependency).toEqual(
      expect.arrayContaining([{ dependencyId: 'DPS', dependency, count: 2 }, { count: 1 }]),
    );
    expect(res.body.reportingOnTime).toEqual([
      { dependencyId: 'DPS', dependency, cyclesDue: 2, reportedOnTime: 1, reportedLate: 0, overdueNow: 1, share: 0.5 },
    ]);
  });
});

import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { readModelDataSourceOptions } from '../../src/database/read-model';
import { PEOPLE } from '../support/identity-provider';
import { eventually, startTestStack, type TestStack } from '../support/api';
import { aPermanentCouncilRegistration, aRegistration, followUp } from '../support/requests';

let stack: TestStack;
let OFFICER: { Authorization: string };
let SECRETARIAT: { Authorization: string };
let db: DataSource;

beforeAll(async () => {
  stack = await startTestStack();
  OFFICER = await stack.as(PEOPLE.officer);
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  db = await new DataSource(readModelDataSourceOptions(stack.env.DATABASE_URL, false)).initialize();
});

afterAll(async () => {
  await db?.destroy();
  await stack?.close();
});

function addDays(days: number): string {
  return new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
}

type Summary = { id: string; resolutionSymbol: string; adoptedOn?: string; adoptionYear: number };

/** A word no other test writes: every query here is scoped by it, the read model being shared. */
const MARK = `zqmark${randomInt(1e6, 1e7)}`;
const officer = `officer.${MARK}`;
const area = `area ${MARK}`;

/** An unnumbered paragraph of a resolution of this test's own (the same ordinal twice is the same mandate). */
const GANGS_SYMBOL = `AG/RES. ${randomInt(20_000, 100_000)} (XXXIX-O/09)`;

const records = {
  gangs: aRegistration({
    resolutionSymbol: GANGS_SYMBOL,
    paragraph: undefined,
    ordinal: 2,
    adoptedOn: '2009-06-04',
    title: 'Promotion of Hemispheric Cooperation in Dealing with Criminal Gangs',
    text: `Tells the General Secretariat to draft a reference document against criminal gangs. ${MARK}`,
    area,
    reportingSchedule: { kind: 'once', dueOn: addDays(10) },
  }),
  publicSecurity: aPermanentCouncilRegistration({
    resolutionSymbol: 'CP/RES. 839 (1359/03)',
    adoptedOn: undefined,
    title: 'Seguridad pública en las Américas',
    text: `Encomienda a la Secretaría General apoyar la prevención de las pandillas delictivas. ${MARK}`,
    area,
    reportingSchedule: { kind: 'once', dueOn: addDays(200) },
  }),
  trafficking: aRegistration({
    resolutionSymbol: 'AG/RES. 1948 (XXXIII-O/03)',
    adoptedOn: '2003-06-10',
    title: 'Fighting the Crime of Trafficking in Persons',
    text: `Tells the Secretary General to appoint a coordinator on trafficking in persons. ${MARK}`,
  }),
  prisons: aRegistration({
    resolutionSymbol: 'AG/RES. 1849 (XXXII-O/02)',
    adoptedOn: '2002-06-04',
    title: undefined,
    text: `Takes up the recommendation to hold a meeting on penitentiary policies. ${MARK}`,
  }),
  firearms: aRegistration({
    resolutionSymbol: 'AG/RES. 999 (XIX-O/89)',
    adoptedOn: '1989-11-18',
    title: 'Firearms',
    text: `An old mandate, numbered below a thousand. ${MARK}`,
  }),
};
type Key = keyof typeof records;
const ids = {} as Record<Key, string>;

function list(query: Record<string, string | number | boolean>) {
  return stack.http().get('/mandates').query(query);
}

async function idsOf(query: Record<string, string | number | boolean>): Promise<string[]> {
  const res = await list({ q: MARK, ...query }).expect(200);
  return (res.body.items as Summary[]).map((m) => m.id).sort();
}

const idsFor = (...keys: Key[]) => keys.map((k) => ids[k]).sort();

beforeAll(async () => {
  for (const [key, registration] of Object.entries(records) as [Key, object][]) {
    const res = await stack.http().post('/mandates').set(SECRETARIAT).send(registration).expect(201);
    ids[key] = res.body.id as string;
  }
  for (const key of ['gangs', 'publicSecurity'] as const) {
    await stack
      .http()
      .post(`/mandates/${ids[key]}/assignment`)
      .set(SECRETARIAT)
      .send({ dependency: 'Department of Public Security', dependencyId: 'DPS', officer })
      .expect(200);
  }
  await stack
    .http()
    .post(`/mandates/${ids.gangs}/follow-ups`)
    .set(OFFICER)
    .send({ ...followUp, summary: 'Reunión técnica con los puntos focales nacionales' })
    .expect(200);
  await eventually(async () => expect(await idsOf({ limit: 100 })).toHaveLength(5));
  await eventually(async () => expect(await idsOf({ status: 'in_follow_up' })).toEqual(idsFor('gangs')));
});

describe('searching the register', () => {
  it('finds words in English and Spanish, stemmed, accents ignored, in symbol, title, text and follow-ups', async () => {
    await expect(idsOf({ q: `${MARK} gang` })).resolves.toEqual(idsFor('gangs'));
    await expect(idsOf({ q: `${MARK} pandilla` })).resolves.toEqual(idsFor('publicSecurity'));
    await expect(idsOf({ q: `${MARK} publica americas` })).resolves.toEqual(idsFor('publicSecurity'));
    await expect(idsOf({ q: `${MARK} tecnica` })).resolves.toEqual(idsFor('gangs'));
    await expect(idsOf({ q: `${MARK} "AG/RES. 1948"` })).resolves.toEqual(idsFor('trafficking'));
    await expect(idsOf({ q: `${MARK} trafficking -coordinator` })).resolves.toEqual([]);
  });

  it('ranks by relevance with q, and pages through it', async () => {
    const res = await list({ q: `${MARK} or trafficking`, limit: 1 }).expect(200);
    expect((res.body.items as Summary[])[0].id).toBe(ids.trafficking);
    const next = await list({ q: `${MARK} or trafficking`, limit: 1, cursor: res.body.nextCursor as string });
    expect((next.body.items as Summary[])[0].id).not.toBe(ids.trafficking);
  });

  it('filters by officer, area, resolution, status, body, dependency code and confidence', async () => {
    await expect(idsOf({ officer })).resolves.toEqual(idsFor('gangs', 'publicSecurity'));
    await expect(idsOf({ area })).resolves.toEqual(idsFor('gangs', 'publicSecurity'));
    await expect(idsOf({ resolution: 'AG/RES. 1849 (XXXII-O/02)' })).resolves.toEqual(idsFor('prisons'));
    await expect(idsOf({ status: 'registered' })).resolves.toEqual(idsFor('trafficking', 'prisons', 'firearms'));
    await expect(idsOf({ body: 'PERMANENT_COUNCIL' })).resolves.toEqual(idsFor('publicSecurity'));
    await expect(idsOf({ dependencyId: 'DPS' })).resolves.toEqual(idsFor('gangs', 'publicSecurity'));
    await expect(idsOf({ confidence: 'low' })).resolves.toEqual([]);
  });

  it('filters by adoption date; a mandate whose date is unknown counts by its symbol year', async () => {
    await expect(idsOf({ adoptedFrom: '2003-01-01', adoptedTo: '2009-12-31' })).resolves.toEqual(
      idsFor('gangs', 'publicSecurity', 'trafficking'),
    );
    await expect(idsOf({ adoptedFrom: '2003-06-11', adoptedTo: '2003-12-31' })).resolves.toEqual(
      idsFor('publicSecurity'),
    );
    await expect(idsOf({ adoptedTo: '2002-12-31' })).resolves.toEqual(idsFor('prisons', 'firearms'));
  });

  it('filters by what is due within N days, and by what is overdue', async () => {
    await expect(idsOf({ dueWithin: 30 })).resolves.toEqual(idsFor('gangs'));
    await expect(idsOf({ dueWithin: 365 })).resolves.toEqual(idsFor('gangs', 'publicSecurity'));
    // Time does not pass in a test: the row's due date is moved back by hand (a filter over the read model).
    await db.query(`UPDATE mandates SET next_due_on = $2 WHERE id = $1`, [ids.publicSecurity, addDays(-3)]);
    await expect(idsOf({ overdue: true })).resolves.toEqual(idsFor('publicSecurity'));
    await expect(idsOf({ overdue: false })).resolves.toEqual(idsFor('gangs', 'trafficking', 'prisons', 'firearms'));
  });

  it('sorts by symbol (numbers in order), adoption, due date; walks every page by cursor once', async () => {
    const bySymbol = await list({ q: MARK, sort: 'symbol' }).expect(200);
    expect((bySymbol.body.items as Summary[]).map((m) => m.resolutionSymbol)).toEqual([
      'AG/RES. 999 (XIX-O/89)',
      'AG/RES. 1849 (XXXII-O/02)',
      'AG/RES. 1948 (XXXIII-O/03)',
      GANGS_SYMBOL,
      'CP/RES. 839 (1359/03)',
    ]);
    for (const sort of ['adopted', '-adopted', 'due', '-due', 'updated', '-symbol']) {
      const all = (await list({ q: MARK, sort, limit: 100 }).expect(200)).body.items as Summary[];
      const walked: Summary[] = [];
      let cursor: string | undefined;
      do {
        const page = await list({ q: MARK, sort, limit: 2, ...(cursor && { cursor }) }).expect(200);
        walked.push(...(page.body.items as Summary[]));
        cursor = page.body.nextCursor as string | undefined;
      } while (cursor);
      expect(walked.map((m) => m.id)).toEqual(all.map((m) => m.id));
    }
    const byAdoption = (await list({ q: MARK, sort: 'adopted' }).expect(200)).body.items as Summary[];
    expect(byAdoption.map((m) => m.adoptedOn ?? `${m.adoptionYear}?`)).toEqual([
      '1989-11-18',
      '2002-06-04',
      '2003?',
      '2003-06-10',
      '2009-06-04',
    ]);
  });

  it('gives the first page a total, counts on request, and never counts per page', async () => {
    const first = await list({ q: MARK, limit: 2 }).expect(200);
    expect(first.body).toMatchObject({ total: 5, totalExact: true, limit: 2 });
    const second = await list({ q: MARK, limit: 2, cursor: first.body.nextCursor as string }).expect(200);
    expect(second.body.total).toBeUndefined();
    const count = await stack.http().get('/mandates/count').query({ q: MARK, officer }).expect(200);
    expect(count.body).toEqual({ total: 2 });
  });

  it('shows what a record says: unnumbered ordinal, unknown date by its year, untitled', async () => {
    const res = await list({ q: MARK, limit: 100 }).expect(200);
    const byId = new Map((res.body.items as Record<string, unknown>[]).map((m) => [m.id, m]));
    expect(byId.get(ids.gangs)).toMatchObject({
      ordinal: 2,
      paragraphReference: 'unnumbered paragraph 2',
    });
    expect(byId.get(ids.publicSecurity)).toMatchObject({ adoptionYear: 2003 });
    expect(byId.get(ids.publicSecurity)).not.toHaveProperty('adoptedOn');
    expect(byId.get(ids.prisons)).not.toHaveProperty('title');
  });

  it('answers 400 naming a bad cursor, a cursor of another sort, and relevance without words', async () => {
    const bad = await list({ cursor: 'not-a-cursor' }).expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'cursor' })]);
    const page = await list({ q: MARK, sort: 'symbol', limit: 1 }).expect(200);
    const other = await list({ q: MARK, sort: 'due', cursor: page.body.nextCursor as string }).expect(400);
    expect(other.body.fields).toEqual([expect.objectContaining({ field: 'cursor' })]);
    const relevance = await list({ sort: 'relevance' }).expect(400);
    expect(relevance.body.fields).toEqual([expect.objectContaining({ field: 'sort' })]);
    const filters = await list({ dueWithin: -1, adoptedFrom: '2009-02-30', dependencyId: 'dps' }).expect(400);
    expect((filters.body.fields as { field: string }[]).map((f) => f.field).sort()).toEqual([
      'adoptedFrom',
      'dependencyId',
      'dueWithin',
    ]);
  });
});

import request from 'supertest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PEOPLE } from '../support/identity-provider';
import { eventually } from '../support/api';
import { type IsolatedStack, startIsolatedStack } from '../support/isolated';

// The 30 real OAS mandates of the sample data, as shared/data/oas-mandates.json has them (no edits).
const SAMPLE_PATH = join(__dirname, '..', 'fixtures', 'oas-mandates.json');
const SAMPLE = readFileSync(SAMPLE_PATH, 'utf8');
type Entry = Record<string, string | null>;
const ENTRIES = (JSON.parse(SAMPLE) as { entries: Entry[] }).entries;

type Row = {
  row: number;
  verdict: string;
  mandateId?: string;
  paragraphReference?: string;
  fields?: { field: string; errors: string[] }[];
  differences?: { field: string; registered: unknown; file: unknown }[];
  notes?: string[];
};
type Report = { summary: { rows: number; counts: Record<string, number> }; rows: Row[] };

let stack: IsolatedStack;
let SECRETARIAT: { Authorization: string };

beforeAll(async () => {
  stack = await startIsolatedStack();
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
});

afterAll(async () => {
  await stack?.close();
});

async function importFile(body: string, type: string, mode: 'dry-run' | 'commit'): Promise<Report> {
  const res = await stack
    .http()
    .post('/imports')
    .query({ mode })
    .set({ ...SECRETARIAT, 'Content-Type': type })
    .send(body);
  // The refusal's own words, should there be one.
  expect({ status: res.status, body: res.status === 200 ? undefined : (res.body as unknown) }).toEqual({
    status: 200,
    body: undefined,
  });
  return res.body as Report;
}

const verdicts = (report: Report) => report.rows.map((r) => r.verdict);
const registeredCount = async () =>
  Number((await stack.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM mandates`))[0].n);

/** Entries as CSV with the sample's own column names (quoted; nulls as empty cells). */
function csvOf(entries: Entry[]): string {
  const columns = [
    'resolution',
    'title',
    'body',
    'adopted',
    'paragraph',
    'mandate',
    'responsible',
    'reporting',
    'source',
    'confidence',
    'note',
  ];
  const cell = (v: string | null) => (v === null ? '' : `"${v.replace(/"/g, '""')}"`);
  return [columns.join(','), ...entries.map((e) => columns.map((c) => cell(e[c] ?? null)).join(','))].join('\r\n');
}

describe('importing the register', () => {
  it('says what a commit would do with every row of the sample, registering nothing', async () => {
    const report = await importFile(SAMPLE, 'application/json', 'dry-run');
    expect(report.summary).toMatchObject({ rows: 30, counts: { would_register: 30, invalid: 0 } });
    const byRow = (n: number) => report.rows[n - 1];
    // "4 and 5": one mandate over both paragraphs, keyed 4-5, the wording kept.
    expect(byRow(21)).toMatchObject({ mandateId: 'ag-res-1999-xxxiv-o-04-p4-5', paragraphReference: '§ 4-5' });
    // Numbering restarts in the MISPA section: a paragraph 1 of its own.
    expect(byRow(4)).toMatchObject({ mandateId: 'ag-res-2866-xliv-o-14-s-mispa-p1', paragraphReference: 'MISPA § 1' });
    expect(byRow(1).mandateId).toBe('ag-res-2866-xliv-o-14-p1');
    // Unnumbered paragraphs, numbered in the order the file lists them.
    expect([7, 8, 9].map((n) => byRow(n).mandateId)).toEqual([
      'ag-res-2461-xxxix-o-09-u1',
      'ag-res-2461-xxxix-o-09-u2',
      'ag-res-2461-xxxix-o-09-u3',
    ]);
    // AG/RES. 2444 (XXXIX-O/09) has no date: the session's, from AG/RES. 2461 of the same session.
    expect(byRow(27).notes).toContain(
      'adoptedOn 2009-06-04 derived from a resolution of XXXIX-O/09 in this file (the same session)',
    );
    expect(byRow(13).notes).toContain("adoption date unknown: the year is the symbol's");
    await new Promise((r) => setTimeout(r, 500));
    expect(await registeredCount()).toBe(0);
  });

  it('registers an interrupted import, then all 30 when the whole file runs again; a third run changes nothing', async () => {
    // An import stopped after ten rows: what it registered stays, and running the whole file finishes it.
    const firstTen = JSON.stringify({ entries: ENTRIES.slice(0, 10) });
    expect((await importFile(firstTen, 'application/json', 'commit')).summary.counts.registered).toBe(10);
    const whole = await importFile(SAMPLE, 'application/json', 'commit');
    expect(whole.summary.counts).toMatchObject({ registered: 20, identical: 10, conflict: 0, invalid: 0 });
    expect(verdicts(whole).slice(0, 10)).toEqual(Array(10).fill('identical'));

    await eventually(async () => expect(await registeredCount()).toBe(30), 60_000);
    const again = await importFile(SAMPLE, 'application/json', 'commit');
    expect(again.summary.counts).toMatchObject({ identical: 30, registered: 0 });

    const mandate = await stack.http().get('/mandates/ag-res-2444-xxxix-o-09-u1').expect(200);
    expect(mandate.body).toMatchObject({ adoptedOn: '2009-06-04', adoptedOnBasis: 'session', confidence: 'medium' });
    const undated = await stack.http().get('/mandates/ag-res-1948-xxxiii-o-03-p4').expect(200);
    expect(undated.body).toMatchObject({
      adoptionYear: 2003,
      sourceNote: 'Quoted in the preamble of AG/RES. 2019 (XXXIV-O/04).',
    });
    expect(undated.body.adoptedOn).toBeUndefined();
    const span = await stack.http().get('/mandates/ag-res-1999-xxxiv-o-04-p4-5').expect(200);
    expect(span.body).toMatchObject({ paragraph: '4-5', paragraphLabel: '4 and 5' });
    expect(span.body.title).toBeUndefined();
  });

  it('reads CSV with the documented columns: identical rows, a conflict named by field, an invalid row, a new one', async () => {
    const changed = { ...ENTRIES[1], mandate: 'A different paraphrase of paragraph 2.' };
    const wrongYear = { ...ENTRIES[0], paragraph: '9', adopted: '2015-06-05' };
    const fresh = { ...ENTRIES[0], paragraph: '10', mandate: 'Another paragraph of the resolution.' };
    const csv = csvOf([ENTRIES[0], changed, wrongYear, fresh]);

    const dryRun = await importFile(csv, 'text/csv', 'dry-run');
    expect(verdicts(dryRun)).toEqual(['identical', 'conflict', 'invalid', 'would_register']);
    expect(dryRun.rows[1].differences).toEqual([
      { field: 'text', registered: ENTRIES[1].mandate, file: 'A different paraphrase of paragraph 2.' },
    ]);
    expect(dryRun.rows[2].fields).toEqual([
      { field: 'adoptedOn', errors: ['adoptedOn 2015-06-05 is not in the year of AG/RES. 2866 (XLIV-O/14) (/14)'] },
    ]);

    const commit = await importFile(csv, 'text/csv', 'commit');
    expect(verdicts(commit)).toEqual(['identical', 'conflict', 'invalid', 'registered']);
    // The conflicting row changed nothing: the register keeps what it had.
    const kept = await stack.http().get('/mandates/ag-res-2866-xliv-o-14-p2').expect(200);
    expect(kept.body.text).toBe(ENTRIES[1].mandate);
    await eventually(async () => expect(await registeredCount()).toBe(31));
  });

  it('streams JSON Lines back: a line per row as decided, progress, and a summary last', async () => {
    const lines = ENTRIES.slice(0, 3)
      .map((e) => JSON.stringify(e))
      .join('\n');
    const res = await stack
      .http()
      .post('/imports')
      .set({ ...SECRETARIAT, 'Content-Type': 'application/x-ndjson', Accept: 'application/x-ndjson' })
      .send(lines)
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.on('data', (chunk: Buffer) => (text += chunk.toString()));
        r.on('end', () => done(null, text));
      })
      .expect(200)
      .expect('Content-Type', /application\/x-ndjson/);
    const events = (res.body as string)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string; verdict?: string; bytesRead?: number; bytes?: number });
    expect(events.map((e) => e.type)).toEqual(['row', 'row', 'row', 'progress', 'summary']);
    expect(events.filter((e) => e.type === 'row').map((e) => e.verdict)).toEqual(Array(3).fill('identical'));
    expect(events[3].bytesRead).toBe(events[3].bytes);
  });

  it('refuses a malformed file, an unknown column and another media type, registering nothing', async () => {
    const before = await registeredCount();
    const broken = SAMPLE.slice(0, 5000);
    const malformed = await stack
      .http()
      .post('/imports')
      .query({ mode: 'commit' })
      .set({ ...SECRETARIAT, 'Content-Type': 'application/json' })
      .send(broken)
      .expect(400);
    expect(malformed.body.fields).toEqual([expect.objectContaining({ field: 'body' })]);
    const noEntries = await stack
      .http()
      .post('/imports')
      .set({ ...SECRETARIAT, 'Content-Type': 'application/json' })
      .send('{"mandates": []}')
      .expect(400);
    expect(noEntries.body.message).toContain('entries');
    const unknownColumn = await stack
      .http()
      .post('/imports')
      .query({ mode: 'commit' })
      .set({ ...SECRETARIAT, 'Content-Type': 'text/csv' })
      .send('resolution,paragraf\n"AG/RES. 2866 (XLIV-O/14)",11\n')
      .expect(400);
    expect(unknownColumn.body.message).toContain('paragraf');
    await stack
      .http()
      .post('/imports')
      .set({ ...SECRETARIAT, 'Content-Type': 'application/xml' })
      .send('<mandates/>')
      .expect(415);
    const anonymous = request(stack.app.getHttpServer() as Parameters<typeof request>[0]);
    await anonymous.post('/imports').set('Content-Type', 'text/csv').send('resolution\n').expect(401);
    const officer = await stack.as(PEOPLE.officer);
    const refused = await stack
      .http()
      .post('/imports')
      .set({ ...officer, 'Content-Type': 'text/csv' })
      .send('resolution\n')
      .expect(403);
    expect(refused.body).toMatchObject({ permission: 'mandate:register' });
    await new Promise((r) => setTimeout(r, 500));
    expect(await registeredCount()).toBe(before);
  });
});

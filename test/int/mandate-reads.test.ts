/**
 * Reading a mandate: served from the read model (the row's state and the sequence it reflects), an ETag with
 * If-None-Match → 304, read-your-writes with minSequence (the workflow answers when the row is behind), the workflow
 * on request (consistency=strong) or when there is no row, and the officer's scope on every path.
 */
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApplication } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { readModelDataSourceOptions } from '../../src/database/read-model';
import { eventually, startTestStack, type TestStack } from '../support/api';
import { DatabaseProxy } from '../support/database-proxy';
import { PEOPLE } from '../support/identity-provider';
import { aRegistration, assignment, followUp } from '../support/requests';

let stack: TestStack;
let db: DataSource;
let SECRETARIAT: { Authorization: string };
let OFFICER: { Authorization: string };
let OTHER_OFFICER: { Authorization: string };

beforeAll(async () => {
  stack = await startTestStack();
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  OFFICER = await stack.as(PEOPLE.officer);
  OTHER_OFFICER = await stack.as(PEOPLE.otherOfficer);
  db = await new DataSource(readModelDataSourceOptions(process.env.TEST_DATABASE_URL!, false)).initialize();
});

afterAll(async () => {
  await stack?.close();
  await db?.destroy();
});

const today = () => new Date().toISOString().slice(0, 10);

/** A mandate assigned to the DPS, its row caught up with both events. */
async function assignedMandate(): Promise<string> {
  const id = (await stack.http().post('/mandates').set(SECRETARIAT).send(aRegistration()).expect(201)).body
    .id as string;
  await stack.http().post(`/mandates/${id}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
  await eventually(async () => expect(await rowSequence(id)).toBe(2));
  return id;
}

async function rowSequence(id: string): Promise<number | undefined> {
  const [row] = await db.query<{ last_sequence: number }[]>(`SELECT last_sequence FROM mandates WHERE id = $1`, [id]);
  return row?.last_sequence;
}

/**
 * Runs `check` with the mandate's row set back to its first event and marked (a title the workflow never had), as a
 * projection that has not caught up would leave it; the row is put back afterwards.
 */
async function withRowBehind(id: string, check: () => Promise<void>): Promise<void> {
  const [saved] = await db.query<{ state: object; last_sequence: number }[]>(
    `SELECT state, last_sequence FROM mandates WHERE id = $1`,
    [id],
  );
  await db.query(
    `UPDATE mandates SET last_sequence = 1,
       state = jsonb_set(jsonb_set(state, '{lastSequence}', '1'), '{registration,title}', '"From the read model"')
     WHERE id = $1`,
    [id],
  );
  try {
    await check();
  } finally {
    await db.query(`UPDATE mandates SET state = $2, last_sequence = $3 WHERE id = $1`, [
      id,
      JSON.stringify(saved.state),
      saved.last_sequence,
    ]);
  }
}

describe('GET /mandates/:id', () => {
  it('answers from the read model, with the sequence it reflects and a weak ETag; If-None-Match is a 304', async () => {
    const id = await assignedMandate();
    const res = await stack.http().get(`/mandates/${id}`).set(SECRETARIAT).expect(200);
    expect(res.body).toMatchObject({ id, status: 'assigned', lastSequence: 2, assignee: { dependencyId: 'DPS' } });
    expect(res.headers.etag).toBe(`W/"${id}:2:${today()}"`);
    expect(res.headers['cache-control']).toBe('private, no-cache');

    const again = await stack.http().get(`/mandates/${id}`).set(SECRETARIAT).set('If-None-Match', res.headers.etag);
    expect(again.status).toBe(304);
    expect(again.text ?? '').toBe('');
    expect(again.headers.etag).toBe(res.headers.etag);
    // Strong or weak, one of a list, or any: the same representation.
    for (const tags of [`"${id}:2:${today()}"`, `W/"other", ${res.headers.etag}`, '*']) {
      await stack.http().get(`/mandates/${id}`).set(SECRETARIAT).set('If-None-Match', tags).expect(304);
    }
    // Another ETag, or a client that will not take a cached copy: the body.
    await stack
      .http()
      .get(`/mandates/${id}`)
      .set(SECRETARIAT)
      .set('If-None-Match', `W/"${id}:1:${today()}"`)
      .expect(200);
    await stack
      .http()
      .get(`/mandates/${id}`)
      .set(SECRETARIAT)
      .set({ 'If-None-Match': res.headers.etag, 'Cache-Control': 'no-cache' })
      .expect(200);

    // A command moves the sequence: the old ETag no longer matches once the read is at least that fresh.
    const command = await stack.http().post(`/mandates/${id}/follow-ups`).set(OFFICER).send(followUp).expect(200);
    const sequence = command.body.mandate.lastSequence as number;
    expect(sequence).toBe(3);
    const fresh = await stack
      .http()
      .get(`/mandates/${id}`)
      .query({ minSequence: sequence })
      .set(SECRETARIAT)
      .set('If-None-Match', res.headers.etag)
      .expect(200);
    expect(fresh.body).toMatchObject({ lastSequence: 3, followUps: [expect.objectContaining({ actionId: 'F1' })] });
    expect(fresh.headers.etag).toBe(`W/"${id}:3:${today()}"`);
  });

  it('serves the row as it stands; minSequence beyond it, or consistency=strong, asks the workflow', async () => {
    const id = await assignedMandate();
    const fromWorkflow = (await stack.http().get(`/mandates/${id}`).query({ consistency: 'strong' }).expect(200))
      .body as Record<string, unknown>;
    await withRowBehind(id, async () => {
      // By default, and when the row is fresh enough: the row, as it stands.
      for (const query of [{}, { minSequence: 0 }, { minSequence: 1 }, { consistency: 'eventual' }]) {
        const res = await stack.http().get(`/mandates/${id}`).query(query).expect(200);
        expect([query, res.body.title, res.body.lastSequence]).toEqual([query, 'From the read model', 1]);
        expect(res.headers.etag).toBe(`W/"${id}:1:${today()}"`);
      }
      // Read your own write: the row is behind sequence 2, so the workflow answers.
      const ownWrite = await stack.http().get(`/mandates/${id}`).query({ minSequence: 2 }).expect(200);
      expect(ownWrite.body).toEqual(fromWorkflow);
      expect(ownWrite.headers.etag).toBe(`W/"${id}:2:${today()}"`);
      const strong = await stack.http().get(`/mandates/${id}`).query({ consistency: 'strong' }).expect(200);
      expect(strong.body).toMatchObject({ title: aRegistration().title, lastSequence: 2, status: 'assigned' });
      // A sequence the mandate has not reached: the workflow's state, whose lastSequence says so.
      const ahead = await stack.http().get(`/mandates/${id}`).query({ minSequence: 99 }).expect(200);
      expect(ahead.body.lastSequence).toBe(2);
    });
    // The row and the workflow agree on the state (the ETag says the same representation).
    const served = await stack.http().get(`/mandates/${id}`).expect(200);
    expect(served.body).toEqual(fromWorkflow);
  });

  it('asks the workflow when the read model has no row (registered moments ago, or a rebuild under way)', async () => {
    const id = await assignedMandate();
    const [saved] = await db.query<Record<string, unknown>[]>(`SELECT * FROM mandates WHERE id = $1`, [id]);
    await db.query(`DELETE FROM mandates WHERE id = $1`, [id]);
    try {
      const res = await stack.http().get(`/mandates/${id}`).expect(200);
      expect(res.body).toMatchObject({ id, status: 'assigned', lastSequence: 2 });
      expect(res.headers.etag).toBe(`W/"${id}:2:${today()}"`);
    } finally {
      await db.query(
        `INSERT INTO mandates (id, status, body, resolution_symbol, paragraph, title, area, adopted_on, dependency,
                               dependency_id, officer, closure_outcome, next_due_on, last_sequence, registered_at,
                               updated_at, state)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
        [
          saved.id,
          saved.status,
          saved.body,
          saved.resolution_symbol,
          saved.paragraph,
          saved.title,
          saved.area,
          saved.adopted_on,
          saved.dependency,
          saved.dependency_id,
          saved.officer,
          saved.closure_outcome,
          saved.next_due_on,
          saved.last_sequence,
          saved.registered_at,
          saved.updated_at,
          JSON.stringify(saved.state),
        ],
      );
    }
    await stack.http().get('/mandates/ag-res-1-i-o-70-p999').expect(404);
    await stack.http().get('/mandates/ag-res-1-i-o-70-p999').query({ consistency: 'strong' }).expect(404);
  });

  it("keeps an officer to their dependency's mandates on every path, a 304 included", async () => {
    const id = await assignedMandate();
    const etag = (await stack.http().get(`/mandates/${id}`).set(OFFICER).expect(200)).headers.etag;
    for (const query of [{}, { minSequence: 2 }, { minSequence: 99 }, { consistency: 'strong' }]) {
      const own = await stack.http().get(`/mandates/${id}`).query(query).set(OFFICER);
      expect([query, own.status]).toEqual([query, 200]);
      const other = await stack.http().get(`/mandates/${id}`).query(query).set(OTHER_OFFICER);
      expect([query, other.status]).toEqual([query, 404]);
      const probe = await stack
        .http()
        .get(`/mandates/${id}`)
        .query(query)
        .set(OTHER_OFFICER)
        .set('If-None-Match', etag);
      // Out of reach is a 404 before any ETag is compared: not a 304 that would confirm the mandate and its version.
      expect([query, probe.status]).toEqual([query, 404]);
      expect(probe.headers.etag).not.toBe(etag);
    }
    // Not assigned yet: no officer's.
    const unassigned = (await stack.http().post('/mandates').set(SECRETARIAT).send(aRegistration()).expect(201)).body
      .id as string;
    await stack.http().get(`/mandates/${unassigned}`).set(OFFICER).expect(404);
    await stack.http().get(`/mandates/${unassigned}`).set(SECRETARIAT).expect(200);
  });

  it('refuses a bad minSequence or consistency with a 400 naming it', async () => {
    const id = await assignedMandate();
    for (const [query, field] of [
      [{ minSequence: '-1' }, 'minSequence'],
      [{ minSequence: 'two' }, 'minSequence'],
      [{ minSequence: '1e3' }, 'minSequence'],
      [{ minSequence: '9999999999' }, 'minSequence'],
      [{ consistency: 'linearizable' }, 'consistency'],
    ] as const) {
      const res = await stack.http().get(`/mandates/${id}`).query(query);
      expect([query, res.status]).toEqual([query, 400]);
      expect(res.body.fields).toEqual([expect.objectContaining({ field })]);
    }
    await stack.http().get(`/mandates/${id}`).query({ minSeq: '2' }).expect(400);
  });
});

describe("GET /mandates/:id while the read model's database is away", () => {
  let app: INestApplication;
  let database: DatabaseProxy;

  beforeAll(async () => {
    database = await DatabaseProxy.start();
    app = await createApiApplication(loadConfig({ ...stack.env, DATABASE_URL: database.url }), {
      api: true,
      worker: false,
    });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers from the workflow: the read model is a projection, the history is the record', async () => {
    const id = await assignedMandate();
    const api = () => request.agent(app.getHttpServer() as Parameters<typeof request>[0]).set(SECRETARIAT);
    await api().get(`/mandates/${id}`).expect(200);
    await database.cut();
    const res = await api().get(`/mandates/${id}`).expect(200);
    expect(res.body).toMatchObject({ id, status: 'assigned', lastSequence: 2 });
    await api().get('/mandates').expect(503);
  });
});

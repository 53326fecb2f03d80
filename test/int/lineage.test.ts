import { DataSource } from 'typeorm';
import { readModelDataSourceOptions } from '../../src/database/read-model';
import { PEOPLE } from '../support/identity-provider';
import { eventually, startTestStack, type TestStack } from '../support/api';
import { aPermanentCouncilRegistration, aRegistration } from '../support/requests';

let stack: TestStack;
let SECRETARIAT: { Authorization: string };
let db: DataSource;

beforeAll(async () => {
  stack = await startTestStack();
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  db = await new DataSource(readModelDataSourceOptions(stack.env.DATABASE_URL, false)).initialize();
});

afterAll(async () => {
  await db?.destroy();
  await stack?.close();
});

async function register(registration: object): Promise<string> {
  return (await stack.http().post('/mandates').set(SECRETARIAT).send(registration).expect(201)).body.id as string;
}

describe('GET /mandates/:id/lineage', () => {
  it('shows the graph around a mandate, each link once, as deep as asked', async () => {
    const original = await register(aRegistration());
    const renewal = await register(
      aRegistration({ resolutionSymbol: 'AG/RES. 2880 (XLVI-O/16)', adoptedOn: '2016-06-14' }),
    );
    const successor = await register(aPermanentCouncilRegistration());
    const unrelated = await register(aRegistration());
    await stack
      .http()
      .post(`/mandates/${renewal}/links`)
      .set(SECRETARIAT)
      .send({ relation: 'renews', otherMandateId: original, reason: 'The 2016 omnibus renews it' })
      .expect(200);
    await stack
      .http()
      .post(`/mandates/${renewal}/closure`)
      .set(SECRETARIAT)
      .send({ outcome: 'superseded', reason: 'Replaced by the Council', successorMandateId: successor })
      .expect(200);
    // Both links, on both mandates of each, in the read model.
    await eventually(async () => {
      const rows = await db.query<unknown[]>(`SELECT 1 FROM mandate_links WHERE mandate_id = ANY($1)`, [
        [original, renewal, successor],
      ]);
      expect(rows).toHaveLength(4);
    });

    const near = await stack.http().get(`/mandates/${original}/lineage`).query({ depth: 1 }).expect(200);
    expect((near.body.nodes as { id: string }[]).map((n) => n.id)).toEqual([original, renewal]);
    expect(near.body.edges).toEqual([
      { linkId: `${renewal}#2`, from: renewal, to: original, relation: 'renews', reason: 'The 2016 omnibus renews it' },
    ]);

    const far = await stack.http().get(`/mandates/${original}/lineage`).query({ depth: 2 }).expect(200);
    expect(far.body).toMatchObject({ mandateId: original, depth: 2, truncated: false });
    expect(far.body.nodes).toEqual([
      expect.objectContaining({ id: original, depth: 0, status: 'registered', adoptionYear: 2014 }),
      expect.objectContaining({
        id: renewal,
        depth: 1,
        status: 'closed',
        resolutionSymbol: 'AG/RES. 2880 (XLVI-O/16)',
      }),
      expect.objectContaining({ id: successor, depth: 2, status: 'registered' }),
    ]);
    expect(far.body.edges).toEqual([
      { linkId: `${renewal}#2`, from: renewal, to: original, relation: 'renews', reason: 'The 2016 omnibus renews it' },
      {
        linkId: `${renewal}#3`,
        from: successor,
        to: renewal,
        relation: 'supersedes',
        reason: 'Replaced by the Council',
      },
    ]);

    const alone = await stack.http().get(`/mandates/${unrelated}/lineage`).expect(200);
    expect(alone.body).toMatchObject({ nodes: [expect.objectContaining({ id: unrelated })], edges: [] });
  });

  it('answers 404 for an unknown mandate and 400 naming a depth out of range', async () => {
    await stack.http().get('/mandates/ag-res-1-i-o-70-p1/lineage').expect(404);
    const bad = await stack.http().get(`/mandates/ag-res-1-i-o-70-p1/lineage`).query({ depth: 9 }).expect(400);
    expect(bad.body.fields).toEqual([expect.objectContaining({ field: 'depth' })]);
  });
});

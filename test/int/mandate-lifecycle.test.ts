import request from 'supertest';
import { DataSource } from 'typeorm';
import { mandateWorkflowId, RESULT_STATE_MAX_ENTRIES } from '../../workflows/mandate/contract';
import { readModelDataSourceOptions } from '../../src/database/read-model';
import { LATEST_READ_MODEL_MIGRATION } from '../../src/health/read-model.health';
import { eventually, startTestStack, type TestStack } from '../support/api';
import { PEOPLE } from '../support/identity-provider';
import { retryingUnavailable } from '../support/retry-unavailable';
import {
  aPermanentCouncilRegistration,
  aRegistration,
  assignment,
  followUp,
  progressReport,
} from '../support/requests';

let SECRETARIAT: { Authorization: string };
let OFFICER: { Authorization: string };

let stack: TestStack;
let db: DataSource;

beforeAll(async () => {
  stack = await startTestStack();
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  OFFICER = await stack.as(PEOPLE.officer);
  db = new DataSource(readModelDataSourceOptions(process.env.TEST_DATABASE_URL!, false));
  await db.initialize();
});

afterAll(async () => {
  await stack?.close();
  await db?.destroy();
});

async function register(body = aRegistration()): Promise<string> {
  const res = await stack.http().post('/mandates').set(SECRETARIAT).send(body).expect(201);
  return (res.body as { id: string }).id;
}

async function updateEventTypes(mandateId: string): Promise<string[]> {
  const history = await stack.temporal.workflow.getHandle(mandateWorkflowId(mandateId)).fetchHistory();
  return (history.events ?? [])
    .filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes)
    .map((e) => e.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.name ?? '?');
}

async function readModelRow(mandateId: string) {
  const [row] = await db.query<Record<string, unknown>[]>(`SELECT * FROM mandates WHERE id = $1`, [mandateId]);
  return row;
}

describe('a mandate through the API', () => {
  it('goes from registration to closure, every step an event in its workflow and in the read model', async () => {
    const id = await register();
    const base = `/mandates/${id}`;

    await stack.http().post(`${base}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
    await stack.http().post(`${base}/follow-ups`).set(OFFICER).send(followUp).expect(200);
    let res = await stack.http().post(`${base}/progress-reports`).set(OFFICER).send(progressReport).expect(200);
    expect(res.body.mandate.status).toBe('report_under_review');
    res = await stack
      .http()
      .post(`${base}/progress-reports/R1/review`)
      .set(SECRETARIAT)
      .send({ decision: 'returned', comments: 'Add the funds raised in 2026' })
      .expect(200);
    expect(res.body.mandate.progressReports[0]).toMatchObject({ reportId: 'R1', status: 'returned' });
    await stack.http().post(`${base}/progress-reports`).set(OFFICER).send(progressReport).expect(200);
    await stack
      .http()
      .post(`${base}/progress-reports/R2/review`)
      .set(SECRETARIAT)
      .send({ decision: 'accepted' })
      .expect(200);
    await stack
      .http()
      .post(`${base}/reassignment`)
      .set(SECRETARIAT)
      .send({
        dependency: 'Department of Public Security',
        officer: 'juan.perez',
        reason: 'Maria moved to another post',
      })
      .expect(200);
    res = await stack
      .http()
      .post(`${base}/closure`)
      .set(SECRETARIAT)
      .send({
        outcome: 'fulfilled',
        reason: 'Reported to the General Assembly',
        finalReportReference: 'CP/doc.5800/26',
      })
      .expect(200);

    expect(res.body.mandate).toMatchObject({
      id,
      status: 'closed',
      assignee: { officer: 'juan.perez' },
      closure: { outcome: 'fulfilled', finalReportReference: 'CP/doc.5800/26' },
      lastSequence: 9,
    });

    const events = await stack.http().get(`${base}/events`).expect(200);
    expect((events.body as { type: string }[]).map((e) => e.type)).toEqual([
      'MandateRegistered',
      'MandateAssigned',
      'FollowUpRecorded',
      'ProgressReportSubmitted',
      'ProgressReportReturned',
      'ProgressReportSubmitted',
      'ProgressReportAccepted',
      'MandateReassigned',
      'MandateClosed',
    ]);
    expect(events.body).toHaveLength(9);
    // Each event names the verified caller: the token's subject, its name and the roles it acted under.
    expect(events.body[1]).toMatchObject({
      sequence: 2,
      actor: PEOPLE.secretariat,
      actorName: 'Carlos Méndez',
      actorRoles: ['secretariat'],
    });
    expect(events.body[2]).toMatchObject({
      sequence: 3,
      actor: PEOPLE.officer,
      actorName: 'María González',
      actorRoles: ['officer'],
    });

    // Every command is an update in the workflow's own history: the event store (the registration came with the
    // workflow's start, as update-with-start).
    await expect(updateEventTypes(id)).resolves.toEqual([
      'register',
      'assign',
      'recordFollowUp',
      'submitProgressReport',
      'reviewProgressReport',
      'submitProgressReport',
      'reviewProgressReport',
      'reassign',
      'close',
    ]);

    // Read your own write: the sequence the closure answered with.
    const state = await stack.http().get(base).query({ minSequence: res.body.mandate.lastSequence }).expect(200);
    expect(state.body).toMatchObject({ status: 'closed', lastSequence: 9 });

    await eventually(async () => {
      const row = await readModelRow(id);
      expect(row).toMatchObject({
        status: 'closed',
        officer: 'juan.perez',
        closure_outcome: 'fulfilled',
        last_sequence: 9,
      });
    });
    const rows = await db.query<{ sequence: number }[]>(
      `SELECT sequence FROM mandate_events WHERE mandate_id = $1 ORDER BY sequence`,
      [id],
    );
    expect(rows.map((r) => r.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('refused and bad requests', () => {
  it('answers a command with the whole state when the state is too long to travel in the update result', async () => {
    const id = await register();
    await stack.http().post(`/mandates/${id}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
    const total = RESULT_STATE_MAX_ENTRIES + 2;
    let res: request.Response | undefined;
    for (let n = 1; n <= total; n++) {
      res = await stack
        .http()
        .post(`/mandates/${id}/follow-ups`)
        .set(OFFICER)
        .send({ ...followUp, summary: `Meeting ${n}` })
        .expect(200);
    }
    // The last two answers come from the state query: every follow-up, the last one this command's.
    const body = res!.body as { mandate: { followUps: { summary: string }[] }; events: { data: unknown }[] };
    expect(body.mandate.followUps).toHaveLength(total);
    expect(body.mandate.followUps[total - 1].summary).toBe(`Meeting ${total}`);
    expect(body.events).toEqual([expect.objectContaining({ type: 'FollowUpRecorded' })]);
    // What the history holds: the state in each result up to the limit, the events alone after it.
    const history = await stack.temporal.workflow.getHandle(mandateWorkflowId(id)).fetchHistory();
    const carriesState = (history.events ?? [])
      .map((e) => e.workflowExecutionUpdateCompletedEventAttributes?.outcome?.success?.payloads?.[0]?.data)
      .filter((data): data is Uint8Array => data instanceof Uint8Array)
      .map((data) => 'state' in (JSON.parse(Buffer.from(data).toString('utf8')) as object));
    // Registration, assignment, then the follow-ups: the state travels while it lists 64 entries or fewer.
    expect(carriesState).toEqual([...Array<boolean>(2 + RESULT_STATE_MAX_ENTRIES).fill(true), false, false]);
  });

  it('answers 400 naming each bad field', async () => {
    const bad = await stack
      .http()
      .post('/mandates')
      .set(SECRETARIAT)
      .send(aRegistration({ adoptedOn: '2014-02-30', body: 'SECURITY_COUNCIL', extra: 1 }))
      .expect(400);
    expect((bad.body.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['adoptedOn', 'body', 'extra']);
  });

  it('answers 400 naming resolutionSymbol when it is not a symbol of the body', async () => {
    const res = await stack
      .http()
      .post('/mandates')
      .set(SECRETARIAT)
      .send(aRegistration({ resolutionSymbol: 'CP/RES. 1162 (2307/20)' }))
      .expect(400);
    expect(res.body.fields).toEqual([expect.objectContaining({ field: 'resolutionSymbol' })]);
  });

  it('answers 404 for an unknown mandate, on reads and on commands', async () => {
    await stack.http().get('/mandates/ag-res-1-i-o-70-p1').expect(404);
    await stack.http().get('/mandates/ag-res-1-i-o-70-p1/events').expect(404);
    const res = await stack.http().post('/mandates/ag-res-1-i-o-70-p1/assignment').set(SECRETARIAT).send(assignment);
    expect(res.status).toBe(404);
    expect(res.body.message).toContain('ag-res-1-i-o-70-p1');
  });

  it('answers 409 for a resolution paragraph registered twice, and starts no second workflow', async () => {
    const registration = aRegistration();
    const key = { ...SECRETARIAT, 'Idempotency-Key': `first-${registration.paragraph}` };
    const id = (await stack.http().post('/mandates').set(key).send(registration).expect(201)).body.id as string;
    const handle = stack.temporal.workflow.getHandle(mandateWorkflowId(id));
    const { runId } = await handle.describe();

    const again = await stack.http().post('/mandates').set(SECRETARIAT).send(registration).expect(409);
    expect(again.body).toMatchObject({ rule: 'mandate-already-registered' });
    // The same key with another body is not a retry of that request either.
    const changed = { ...registration, title: 'Another title' };
    await stack.http().post('/mandates').set(key).send(changed).expect(409);

    await expect(handle.describe()).resolves.toMatchObject({ runId, status: { name: 'RUNNING' } });
    await expect(stack.http().get(`/mandates/${id}`).query({ minSequence: 1 })).resolves.toMatchObject({
      body: { title: registration.title, lastSequence: 1 },
    });
  });

  it('answers 409 naming the rule, and a refused command writes nothing to the history', async () => {
    const id = await register();
    await stack.http().post(`/mandates/${id}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
    await stack
      .http()
      .post(`/mandates/${id}/closure`)
      .set(SECRETARIAT)
      .send({ outcome: 'duplicate', reason: 'Same as paragraph 2' })
      .expect(200);
    await expect(updateEventTypes(id)).resolves.toEqual(['register', 'assign', 'close']);

    const res = await stack.http().post(`/mandates/${id}/progress-reports`).set(OFFICER).send(progressReport);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ rule: 'mandate-closed' });

    // A rejected update leaves no trace in the history: only the registration, the assignment and the close are
    // there, each accepted and completed once.
    const history = await stack.temporal.workflow.getHandle(mandateWorkflowId(id)).fetchHistory();
    const updateEvents = (history.events ?? []).filter(
      (e) =>
        e.workflowExecutionUpdateAcceptedEventAttributes ||
        e.workflowExecutionUpdateCompletedEventAttributes ||
        e.workflowExecutionUpdateRejectedEventAttributes ||
        e.workflowExecutionUpdateAdmittedEventAttributes,
    );
    expect(updateEvents).toHaveLength(6);
    const events = await stack.http().get(`/mandates/${id}/events`).expect(200);
    expect(events.body).toHaveLength(3);
  });

  it('answers 409 when a superseded mandate names a successor that is not registered', async () => {
    const id = await register();
    const res = await stack
      .http()
      .post(`/mandates/${id}/closure`)
      .set(SECRETARIAT)
      .send({
        outcome: 'superseded',
        reason: 'Renewed by the 2026 omnibus',
        successorMandateId: 'ag-res-9999-lvi-o-26-p1',
      })
      .expect(409);
    expect(res.body).toMatchObject({ rule: 'successor-not-registered' });
  });

  it('answers 400 for text PostgreSQL cannot store, and 400 (not 500) for a returned review with null comments', async () => {
    const nul = await stack
      .http()
      .post('/mandates')
      .set(SECRETARIAT)
      .send(aRegistration({ title: 'a\u0000b' }))
      .expect(400);
    expect(nul.body.fields).toEqual([expect.objectContaining({ field: 'title' })]);

    const id = await register();
    await stack.http().post(`/mandates/${id}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
    await stack.http().post(`/mandates/${id}/progress-reports`).set(OFFICER).send(progressReport).expect(200);
    const review = await stack
      .http()
      .post(`/mandates/${id}/progress-reports/R1/review`)
      .set(SECRETARIAT)
      .send({ decision: 'returned', comments: null })
      .expect(400);
    expect(review.body.fields).toEqual([expect.objectContaining({ field: 'comments' })]);
  });

  it('answers 404 without a lookup for ids that cannot name a mandate or a report', async () => {
    await stack
      .http()
      .get(`/mandates/${'x'.repeat(300)}`)
      .expect(404);
    await stack.http().get('/mandates/NOT%20AN%20ID/events').expect(404);
    const id = await register();
    await stack
      .http()
      .post(`/mandates/${id}/progress-reports/report-one/review`)
      .set(SECRETARIAT)
      .send({ decision: 'accepted' })
      .expect(404);
  });

  it('refuses an Idempotency-Key reused for another request, on another route or with another body', async () => {
    const id = await register();
    const key = { ...SECRETARIAT, 'Idempotency-Key': `shared-${id}` };
    const assigned = await stack.http().post(`/mandates/${id}/assignment`).set(key).send(assignment).expect(200);
    const otherRoute = await stack
      .http()
      .post(`/mandates/${id}/closure`)
      .set(key)
      .send({ outcome: 'procedural', reason: 'Procedural paragraph' })
      .expect(409);
    expect(otherRoute.body).toMatchObject({ rule: 'idempotency-key-reused' });
    const otherBody = await stack
      .http()
      .post(`/mandates/${id}/assignment`)
      .set(key)
      .send({ ...assignment, officer: 'someone.else' })
      .expect(409);
    expect(otherBody.body).toMatchObject({ rule: 'idempotency-key-reused' });
    // The same request again is answered with its outcome, and nothing was added.
    const again = await stack.http().post(`/mandates/${id}/assignment`).set(key).send(assignment).expect(200);
    expect(again.body.events).toEqual(assigned.body.events);
    const events = (await stack.http().get(`/mandates/${id}/events`).expect(200)).body as unknown[];
    expect(events).toHaveLength(2);
  });
});

describe('the state as of a past moment', () => {
  it('equals what the state query answered at that moment, by sequence and by time', async () => {
    const id = await register();
    const base = `/mandates/${id}`;
    // The workflow's query: a 503 (the Temporal server slow to answer on a loaded machine) is retried.
    const queried = async () => {
      const res = await retryingUnavailable(() => stack.http().get(base).query({ consistency: 'strong' }));
      expect(res.status).toBe(200);
      return res.body as { lastSequence: number; updatedAt: string };
    };
    const seen = [await queried()];
    const steps: [string, object, Record<string, string>][] = [
      ['assignment', assignment, SECRETARIAT],
      ['follow-ups', followUp, OFFICER],
      ['progress-reports', progressReport, OFFICER],
      ['progress-reports/R1/review', { decision: 'accepted' }, SECRETARIAT],
      ['closure', { outcome: 'fulfilled', reason: 'Reported' }, SECRETARIAT],
    ];
    for (const [path, body, actor] of steps) {
      await stack.http().post(`${base}/${path}`).set(actor).send(body).expect(200);
      seen.push(await queried());
    }
    for (const state of seen) {
      await expect(stack.http().get(`${base}/as-of`).query({ sequence: state.lastSequence })).resolves.toMatchObject({
        status: 200,
        body: state,
      });
      await expect(stack.http().get(`${base}/as-of`).query({ at: state.updatedAt })).resolves.toMatchObject({
        status: 200,
        body: state,
      });
    }
    await stack.http().get(`${base}/as-of`).query({ at: '2014-01-01' }).expect(404);
    await stack.http().get(`${base}/as-of`).query({ at: 'last week' }).expect(400);
    await stack.http().get(`${base}/as-of`).expect(400);
  });
});

describe('retried requests', () => {
  it('apply a command once when the Idempotency-Key repeats', async () => {
    const id = await register();
    await stack.http().post(`/mandates/${id}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
    const send = () =>
      stack
        .http()
        .post(`/mandates/${id}/follow-ups`)
        .set({ ...OFFICER, 'Idempotency-Key': `follow-up-${id}` })
        .send(followUp)
        .expect(200);
    const first = await send();
    const retry = await send();
    expect(retry.body).toEqual(first.body);
    const events = await stack.http().get(`/mandates/${id}/events`).expect(200);
    expect((events.body as { type: string }[]).filter((e) => e.type === 'FollowUpRecorded')).toHaveLength(1);
  });

  it('return the registered mandate, not a conflict, when a registration is retried with its key', async () => {
    const registration = aRegistration();
    const key = { ...SECRETARIAT, 'Idempotency-Key': `register-${registration.paragraph}` };
    const first = await stack.http().post('/mandates').set(key).send(registration).expect(201);
    const retry = await stack.http().post('/mandates').set(key).send(registration).expect(201);
    expect(retry.body).toEqual(first.body);
  });
});

describe('the read model', () => {
  it('lists mandates filtered by status, body and dependency, page by page', async () => {
    const dependency = `Department of Public Security ${Date.now()}`;
    const ids = [
      await register(aPermanentCouncilRegistration()),
      await register(aPermanentCouncilRegistration()),
      await register(aRegistration()),
    ];
    for (const id of ids) {
      await stack
        .http()
        .post(`/mandates/${id}/assignment`)
        .set(SECRETARIAT)
        .send({ ...assignment, dependency })
        .expect(200);
    }
    const list = (query: Record<string, string | number>) => stack.http().get('/mandates').query(query).expect(200);

    await eventually(async () => {
      const res = await list({ dependency, body: 'PERMANENT_COUNCIL', status: 'assigned' });
      expect(res.body.total).toBe(2);
      expect((res.body.items as { id: string }[]).map((m) => m.id).sort()).toEqual(ids.slice(0, 2).sort());
    });
    await eventually(async () => expect((await list({ dependency })).body.total).toBe(3));
    const page1 = await list({ dependency, limit: 2 });
    expect(page1.body).toMatchObject({ total: 3, totalExact: true, limit: 2 });
    const page2 = await list({ dependency, limit: 2, cursor: page1.body.nextCursor as string });
    expect(page1.body.items).toHaveLength(2);
    expect(page2.body.items).toHaveLength(1);
    expect(page2.body.nextCursor).toBeUndefined();
    const seen = [...page1.body.items, ...page2.body.items].map((m: { id: string }) => m.id).sort();
    expect(seen).toEqual([...ids].sort());

    const bad = await stack.http().get('/mandates').query({ limit: 0, status: 'archived' }).expect(400);
    expect((bad.body.fields as { field: string }[]).map((f) => f.field).sort()).toEqual(['limit', 'status']);
  });

  it('heals a gap from the histories: rows deleted by hand come back with the next event, all of them', async () => {
    const id = await register();
    await stack.http().post(`/mandates/${id}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
    await stack.http().post(`/mandates/${id}/follow-ups`).set(OFFICER).send(followUp).expect(200);
    const projected = async (n: number) =>
      eventually(async () => {
        const [row] = await db.query<{ last_sequence: number }[]>(`SELECT last_sequence FROM mandates WHERE id = $1`, [
          id,
        ]);
        expect(row?.last_sequence).toBe(n);
      });
    await projected(3);
    await db.query(`DELETE FROM mandate_events WHERE mandate_id = $1`, [id]);
    await db.query(`DELETE FROM mandates WHERE id = $1`, [id]);

    await stack
      .http()
      .post(`/mandates/${id}/follow-ups`)
      .set(OFFICER)
      .send({ ...followUp, summary: 'After the gap' })
      .expect(200);
    await projected(4);
    const events = await db.query<{ sequence: number; type: string }[]>(
      `SELECT sequence, type FROM mandate_events WHERE mandate_id = $1 ORDER BY sequence`,
      [id],
    );
    expect(events.map((e) => e.type)).toEqual([
      'MandateRegistered',
      'MandateAssigned',
      'FollowUpRecorded',
      'FollowUpRecorded',
    ]);
  });
});

describe('operations', () => {
  it('reports Temporal, PostgreSQL and the read model healthy', async () => {
    const res = await stack.http().get('/health').expect(200);
    expect(res.body.info).toEqual({
      temporal: { status: 'up' },
      postgres: { status: 'up' },
      readModel: { status: 'up', migration: LATEST_READ_MODEL_MIGRATION },
    });
  });

  it('serves an OpenAPI document with every route', async () => {
    const res = await stack.http().get('/docs/openapi.json').expect(200);
    expect(Object.keys(res.body.paths as object).sort()).toEqual([
      '/admin/read-model/drift',
      '/admin/read-model/rebuild',
      '/audit/keys',
      '/audit/public-key',
      '/audit/replay',
      '/audit/verify',
      '/calendar.ics',
      '/calendar/feeds',
      '/calendar/feeds/{feedId}',
      '/calendar/feeds/{feedId}/{secret}.ics',
      '/exports/mandates.csv',
      '/exports/mandates.jsonl',
      '/health',
      '/imports',
      '/mandates',
      '/mandates/count',
      '/mandates/{id}',
      '/mandates/{id}/as-of',
      '/mandates/{id}/assignment',
      '/mandates/{id}/closure',
      '/mandates/{id}/deadline-extension',
      '/mandates/{id}/events',
      '/mandates/{id}/export',
      '/mandates/{id}/follow-ups',
      '/mandates/{id}/history',
      '/mandates/{id}/lineage',
      '/mandates/{id}/links',
      '/mandates/{id}/notifications',
      '/mandates/{id}/progress-reports',
      '/mandates/{id}/progress-reports/{reportId}/review',
      '/mandates/{id}/reassignment',
      '/mandates/{id}/reporting-schedule',
      '/notifications',
      '/stats',
    ]);
    // Every route but the public ones declares the bearer token and the issuer's sign-in; anyone reads the document,
    // and the page Swagger UI's sign-in comes back to.
    const anonymous = () => request(stack.app.getHttpServer() as Parameters<typeof request>[0]);
    await anonymous().get('/docs/openapi.json').expect(200);
    await anonymous().get('/oauth2-redirect.html').expect(200).expect('Content-Type', /html/);
    await anonymous()
      .get('/oauth2-redirect.js')
      .expect(200)
      .expect('Content-Type', /javascript/);
    const { paths, components } = res.body as {
      paths: Record<string, Record<string, { security?: unknown }>>;
      components: { securitySchemes: Record<string, { type: string; openIdConnectUrl?: string }> };
    };
    expect(components.securitySchemes).toEqual({
      bearer: expect.objectContaining({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }),
      oidc: expect.objectContaining({
        type: 'openIdConnect',
        openIdConnectUrl: `${stack.env.OIDC_ISSUER_URL}/.well-known/openid-configuration`,
      }),
    });
    const open = Object.entries(paths).flatMap(([path, operations]) =>
      Object.entries(operations)
        .filter(([, operation]) => operation.security === undefined)
        .map(([method]) => `${method.toUpperCase()} ${path}`),
    );
    expect(open.sort()).toEqual(['GET /calendar/feeds/{feedId}/{secret}.ics', 'GET /health']);
    expect(paths['/mandates'].post.security).toEqual([{ bearer: [] }, { oidc: [] }]);
  });

  it('loses nothing when the worker is killed in the middle of a lifecycle and restarted', async () => {
    const id = await register();
    await stack.http().post(`/mandates/${id}/assignment`).set(SECRETARIAT).send(assignment).expect(200);

    await stack.worker.stop('SIGKILL');
    // Sent while no worker runs: Temporal holds the update until a worker takes it.
    const pending = stack.http().post(`/mandates/${id}/follow-ups`).set(OFFICER).send(followUp);
    const answered = pending.then((res) => res);
    await new Promise((r) => setTimeout(r, 1000));
    await stack.restartWorker();

    const res = await answered;
    expect(res.status).toBe(200);
    expect(res.body.mandate).toMatchObject({ status: 'in_follow_up', lastSequence: 3 });
    await stack.http().post(`/mandates/${id}/progress-reports`).set(OFFICER).send(progressReport).expect(200);

    // Read as a client does: a 503 (a query while a task still waits on the killed worker's sticky queue, or before
    // the server has seen the new worker poll) is retried after its Retry-After.
    await eventually(async () => {
      const events = await stack.http().get(`/mandates/${id}/events`).expect(200);
      expect((events.body as { type: string }[]).map((e) => e.type)).toEqual([
        'MandateRegistered',
        'MandateAssigned',
        'FollowUpRecorded',
        'ProgressReportSubmitted',
      ]);
    }, 60_000);
    // A projection the killed worker had started is retried once its start-to-close timeout passes.
    await eventually(async () => {
      await expect(readModelRow(id)).resolves.toMatchObject({ status: 'report_under_review', last_sequence: 4 });
    }, 60_000);
  });

  it('drains the worker on SIGTERM and exits cleanly', async () => {
    // Nest re-raises the signal once its shutdown hooks (which drain the worker) are done.
    await expect(stack.worker.stop('SIGTERM')).resolves.toEqual({ code: null, signal: 'SIGTERM' });
    // The worker's log is JSON lines (src/observability/logging.ts).
    expect(stack.worker.log).toMatch(/"state":"DRAINED"[\s\S]*"state":"STOPPED"/);
    await stack.restartWorker();
  });
});

describe('lineage', () => {
  it('records a link on both mandates, and a supersession on the successor, through their workflows', async () => {
    const older = await register();
    const newer = await register(aPermanentCouncilRegistration());
    const linked = await stack
      .http()
      .post(`/mandates/${older}/links`)
      .set(SECRETARIAT)
      .send({ relation: 'renewed_by', otherMandateId: newer, reason: 'Renewed by the Permanent Council' })
      .expect(200);
    expect(linked.body.mandate.links).toEqual([
      {
        linkId: `${older}#2`,
        relation: 'renewed_by',
        otherMandateId: newer,
        reason: 'Renewed by the Permanent Council',
      },
    ]);
    await stack.http().post(`/mandates/${older}/closure`).set(SECRETARIAT).send({
      outcome: 'superseded',
      reason: 'Superseded by the Permanent Council resolution',
      successorMandateId: newer,
    });
    const linksOfNewer = async () =>
      ((await stack.http().get(`/mandates/${newer}`).expect(200)).body as { links: unknown[] }).links;
    await eventually(async () =>
      expect(await linksOfNewer()).toEqual([
        { linkId: `${older}#2`, relation: 'renews', otherMandateId: older, reason: 'Renewed by the Permanent Council' },
        {
          linkId: `${older}#3`,
          relation: 'supersedes',
          otherMandateId: older,
          reason: 'Superseded by the Permanent Council resolution',
        },
      ]),
    );
    // The counterpart names who made the link on the other mandate.
    const events = (await stack.http().get(`/mandates/${newer}/events`).expect(200)).body as {
      type: string;
      actor: string;
    }[];
    expect(events.filter((e) => e.type === 'MandateLinked').map((e) => e.actor)).toEqual([
      PEOPLE.secretariat,
      PEOPLE.secretariat,
    ]);

    const refused = await stack
      .http()
      .post(`/mandates/${older}/links`)
      .set(SECRETARIAT)
      .send({ relation: 'merges', otherMandateId: 'ag-res-1-i-o-70-p1', reason: 'Not registered' })
      .expect(409);
    expect(refused.body.rule).toBe('other-mandate-not-registered');
  });
});

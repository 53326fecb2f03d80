import type { INestApplication } from '@nestjs/common';
import * as ICAL from 'ical.js';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:net';
import request, { type Response } from 'supertest';
import { DataSource } from 'typeorm';
import { createApiApplication } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { MANDATE_SORTS } from '../../src/mandates/mandate-search';
import { eventually, startTestStack, type TestStack, textOf } from '../support/api';
import { PEOPLE } from '../support/identity-provider';
import { TestWebhookReceiver } from '../support/receivers';
import { aRegistration, assignment } from '../support/requests';
import { DatabaseProxy } from '../support/database-proxy';

const WEBHOOK_SECRET = 'hostile-suite-webhook-secret';
const WEBHOOK_TOKEN = `tok${randomUUID().replace(/-/g, '')}`;
const DEPENDENCY = `Department of Public Security ${Date.now()}`;
const today = () => new Date().toISOString().slice(0, 10);
let SECRETARIAT: { Authorization: string };

/** What no answer may carry: a stack trace, a path on this machine, SQL, a host:port, a secret. */
const LEAKS: [string, RegExp][] = [
  ['a stack trace', /\n\s+at \S|\bat (Object|Function|async|new) |Error: .*\n/],
  ['an absolute path', /(\/work\/|\/home\/|\/root\/|\/usr\/|\/tmp\/|node_modules|[A-Z]:\\\\)/],
  ['evalmachine', /evalmachine/i],
  ['SQL', /\b(SELECT|INSERT INTO|UPDATE \w+ SET|DELETE FROM)\b|relation "|syntax error at|QueryFailedError/],
  ['a host:port', /\b(localhost|\d{1,3}(\.\d{1,3}){3}|\[[0-9a-f:]+\]):\d{2,5}\b/i],
  ['the webhook token', new RegExp(WEBHOOK_TOKEN)],
  ['the webhook secret', new RegExp(WEBHOOK_SECRET)],
];

function leaksIn(text: string): string[] {
  // The issuer is public: the document and Swagger UI name it so that clients can sign in.
  const issuer = process.env.TEST_OIDC_ISSUER_URL;
  const shown = issuer ? text.split(issuer).join('<issuer>') : text;
  return LEAKS.filter(([, pattern]) => pattern.test(shown)).map(([what]) => what);
}

/** Every answer of a test, headers and body, as text: afterEach checks that none leaks anything. */
let answers: { what: string; text: string }[] = [];
function seen(what: string, res: Response): Response {
  const headers = Object.entries(res.headers as Record<string, string>)
    .map(([k, v]) => `${k}: ${v}`)
    .join('\n');
  answers.push({ what, text: `${res.status}\n${headers}\n\n${res.text ?? ''}` });
  return res;
}

afterEach(() => {
  const leaking = answers.map((a) => ({ what: a.what, leaks: leaksIn(a.text) })).filter((a) => a.leaks.length > 0);
  answers = [];
  expect(leaking).toEqual([]);
});

let stack: TestStack;
let database: DataSource;
const hooks = new TestWebhookReceiver(WEBHOOK_SECRET);
/** A port nothing listens on: every e-mail fails to connect, and the error names this host and port. */
let closedSmtpPort: number;

async function freePort(): Promise<number> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(async () => {
  await hooks.start();
  closedSmtpPort = await freePort();
  stack = await startTestStack({
    SMTP_URL: `smtp://mailer:hunter2@127.0.0.1:${closedSmtpPort}`,
    WEBHOOK_URL: `${hooks.url}/${WEBHOOK_TOKEN}?token=${WEBHOOK_TOKEN}`,
    WEBHOOK_SECRET,
  });
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  database = stack.app.get(DataSource);
});

afterAll(async () => {
  await stack?.close();
  await hooks.stop();
});

const http = () => stack.http();

async function registered(overrides: Record<string, unknown> = {}): Promise<string> {
  const res = seen('register', await http().post('/mandates').set(SECRETARIAT).send(aRegistration(overrides)));
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** What a refused request must not change: the mandate's events and its read-model row. */
async function footprint(id: string): Promise<unknown> {
  const events = seen('events', await http().get(`/mandates/${id}/events`)).body as unknown[];
  const rows = await database.query<unknown[]>(
    'SELECT last_sequence, updated_at, title, next_due_on, state FROM mandates WHERE id = $1',
    [id],
  );
  return { events, rows };
}

/** Sends these bytes as they are, as a hostile client would (supertest would otherwise serialize a Buffer as JSON). */
function sendBytes(path: string, bytes: Buffer | string, contentType?: string) {
  const req = http().post(path).set(SECRETARIAT);
  if (contentType) req.set('Content-Type', contentType);
  return req.serialize((data: Buffer) => data as unknown as string).send(Buffer.from(bytes));
}

describe('hostile bodies get a clear 4xx and change nothing', () => {
  let id: string;
  beforeAll(async () => {
    id = await registered({ reportingSchedule: { kind: 'once', dueOn: '2030-06-30' } });
    await eventually(async () => expect(await footprint(id)).toMatchObject({ rows: [expect.anything()] }));
  });

  it('refuses a body over MAX_BODY_BYTES (1 MiB) with 413', async () => {
    const before = await footprint(id);
    const big = JSON.stringify({ ...assignment, reason: 'x'.repeat(1_100_000) });
    const res = seen('big', await sendBytes(`/mandates/${id}/assignment`, big, 'application/json'));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      statusCode: 413,
      error: 'Payload Too Large',
      message: 'the body is larger than 1048576 bytes',
    });
    expect(await footprint(id)).toEqual(before);
  });

  it.each([
    ['form-urlencoded', 'application/x-www-form-urlencoded', 'dependency=DPS&officer=maria'],
    ['text/plain', 'text/plain', JSON.stringify(assignment)],
    ['multipart', 'multipart/form-data; boundary=x', '--x\r\n\r\n--x--'],
    ['JSON in latin1', 'application/json; charset=latin1', JSON.stringify(assignment)],
    ['JSON in UTF-16', 'application/json; charset=utf-16le', JSON.stringify(assignment)],
    ['a malformed Content-Type', 'application/json; charset', JSON.stringify(assignment)],
  ])('refuses %s with 415', async (_, contentType, body) => {
    const before = await footprint(id);
    const res = seen(contentType, await sendBytes(`/mandates/${id}/assignment`, body, contentType));
    expect(res.status).toBe(415);
    expect(res.body).toMatchObject({ statusCode: 415, error: 'Unsupported Media Type' });
    expect(res.body.message).toContain('application/json');
    expect(await footprint(id)).toEqual(before);
  });

  it('refuses a body without a Content-Type, and a compressed one, with 415', async () => {
    const res = seen('no type', await sendBytes(`/mandates/${id}/assignment`, JSON.stringify(assignment)));
    expect(res.status).toBe(415);
    const gzip = seen(
      'gzip',
      await http()
        .post(`/mandates/${id}/assignment`)
        .set({ ...SECRETARIAT, 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' })
        .send(Buffer.from('{}')),
    );
    expect(gzip.status).toBe(415);
  });

  it.each([
    ['arrays 10,000 deep', `{"reason":${'['.repeat(10_000)}${']'.repeat(10_000)}}`],
    ['objects 10,000 deep', `{"reason":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`],
  ])('refuses %s with 400 (it overflowed the validation pipe)', async (_, body) => {
    const before = await footprint(id);
    const res = seen('deep', await sendBytes(`/mandates/${id}/assignment`, body, 'application/json'));
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'body', errors: [expect.stringContaining('levels deep')] }]);
    expect(await footprint(id)).toEqual(before);
  });

  it('refuses invalid UTF-8 with 400 instead of storing U+FFFD', async () => {
    const registration = aRegistration();
    const text = Buffer.from(JSON.stringify({ ...registration, title: 'TITLE' }));
    const at = text.indexOf('TITLE');
    const bytes = Buffer.concat([text.subarray(0, at), Buffer.from([0x52, 0xe9, 0x75, 0xff]), text.subarray(at + 5)]);
    const res = seen('latin1 bytes', await sendBytes('/mandates', bytes, 'application/json'));
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('the body is not valid UTF-8');
    const wouldBe = `ag-res-2866-xliv-o-14-p${String(registration.paragraph).replace(/[^0-9a-z]+/g, '-')}`;
    expect(seen('not registered', await http().get(`/mandates/${wouldBe}`)).status).toBe(404);
    expect(await database.query('SELECT id FROM mandates WHERE id = $1', [wouldBe])).toEqual([]);
  });

  it.each([
    ['malformed JSON', '{"dependency":'],
    ['an array', '[]'],
    ['a string', '"assign"'],
    ['null', 'null'],
  ])('refuses %s as a body with 400', async (_, body) => {
    const res = seen(body, await sendBytes(`/mandates/${id}/assignment`, body, 'application/json'));
    expect(res.status).toBe(400);
    expect(res.body.fields).toEqual([{ field: 'body', errors: [expect.any(String)] }]);
  });

  it('refuses a schedule change without a schedule, or with [] or null, with 400', async () => {
    const before = await footprint(id);
    for (const schedule of [undefined, [], null, 'once', { kind: 'once', dueOn: '2031-01-01', months: 3 }]) {
      const res = seen(
        `schedule ${JSON.stringify(schedule)}`,
        await http()
          .post(`/mandates/${id}/reporting-schedule`)
          .set(SECRETARIAT)
          .send({ schedule, reason: 'The General Assembly changed the reporting period' }),
      );
      expect([JSON.stringify(schedule), res.status]).toEqual([JSON.stringify(schedule), 400]);
      expect((res.body.fields as { field: string }[]).map((f) => f.field)).toEqual([
        expect.stringMatching(/^schedule(\.months)?$/),
      ]);
    }
    expect(await footprint(id)).toEqual(before);
  });

  it('refuses a registration with "reportingSchedule": [] or null with 400, registering nothing', async () => {
    for (const reportingSchedule of [[], null]) {
      const registration = aRegistration({ reportingSchedule });
      const res = seen('register', await http().post('/mandates').set(SECRETARIAT).send(registration));
      expect(res.status).toBe(400);
      expect(res.body.fields[0].field).toBe('reportingSchedule');
      const wouldBe = `ag-res-2866-xliv-o-14-p${String(registration.paragraph).replace(/[^0-9a-z]+/g, '-')}`;
      expect(await database.query('SELECT id FROM mandates WHERE id = $1', [wouldBe])).toEqual([]);
    }
  });

  it('refuses a path that does not decode with 400, and a method a route does not take with 405 and Allow', async () => {
    const badPath = seen('bad path', await http().get('/mandates/%E0%A4%A/events'));
    expect(badPath.status).toBe(400);
    const put = seen('put', await http().put(`/mandates/${id}`).set(SECRETARIAT).send({}));
    expect(put.status).toBe(405);
    expect(put.headers.allow).toBe('GET, HEAD, OPTIONS');
    const options = seen('options', await http().options('/mandates'));
    expect(options.status).toBe(204);
    expect(options.headers.allow).toBe('GET, POST, HEAD, OPTIONS');
    expect(await footprint(id)).toMatchObject({ rows: [expect.anything()] });
  });

  it('refuses a query parameter a route does not take, on every route, with 400 naming it', async () => {
    for (const path of [
      `/mandates/${id}`,
      `/mandates/${id}/events`,
      `/mandates/${id}/history`,
      `/mandates/${id}/notifications`,
      '/notifications',
      '/calendar.ics',
      '/health',
    ]) {
      const res = seen(path, await http().get(`${path}?statuss=failing`));
      expect([path, res.status, res.body.fields]).toEqual([
        path,
        400,
        [{ field: 'statuss', errors: ['this route takes no such query parameter'] }],
      ]);
    }
  });
});

describe('pages out of range', () => {
  it.each(['/notifications', '/mandates/ag-res-1-i-o-70-p1/notifications'])(
    'refuses offsets and limits that are not small whole numbers on %s with 400',
    async (path) => {
      for (const query of [
        'offset=1e20',
        'offset=9223372036854775807',
        'offset=-1',
        'offset=1.5',
        'offset=0x10',
        'offset=',
        'limit=0',
        'limit=101',
        'limit=1e1',
        'limit=abc',
        'limit=5&limit=6',
      ]) {
        const res = seen(query, await http().get(`${path}?${query}`));
        expect([query, res.status]).toEqual([query, 400]);
        expect(res.body.fields[0].field).toMatch(/^(offset|limit)$/);
      }
      const ok = seen('in range', await http().get(`${path}?offset=1000000&limit=100`));
      expect(ok.status).toBe(200);
      expect(ok.body).toMatchObject({ items: [], offset: 1_000_000, limit: 100 });
    },
  );

  /** A cursor as the API writes one (see encodeCursor): what a client could forge once it has seen one. */
  const forged = (sort: string, key: string, id: string) =>
    Buffer.from(JSON.stringify([sort, key, id])).toString('base64url');

  it('refuses a forged cursor on /mandates with 400 naming cursor, and follows every cursor it wrote', async () => {
    const word = `cursorword${Date.now()}`;
    for (let i = 0; i < 2; i++) await registered({ text: `Instructs the Secretariat on ${word} number ${i}.` });
    await eventually(async () => {
      const res = seen('search', await http().get('/mandates').query({ q: word }));
      expect(res.body.items).toHaveLength(2);
    });
    for (const [sort, key, id] of [
      ['-adopted', 'not a date', 'ag-res-1-i-o-70-p1'],
      ['adopted', '2023-02-30', 'ag-res-1-i-o-70-p1'],
      ['due', '99999-01-01', 'ag-res-1-i-o-70-p1'],
      ['-updated', 'yesterday', 'ag-res-1-i-o-70-p1'],
      ['updated', '2026-01-01 25:00:00+00', 'ag-res-1-i-o-70-p1'],
      ['relevance', '1e39', 'ag-res-1-i-o-70-p1'],
      ['symbol', 'AG\u0000', 'ag-res-1-i-o-70-p1'],
      ['-adopted', '2014-06-05', 'ag-res-1\u0000'],
      ['-adopted', '2014-06-05', 'Not An Id'],
    ]) {
      const res = seen(
        `cursor ${sort}`,
        await http()
          .get('/mandates')
          .query({ sort, q: word, cursor: forged(sort, key, id) }),
      );
      expect([sort, key, id, res.status, res.body.fields?.[0]?.field]).toEqual([sort, key, id, 400, 'cursor']);
    }
    for (const sort of MANDATE_SORTS) {
      const first = seen(`first ${sort}`, await http().get('/mandates').query({ sort, q: word, limit: 1 }));
      const next = seen(
        `next ${sort}`,
        await http()
          .get('/mandates')
          .query({ sort, q: word, limit: 1, cursor: first.body.nextCursor as string }),
      );
      expect([sort, next.status, next.body.items?.length]).toEqual([sort, 200, 1]);
    }
  });

  it('refuses sort relevance without q with 400 on the list and both exports, before any of the answer is sent', async () => {
    for (const path of ['/mandates', '/exports/mandates.csv', '/exports/mandates.jsonl']) {
      const res = seen(path, await http().get(path).query({ sort: 'relevance' }));
      expect([path, res.status, res.headers['content-type'], res.body.fields?.[0]?.field]).toEqual([
        path,
        400,
        expect.stringMatching(/^application\/json/),
        'sort',
      ]);
    }
  });

  it('reads the depth of a lineage as a whole number in decimal digits only', async () => {
    for (const depth of ['0x2', '1e0', ' 2', '', '2.0', '6']) {
      const res = seen(`depth ${depth}`, await http().get('/mandates/ag-res-1-i-o-70-p1/lineage').query({ depth }));
      expect([depth, res.status, res.body.fields?.[0]?.field]).toEqual([depth, 400, 'depth']);
    }
  });
});

describe('the iCalendar feed', () => {
  it('refuses a dependency with a line break in the query with 400', async () => {
    for (const dependency of ['DPS\r\nBEGIN:VEVENT', 'DPS\rX', 'DPS\nX', 'DPS\u2028X']) {
      const res = seen('feed', await http().get('/calendar.ics').query({ dependency }));
      expect(res.status).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
    }
  });

  it('keeps a stored title with line breaks and controls inside its own line', async () => {
    const dependency = `${DEPENDENCY} (calendar)`;
    const id = await registered({ reportingSchedule: { kind: 'once', dueOn: '2031-03-01' } });
    seen(
      'assign',
      await http().post(`/mandates/${id}/assignment`).set(SECRETARIAT).send({ dependency, officer: 'ana' }),
    );
    await eventually(async () =>
      expect(await database.query('SELECT dependency FROM mandates WHERE id = $1', [id])).toEqual([{ dependency }]),
    );
    // A title stored before the field rules, or written into the read model by hand.
    const title = 'Title\rEND:VEVENT\r\nBEGIN:VEVENT\nUID:forged\u0085DTSTART:20000101\u0007;,\\';
    await database.query(
      `UPDATE mandates SET state = jsonb_set(state, '{registration,title}', to_jsonb($2::text)) WHERE id = $1`,
      [id, title],
    );
    const ics = await textOf(stack, `/calendar.ics?dependency=${encodeURIComponent(dependency)}`);
    answers.push({ what: 'feed', text: ics });
    // eslint-disable-next-line no-control-regex -- what must not reach the feed
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n\u0007\u0085]/);
    const events = new ICAL.Component(ICAL.parse(ics)).getAllSubcomponents('vevent').map((e) => new ICAL.Event(e));
    expect(events).toHaveLength(1);
    expect(events[0].uid).toBe(`${id}-c0@mandate-tracker`);
    expect(events[0].description).toContain('Title\nEND:VEVENT\nBEGIN:VEVENT\nUID:forged\nDTSTART:20000101;,\\');
  });
});

describe('delivery secrets stay inside', () => {
  /** Reminded by webhook only (no officerEmail): its delivery is recorded. */
  let webhookOnly: string;
  /** Reminded by webhook and e-mail, which cannot be sent: its delivery keeps failing. */
  let mailFailing: string;

  async function dueTodayAndAssigned(officer: Record<string, string>): Promise<string> {
    const id = await registered({ reportingSchedule: { kind: 'once', dueOn: today() } });
    const res = seen(
      'assign',
      await http()
        .post(`/mandates/${id}/assignment`)
        .set(SECRETARIAT)
        .send({ dependency: DEPENDENCY, ...officer }),
    );
    expect(res.status).toBe(200);
    return id;
  }

  beforeAll(async () => {
    // Yesterday's reminder is due at once.
    webhookOnly = await dueTodayAndAssigned({ officer: 'ana' });
    mailFailing = await dueTodayAndAssigned({ officer: 'luis', officerEmail: 'luis.perez@example.org' });
    await eventually(async () => {
      const state = seen('state', await http().get(`/mandates/${webhookOnly}`));
      const notifications = state.body.notifications as { deliveries: unknown[] }[];
      expect(notifications.length).toBeGreaterThan(0);
      for (const notification of notifications) expect(notification.deliveries).toHaveLength(1);
      const failing = seen('failing', await http().get(`/mandates/${mailFailing}/notifications?status=failing`));
      expect(failing.body.items).toContainEqual(expect.objectContaining({ channel: 'email', kind: 'reminder' }));
    }, 60_000);
  });

  it('shows a webhook by scheme and host, an e-mail address masked, and an error naming no host or port', async () => {
    // The activity tries the e-mail, then the webhook: the webhook may still be on its way when the e-mail fails.
    await eventually(async () => {
      const listed = seen('list', await http().get(`/mandates/${mailFailing}/notifications`));
      const byChannel = Object.fromEntries(
        (listed.body.items as { channel: string; kind: string }[])
          .filter((item) => item.kind === 'reminder')
          .map((item) => [item.channel, item]),
      );
      expect(byChannel.webhook).toMatchObject({ status: 'sent', address: 'http://127.0.0.1' });
      expect(byChannel.email).toMatchObject({
        status: 'failing',
        address: 'l•••@example.org',
        lastError: expect.stringMatching(/^the (mail server|connection to the mail server) /),
      });
    });
    const across = seen('across', await http().get('/notifications?limit=100'));
    expect(JSON.stringify(across.body)).not.toContain('luis.perez');
  });

  it('records no secret in the history: the delivered event, the state, a failing activity', async () => {
    const events = seen('events', await http().get(`/mandates/${webhookOnly}/events`));
    const delivered = (events.body as { type: string; data: Record<string, unknown> }[]).find(
      (e) => e.type === 'NotificationDelivered',
    );
    expect(delivered?.data).toMatchObject({ channel: 'webhook', address: 'http://127.0.0.1' });
    const state = seen('state', await http().get(`/mandates/${webhookOnly}`));
    for (const notification of state.body.notifications as { deliveries: unknown[] }[]) {
      expect(notification.deliveries).toEqual([
        { channel: 'webhook', address: 'http://127.0.0.1', sentAt: expect.any(String) },
      ]);
    }
    // The raw Temporal history, payloads decoded, and the failure a retried activity carries.
    // Payloads travel base64-encoded in JSON: decode each, so that a secret inside one is seen.
    const decoded = (value: unknown) =>
      JSON.stringify(value).replace(/"data":"([A-Za-z0-9+/=]+)"/g, (_m, b64: string) =>
        JSON.stringify(Buffer.from(b64, 'base64').toString('utf8')),
      );
    const history = decoded(await stack.temporal.workflow.getHandle(`mandate:${webhookOnly}`).fetchHistory());
    expect(history.includes('NotificationDelivered')).toBe(true);
    const pending = decoded((await stack.temporal.workflow.getHandle(`mandate:${mailFailing}`).describe()).raw);
    expect(/the (mail server|connection to the mail server) /.test(pending)).toBe(true);
    // Temporal also keeps the worker's stack of a failed attempt (source paths, for operators); no answer of the
    // API serves it. What must not be there is a secret.
    for (const text of [history, pending]) {
      for (const secret of [WEBHOOK_TOKEN, WEBHOOK_SECRET, `:${closedSmtpPort}`, 'hunter2', 'luis.perez@']) {
        expect([secret, text.includes(secret)]).toEqual([secret, false]);
      }
    }
  });
});

describe('PostgreSQL down', () => {
  let app: INestApplication;
  let database: DatabaseProxy;

  beforeAll(async () => {
    database = await DatabaseProxy.start();
    app = await apiAlone({ DATABASE_URL: database.url });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers the lists 503 with Retry-After, as /health does, naming no host', async () => {
    const auditor = await stack.as(PEOPLE.auditor);
    const api = () => ({
      get: (path: string) =>
        request(app.getHttpServer() as Parameters<typeof request>[0])
          .get(path)
          .set(auditor),
    });
    expect(seen('up', await api().get('/notifications')).status).toBe(200);
    await database.cut();
    for (const path of ['/notifications', '/mandates/ag-res-1-i-o-70-p1/notifications', '/calendar.ics', '/mandates']) {
      const res = seen(path, await api().get(path));
      expect([path, res.status]).toEqual([path, 503]);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.body).toEqual({
        statusCode: 503,
        error: 'Service Unavailable',
        message: "the read model's database does not answer; retry in a few seconds",
      });
    }
    const health = seen('health', await api().get('/health'));
    expect(health.status).toBe(503);
  });
});

/** The API alone (no worker), on the shared servers: for what needs its own configuration. */
async function apiAlone(env: Record<string, string> = {}): Promise<INestApplication> {
  const app = await createApiApplication(
    loadConfig({
      TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
      DATABASE_URL: process.env.TEST_DATABASE_URL,
      OIDC_ISSUER_URL: process.env.TEST_OIDC_ISSUER_URL,
      DATABASE_MIGRATE: 'false',
      TEMPORAL_TASK_QUEUE: `hostile-${randomUUID()}`,
      LOG_LEVEL: 'error',
      ...env,
    }),
    { api: true, worker: false },
  );
  await app.init();
  return app;
}

describe('security headers, CORS and rate limits', () => {
  it('puts security headers on every answer, Swagger UI included, and no X-Powered-By', async () => {
    const answersToCheck: [string, Response][] = [
      ['/health', await http().get('/health')],
      ['a 404', await http().get('/mandates/ag-res-1-i-o-70-p1')],
      ['/calendar.ics', await http().get('/calendar.ics')],
      ['a 400', await http().post('/mandates').set(SECRETARIAT).send({})],
      ['a 405', await http().delete('/mandates')],
      ['no route', await http().get('/nowhere')],
      ['the document', await http().get('/docs/openapi.json')],
    ];
    for (const [what, res] of answersToCheck) {
      seen(what, res);
      expect([what, res.headers['x-powered-by']]).toEqual([what, undefined]);
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': expect.stringContaining('max-age='),
        'content-security-policy': expect.stringContaining("frame-ancestors 'none'"),
      });
    }
    const ui = seen('docs', await http().get('/docs'));
    expect(ui.status).toBe(200);
    expect(ui.headers['x-powered-by']).toBeUndefined();
    const csp = ui.headers['content-security-policy'];
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    // Swagger UI works under it: every script it loads is its own file, none inline.
    const scripts = [...ui.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/src="\.\/docs\/[\w.-]+\.js"/);
      expect(body.trim()).toBe('');
    }
    for (const [, src] of ui.text.matchAll(/src="\.\/(docs\/[\w.-]+\.js)"/g)) {
      const script = await http().get(`/${src}`);
      expect([src, script.status]).toEqual([src, 200]);
    }
  });

  it('gives browsers on other origins no access by default', async () => {
    const res = seen('origin', await http().get('/health').set('Origin', 'https://evil.example'));
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const preflight = seen(
      'preflight',
      await http()
        .options('/mandates')
        .set({ Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' }),
    );
    expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('lets the origins of CORS_ORIGINS in, with the headers commands take, and no other', async () => {
    const app = await apiAlone({ CORS_ORIGINS: 'https://console.example.org,https://audit.example.org' });
    try {
      const api = () => request(app.getHttpServer() as Parameters<typeof request>[0]);
      const preflight = seen(
        'preflight',
        await api().options('/mandates').set({
          Origin: 'https://console.example.org',
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type,authorization,idempotency-key',
        }),
      );
      expect(preflight.status).toBe(204);
      expect(preflight.headers['access-control-allow-origin']).toBe('https://console.example.org');
      expect(preflight.headers['access-control-allow-headers']).toContain('Authorization');
      expect(preflight.headers['access-control-allow-headers']).not.toContain('X-Actor');
      expect(preflight.headers['access-control-allow-methods']).toBe('GET,HEAD,POST');
      const other = seen('other', await api().get('/health').set('Origin', 'https://evil.example'));
      expect(other.headers['access-control-allow-origin']).toBeUndefined();
    } finally {
      await app.close();
    }
  });

  it('answers 429 with Retry-After past the general ceiling, and sooner on the expensive routes', async () => {
    const app = await apiAlone({ RATE_LIMIT_PER_MINUTE: '6', RATE_LIMIT_EXPENSIVE_PER_MINUTE: '2' });
    const auditor = await stack.as(PEOPLE.auditor);
    try {
      const api = () => ({
        get: (path: string) =>
          request(app.getHttpServer() as Parameters<typeof request>[0])
            .get(path)
            .set(auditor),
      });
      const exports = [];
      for (let i = 0; i < 3; i++) exports.push(seen('export', await api().get('/mandates/ag-res-1-i-o-70-p1/export')));
      expect(exports.map((r) => r.status === 429)).toEqual([false, false, true]);
      expect(Number(exports[2].headers['retry-after'])).toBeGreaterThan(0);
      expect(exports[2].body).toMatchObject({ statusCode: 429, error: 'Too Many Requests' });
      // Cheap routes still answer until the general ceiling (6 a minute, the 3 exports included).
      const reads = [];
      for (let i = 0; i < 4; i++) reads.push(seen('read', await api().get('/notifications')));
      expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 429]);
      expect(Number(reads[3].headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await app.close();
    }
  });
});

describe('the OpenAPI document', () => {
  it('documents every status a route may answer, with an error schema, and the rules of each input', async () => {
    const res = seen('document', await http().get('/docs/openapi.json'));
    const document = res.body as {
      paths: Record<
        string,
        Record<
          string,
          {
            summary?: string;
            tags?: string[];
            responses: Record<string, { content?: object }>;
            requestBody?: object;
            parameters?: { name: string; in: string; schema: { pattern?: string } }[];
          }
        >
      >;
      components: {
        schemas: Record<
          string,
          {
            oneOf?: { properties: Record<string, { pattern?: string }>; required: string[] }[];
            additionalProperties?: boolean;
          }
        >;
      };
    };
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const where = `${method.toUpperCase()} ${path}`;
        const statuses = Object.keys(operation.responses);
        expect([where, statuses.filter((s) => s.startsWith('2')).length]).toEqual([where, 1]);
        expect([where, statuses]).toEqual([where, expect.arrayContaining(['400', '429', '503'])]);
        if (path.includes('{')) expect([where, statuses]).toEqual([where, expect.arrayContaining(['404'])]);
        if (operation.requestBody) expect([where, statuses]).toEqual([where, expect.arrayContaining(['413', '415'])]);
        for (const [status, response] of Object.entries(operation.responses)) {
          // A 204 and a 304 have no body, so no media type either (Schemathesis holds the answer to the one
          // documented; the 304 answers GET /mandates/{id} with If-None-Match).
          const content = status === '204' || status === '304' ? undefined : expect.any(Object);
          expect([where, status, response.content]).toEqual([where, status, content]);
        }
        // The audit routes' summaries belong to the audit branch.
        if (!operation.tags?.includes('audit')) expect([where, operation.summary]).toEqual([where, expect.any(String)]);
      }
    }
    const register = document.paths['/mandates'].post;
    const idempotencyKey = register.parameters?.find((p) => p.name === 'Idempotency-Key');
    expect(idempotencyKey?.schema.pattern).toBe('^[A-Za-z0-9_.:-]{1,200}$');
    // One shape per body, paragraph or ordinal, date known or not: what the decider accepts, and nothing else.
    const shapes = document.components.schemas.RegisterMandateDto.oneOf ?? [];
    const summary = shapes.map((s) => [
      s.properties.resolutionSymbol.pattern?.slice(0, 4),
      s.required.filter((f) => ['paragraph', 'ordinal', 'adoptedOn'].includes(f)).join(' '),
      ['section', 'adoptedOnBasis'].filter((f) => f in s.properties).join(' '),
    ]);
    expect(summary.map((s) => s.join(' | ')).sort()).toEqual(
      ['^AG/', '^CP/']
        .flatMap((symbol) => [
          `${symbol} | paragraph adoptedOn | section adoptedOnBasis`,
          `${symbol} | paragraph | section`,
          `${symbol} | ordinal adoptedOn | adoptedOnBasis`,
          `${symbol} | ordinal | `,
        ])
        .sort(),
    );
    expect(document.components.schemas.AssignMandateDto.additionalProperties).toBe(false);
    const depth = document.paths['/mandates/{id}/lineage'].get.parameters?.find((p) => p.name === 'depth');
    expect(depth?.schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 5 });
    const importFile = document.paths['/imports'].post.requestBody as { required: boolean; content: object };
    expect(importFile.required).toBe(true);
    expect(Object.keys(importFile.content)).toEqual(['text/csv', 'application/x-ndjson', 'application/json']);
    const cursor = document.paths['/mandates'].get.parameters?.find((p) => p.name === 'cursor');
    expect(cursor?.schema.pattern).toBe('^[A-Za-z0-9_-]+$');
  });
});

/**
 * Who may do what, through the API: every route as every role (and anonymous), with the exact status; then tokens
 * that must not pass (expired, for another audience or issuer, `alg: none`, tampered, signed with an unknown or a
 * retired key) and key rotation. Real tokens from a real embedded provider of this file's own, whose signing key
 * the test rotates.
 */
import { createHmac, createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import type TestAgent from 'supertest/lib/agent';
import { DEV_DIRECTORY } from '../../src/identity-provider/directory';
import { signIn } from '../../src/identity-provider/token-client';
import { mandateWorkflowId } from '../../workflows/mandate/contract';
import { mandateIdFor } from '../../workflows/mandate/lifecycle';
import { eventually, type TestStack, textOf } from '../support/api';
import { IdentityProviderProcess, PEOPLE, Tokens } from '../support/identity-provider';
import { startIsolatedStack } from '../support/isolated';
import { aRegistration, assignment, followUp, progressReport } from '../support/requests';
import { retryingUnavailable } from '../support/retry-unavailable';

const CALLERS = ['anonymous', 'secretariat', 'officer', 'otherOfficer', 'auditor', 'administrator', 'machine'] as const;
type Caller = (typeof CALLERS)[number];
const WHO: Record<Exclude<Caller, 'anonymous'>, string> = {
  secretariat: PEOPLE.secretariat,
  officer: PEOPLE.officer, // DPS: the fixtures' dependency
  otherOfficer: PEOPLE.otherOfficer, // CICAD
  auditor: PEOPLE.auditor,
  administrator: PEOPLE.administrator,
  machine: 'client:nightly-import', // secretariat
};

const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
const SCHEDULED = { reportingSchedule: { kind: 'once', dueOn: day(60) } };

const dir = mkdtempSync(join(tmpdir(), 'access-matrix-'));
const auditKey = join(dir, 'audit-signing-key.pem');
writeFileSync(auditKey, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));

let provider: IdentityProviderProcess;
let stack: TestStack;
let tokens: Tokens;
let api: () => TestAgent;

/** Fixtures shared by every refused request: a DPS mandate with a report under review, a CICAD mandate. */
let dps: string;
let cicad: string;
let feedPath: string;
let feedId: string;
let exported: string;

async function headers(caller: Caller): Promise<Record<string, string>> {
  return caller === 'anonymous' ? {} : tokens.bearer(WHO[caller]);
}

async function register(overrides: Record<string, unknown> = SCHEDULED): Promise<string> {
  const res = await api()
    .post('/mandates')
    .set(await headers('secretariat'))
    .send(aRegistration(overrides))
    .expect(201);
  return res.body.id as string;
}

async function assigned(body: Record<string, unknown> = assignment): Promise<string> {
  const id = await register();
  await api()
    .post(`/mandates/${id}/assignment`)
    .set(await headers('secretariat'))
    .send(body)
    .expect(200);
  return id;
}

async function underReview(): Promise<string> {
  const id = await assigned();
  await api()
    .post(`/mandates/${id}/progress-reports`)
    .set(await headers('officer'))
    .send(progressReport)
    .expect(200);
  return id;
}

interface Route {
  method: 'get' | 'post' | 'delete';
  /** As the OpenAPI document names it. */
  path: string;
  /** The status each caller gets. */
  expect: Record<Caller, number>;
  /** The request: on fixtures of its own when it is to succeed (it changes them), on the shared ones otherwise. */
  request(caller: Caller, succeeds: boolean): Promise<{ url: string; body?: unknown; json?: string }>;
}

const refused = { anonymous: 401, officer: 403, otherOfficer: 403, auditor: 403, administrator: 403 };
/** A secretariat command: the secretariat and the machine client (secretariat too) succeed with `ok`. */
const secretariatCommand = (ok: number) => ({ ...refused, secretariat: ok, machine: ok });
/** An officer's command on a DPS mandate: the DPS officer only; to the CICAD officer the mandate does not exist. */
const officerCommand = { ...refused, officer: 200, otherOfficer: 404, secretariat: 403, machine: 403 };
const mandateRead = {
  anonymous: 401,
  secretariat: 200,
  officer: 200,
  otherOfficer: 404,
  auditor: 200,
  administrator: 403,
  machine: 200,
};
const auditorOnly = { ...refused, auditor: 200, secretariat: 403, machine: 403 };
const auditorAndAdministrator = { ...auditorOnly, administrator: 200 };
/** Operations: the administrator only (the rebuild and drift check run on this file's own database). */
const administratorOnly = (ok: number) => ({ ...refused, administrator: ok, secretariat: 403, machine: 403 });
const calendarRead = (ok: number) => ({
  anonymous: 401,
  secretariat: ok,
  officer: ok,
  otherOfficer: ok,
  auditor: ok,
  administrator: 403,
  machine: ok,
});
const everyone = (status: number) => Object.fromEntries(CALLERS.map((c) => [c, status])) as Record<Caller, number>;

const ROUTES: Route[] = [
  {
    method: 'post',
    path: '/mandates',
    expect: secretariatCommand(201),
    request: () => Promise.resolve({ url: '/mandates', body: aRegistration() }),
  },
  {
    method: 'get',
    path: '/mandates',
    expect: { ...mandateRead, otherOfficer: 200 },
    request: () => Promise.resolve({ url: '/mandates' }),
  },
  {
    method: 'get',
    path: '/mandates/{id}',
    expect: mandateRead,
    request: () => Promise.resolve({ url: `/mandates/${dps}` }),
  },
  {
    method: 'get',
    path: '/mandates/{id}/events',
    expect: mandateRead,
    request: () => Promise.resolve({ url: `/mandates/${dps}/events` }),
  },
  {
    method: 'post',
    path: '/mandates/{id}/assignment',
    expect: secretariatCommand(200),
    request: async (_, ok) => ({ url: `/mandates/${ok ? await register() : dps}/assignment`, body: assignment }),
  },
  {
    method: 'post',
    path: '/mandates/{id}/reassignment',
    expect: secretariatCommand(200),
    request: async (_, ok) => ({
      url: `/mandates/${ok ? await assigned() : dps}/reassignment`,
      body: {
        dependency: 'Inter-American Drug Abuse Control Commission',
        dependencyId: 'CICAD',
        officer: 'jorge.ramirez',
        reason: 'Moved to CICAD',
      },
    }),
  },
  {
    method: 'post',
    path: '/mandates/{id}/follow-ups',
    expect: officerCommand,
    request: async (_, ok) => ({ url: `/mandates/${ok ? await assigned() : dps}/follow-ups`, body: followUp }),
  },
  {
    method: 'post',
    path: '/mandates/{id}/progress-reports',
    expect: officerCommand,
    request: async (_, ok) => ({
      url: `/mandates/${ok ? await assigned() : dps}/progress-reports`,
      body: progressReport,
    }),
  },
  {
    method: 'post',
    path: '/mandates/{id}/progress-reports/{reportId}/review',
    expect: secretariatCommand(200),
    request: async (_, ok) => ({
      url: `/mandates/${ok ? await underReview() : dps}/progress-reports/R1/review`,
      body: { decision: 'accepted' },
    }),
  },
  {
    method: 'post',
    path: '/mandates/{id}/reporting-schedule',
    expect: secretariatCommand(200),
    request: async (_, ok) => ({
      url: `/mandates/${ok ? await register() : dps}/reporting-schedule`,
      body: { schedule: { kind: 'once', dueOn: day(90) }, reason: 'The session moved' },
    }),
  },
  {
    method: 'post',
    path: '/mandates/{id}/deadline-extension',
    expect: secretariatCommand(200),
    request: async (_, ok) => ({
      url: `/mandates/${ok ? await register() : dps}/deadline-extension`,
      body: { newDueOn: day(120), reason: 'The session was postponed' },
    }),
  },
  {
    method: 'post',
    path: '/mandates/{id}/links',
    expect: secretariatCommand(200),
    request: async (_, ok) => ({
      url: `/mandates/${ok ? await register() : dps}/links`,
      body: { relation: 'renewed_by', otherMandateId: cicad, reason: 'Renewed' },
    }),
  },
  {
    method: 'post',
    path: '/mandates/{id}/closure',
    expect: secretariatCommand(200),
    request: async (_, ok) => ({
      url: `/mandates/${ok ? await register() : dps}/closure`,
      body: { outcome: 'duplicate', reason: 'Same as another paragraph' },
    }),
  },
  {
    method: 'get',
    path: '/mandates/{id}/notifications',
    expect: { ...mandateRead, administrator: 200 },
    request: () => Promise.resolve({ url: `/mandates/${dps}/notifications` }),
  },
  {
    method: 'get',
    path: '/notifications',
    expect: { ...everyone(200), anonymous: 401 },
    request: () => Promise.resolve({ url: '/notifications' }),
  },
  {
    method: 'get',
    path: '/calendar.ics',
    expect: calendarRead(200),
    request: () => Promise.resolve({ url: '/calendar.ics' }),
  },
  {
    method: 'post',
    path: '/calendar/feeds',
    expect: calendarRead(201),
    request: () => Promise.resolve({ url: '/calendar/feeds' }),
  },
  {
    method: 'get',
    path: '/calendar/feeds',
    expect: calendarRead(200),
    request: () => Promise.resolve({ url: '/calendar/feeds' }),
  },
  {
    method: 'delete',
    path: '/calendar/feeds/{feedId}',
    expect: calendarRead(204),
    request: async (caller, ok) => {
      if (!ok) return { url: `/calendar/feeds/${feedId}` };
      const own = await api()
        .post('/calendar/feeds')
        .set(await headers(caller))
        .expect(201);
      return { url: `/calendar/feeds/${own.body.id}` };
    },
  },
  {
    method: 'get',
    path: '/calendar/feeds/{feedId}/{secret}.ics',
    expect: everyone(200),
    request: () => Promise.resolve({ url: feedPath }),
  },
  {
    method: 'get',
    path: '/mandates/{id}/history',
    expect: auditorOnly,
    request: () => Promise.resolve({ url: `/mandates/${dps}/history` }),
  },
  {
    method: 'get',
    path: '/mandates/{id}/as-of',
    expect: auditorOnly,
    request: () => Promise.resolve({ url: `/mandates/${dps}/as-of?sequence=1` }),
  },
  {
    method: 'get',
    path: '/mandates/{id}/export',
    expect: auditorOnly,
    request: () => Promise.resolve({ url: `/mandates/${dps}/export` }),
  },
  {
    method: 'get',
    path: '/audit/keys',
    expect: auditorAndAdministrator,
    request: () => Promise.resolve({ url: '/audit/keys' }),
  },
  {
    method: 'get',
    path: '/audit/public-key',
    expect: auditorAndAdministrator,
    request: () => Promise.resolve({ url: '/audit/public-key' }),
  },
  {
    method: 'post',
    path: '/audit/verify',
    expect: auditorAndAdministrator,
    request: () => Promise.resolve({ url: '/audit/verify', json: exported }),
  },
  {
    method: 'post',
    path: '/audit/replay',
    expect: auditorAndAdministrator,
    request: () => Promise.resolve({ url: '/audit/replay', json: exported }),
  },
  {
    method: 'get',
    path: '/mandates/count',
    expect: { ...mandateRead, otherOfficer: 200 },
    request: () => Promise.resolve({ url: '/mandates/count' }),
  },
  {
    method: 'get',
    path: '/mandates/{id}/lineage',
    expect: mandateRead,
    request: () => Promise.resolve({ url: `/mandates/${dps}/lineage` }),
  },
  {
    method: 'get',
    path: '/stats',
    expect: { ...mandateRead, otherOfficer: 200 },
    request: () => Promise.resolve({ url: '/stats' }),
  },
  {
    method: 'get',
    path: '/exports/mandates.csv',
    expect: { ...mandateRead, otherOfficer: 200 },
    request: () => Promise.resolve({ url: '/exports/mandates.csv' }),
  },
  {
    method: 'get',
    path: '/exports/mandates.jsonl',
    expect: { ...mandateRead, otherOfficer: 200 },
    request: () => Promise.resolve({ url: '/exports/mandates.jsonl' }),
  },
  {
    method: 'post',
    path: '/imports',
    expect: secretariatCommand(200),
    request: () =>
      Promise.resolve({
        url: '/imports?mode=dry-run',
        body: {
          entries: [
            {
              resolution: 'AG/RES. 2866 (XLIV-O/14)',
              paragraph: '99',
              adopted: '2014-06-05',
              mandate: 'A dry run registers nothing',
            },
          ],
        },
      }),
  },
  {
    method: 'post',
    path: '/admin/read-model/rebuild',
    expect: administratorOnly(202),
    request: () => Promise.resolve({ url: '/admin/read-model/rebuild' }),
  },
  {
    method: 'get',
    path: '/admin/read-model/rebuild',
    expect: administratorOnly(200),
    request: () => Promise.resolve({ url: '/admin/read-model/rebuild' }),
  },
  {
    method: 'post',
    path: '/admin/read-model/drift',
    expect: administratorOnly(202),
    request: () => Promise.resolve({ url: '/admin/read-model/drift' }),
  },
  {
    method: 'get',
    path: '/admin/read-model/drift',
    expect: administratorOnly(200),
    request: () => Promise.resolve({ url: '/admin/read-model/drift' }),
  },
  { method: 'get', path: '/health', expect: everyone(200), request: () => Promise.resolve({ url: '/health' }) },
];

async function send(route: Route, caller: Caller) {
  const succeeds = route.expect[caller] < 300;
  const { url, body, json } = await route.request(caller, succeeds);
  // As a client should: a 503 is retried, with the same key.
  const key = `matrix-${randomUUID()}`;
  return retryingUnavailable(async () => {
    let req = api()
      [route.method](url)
      .set({ ...(await headers(caller)), 'Idempotency-Key': key });
    if (json !== undefined) req = req.set('Content-Type', 'application/json').send(json);
    else if (body !== undefined) req = req.send(body as object);
    return req;
  });
}

/** The updates a mandate's workflow has taken: a refused command must add none. */
async function updatesTaken(id: string): Promise<number> {
  const history = await stack.temporal.workflow.getHandle(mandateWorkflowId(id)).fetchHistory();
  return (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes).length;
}

/** An iCalendar text with its folded lines joined. */
const unfolded = (ics: string) => ics.replace(/\r\n /g, '');

beforeAll(async () => {
  provider = await IdentityProviderProcess.start();
  // A short cooldown, so that the rotation below is seen at once (30 s by default). A database and namespace of its
  // own: the administrator's rebuild below swaps the whole read model.
  stack = await startIsolatedStack({
    OIDC_ISSUER_URL: provider.issuer,
    OIDC_JWKS_COOLDOWN_SECONDS: '1',
    AUDIT_SIGNING_KEY_FILE: auditKey,
  });
  tokens = stack.tokens;
  api = () => request.agent(stack.app.getHttpServer() as Parameters<typeof request>[0]);
  dps = await underReview();
  cicad = await assigned({
    dependency: 'Inter-American Drug Abuse Control Commission',
    dependencyId: 'CICAD',
    officer: 'jorge.ramirez',
  });
  const feed = await api()
    .post('/calendar/feeds')
    .set(await headers('secretariat'))
    .expect(201);
  feedId = feed.body.id as string;
  feedPath = feed.body.path as string;
  // The export reads every event from the projection inputs in the history: wait until they are all there.
  await eventually(async () => {
    const events = await api()
      .get(`/mandates/${dps}/events`)
      .set(await headers('auditor'))
      .expect(200);
    exported = await textOf(stack, `/mandates/${dps}/export`);
    expect((JSON.parse(exported) as { manifest: { events: unknown[] } }).manifest.events).toHaveLength(
      events.body.length,
    );
  });
}, 180_000);

afterAll(async () => {
  await stack?.close();
  await provider?.stop();
});

describe('every route, every role', () => {
  it('covers every operation of the OpenAPI document', async () => {
    const res = await api().get('/docs/openapi.json').expect(200);
    const operations = Object.entries(res.body.paths as Record<string, object>).flatMap(([path, methods]) =>
      Object.keys(methods).map((method) => `${method} ${path}`),
    );
    expect(operations.sort()).toEqual(ROUTES.map((r) => `${r.method} ${r.path}`).sort());
  });

  describe.each(ROUTES)('$method $path', (route) => {
    it.each(CALLERS)('as %s', async (caller) => {
      const before = await updatesTaken(dps);
      const res = await send(route, caller);
      expect({ caller, status: res.status, body: res.status >= 400 ? res.body : undefined }).toMatchObject({
        caller,
        status: route.expect[caller],
      });
      if (res.status === 401) {
        expect(res.headers['www-authenticate']).toBe('Bearer realm="mandate-tracker"');
      }
      if (res.status === 403) {
        expect(res.body).toMatchObject({ statusCode: 403, permission: expect.any(String) });
        expect(res.body.message).toMatch(/^this needs the permission [a-z:-]+, held by /);
      }
      // Nothing refused reaches the shared mandate's workflow.
      if (res.status >= 400) expect(await updatesTaken(dps)).toBe(before);
    });
  });
});

describe('what the events record', () => {
  it("is the token's verified subject, its name and the roles it acted under; a machine client is client:<id>", async () => {
    const id = await register();
    await api()
      .post(`/mandates/${id}/assignment`)
      .set(await headers('machine'))
      .send(assignment)
      .expect(200);
    const person = await tokens.bearer(PEOPLE.secretariatAndOfficer);
    await api().post(`/mandates/${id}/follow-ups`).set(person).send(followUp).expect(200);
    const events = (
      await api()
        .get(`/mandates/${id}/events`)
        .set(await headers('auditor'))
        .expect(200)
    ).body as Record<string, unknown>[];
    expect(events.map((e) => [e.type, e.actor, e.actorName, e.actorRoles])).toEqual([
      ['MandateRegistered', PEOPLE.secretariat, 'Carlos Méndez', ['secretariat']],
      ['MandateAssigned', 'client:nightly-import', 'Nightly import', ['secretariat']],
      // Rosa is secretariat and officer: a follow-up is an officer's.
      ['FollowUpRecorded', PEOPLE.secretariatAndOfficer, 'Rosa Martínez', ['officer']],
    ]);
  });
});

describe('segregation of duties', () => {
  it('does not let whoever submitted a report review it; someone else may', async () => {
    const id = await assigned();
    const rosa = await tokens.bearer(PEOPLE.secretariatAndOfficer);
    await api().post(`/mandates/${id}/progress-reports`).set(rosa).send(progressReport).expect(200);
    const before = await updatesTaken(id);
    const own = await api().post(`/mandates/${id}/progress-reports/R1/review`).set(rosa).send({ decision: 'accepted' });
    expect(own.status).toBe(403);
    expect(own.body).toMatchObject({ rule: 'no-review-of-own-report' });
    expect(await updatesTaken(id)).toBe(before);
    await api()
      .post(`/mandates/${id}/progress-reports/R1/review`)
      .set(await headers('secretariat'))
      .send({ decision: 'accepted' })
      .expect(200);
  });

  it('does not let anyone assign or reassign a mandate to themself, by any of their names', async () => {
    const id = await register();
    const carlos = await headers('secretariat');
    const rosa = await tokens.bearer(PEOPLE.secretariatAndOfficer);
    for (const [who, body] of [
      [carlos, { ...assignment, officer: 'carlos.mendez' }],
      [carlos, { ...assignment, officer: 'someone', officerEmail: 'Carlos.Mendez@example.org' }],
      [rosa, { ...assignment, officer: 'Rosa Martínez' }],
    ] as const) {
      const res = await api().post(`/mandates/${id}/assignment`).set(who).send(body);
      expect({ status: res.status, rule: res.body.rule }).toEqual({ status: 403, rule: 'no-self-assignment' });
    }
    await api().post(`/mandates/${id}/assignment`).set(carlos).send(assignment).expect(200);
    const res = await api()
      .post(`/mandates/${id}/reassignment`)
      .set(rosa)
      .send({ ...assignment, officer: 'rosa.martinez', reason: 'I will do it' });
    expect({ status: res.status, rule: res.body.rule }).toEqual({ status: 403, rule: 'no-self-assignment' });
    const events = (await api().get(`/mandates/${id}/events`).set(carlos).expect(200)).body as { type: string }[];
    expect(events.map((e) => e.type)).toEqual(['MandateRegistered', 'MandateAssigned']);
  });
});

describe("an officer's reads", () => {
  it("show their dependency's mandates only: lists, notifications, calendars and secret feeds", async () => {
    const maria = await headers('officer');
    const jorge = await headers('otherOfficer');
    const ids = async (who: Record<string, string>) =>
      ((await api().get('/mandates').query({ limit: 100 }).set(who).expect(200)).body.items as { id: string }[]).map(
        (m) => m.id,
      );
    await eventually(async () => {
      expect(await ids(maria)).toContain(dps);
      expect(await ids(jorge)).toContain(cicad);
    });
    expect(await ids(maria)).not.toContain(cicad);
    expect(await ids(jorge)).not.toContain(dps);
    const all = await ids(await headers('auditor'));
    expect(all).toEqual(expect.arrayContaining([dps, cicad]));

    const due = await assigned();
    await eventually(async () =>
      expect(unfolded((await api().get('/calendar.ics').set(maria).expect(200)).text)).toContain(`UID:${due}-c0@`),
    );
    const calendar = unfolded((await api().get('/calendar.ics').set(maria).expect(200)).text);
    expect(unfolded((await api().get('/calendar.ics').set(jorge).expect(200)).text)).toContain(`UID:${cicad}-c0@`);
    expect(calendar).not.toContain(cicad);

    const feed = await api().post('/calendar/feeds').set(maria).expect(201);
    const url = feed.body.path as string;
    const served = unfolded((await api().get(url).expect(200)).text);
    expect(served).toContain(`UID:${due}-c0@`);
    expect(served).not.toContain(cicad);
    // Listed to its owner without the secret; another officer cannot revoke it; its owner can, for good.
    const listed = (await api().get('/calendar/feeds').set(maria).expect(200)).body as { id: string }[];
    expect(listed).toContainEqual({ id: feed.body.id, createdAt: feed.body.createdAt });
    expect(JSON.stringify(listed)).not.toContain(url.slice(`/calendar/feeds/${feed.body.id}/`.length, -'.ics'.length));
    await api().delete(`/calendar/feeds/${feed.body.id}`).set(jorge).expect(404);
    await api().delete(`/calendar/feeds/${feed.body.id}`).set(maria).expect(204);
    await api().get(url).expect(404);
    // Under another feed, its secret opens nothing; nor does a secret that is not one, or an id that is not one.
    const other = await api().post('/calendar/feeds').set(maria).expect(201);
    await api()
      .get(url.replace(feed.body.id as string, other.body.id as string))
      .expect(404);
    await api().get(`/calendar/feeds/${other.body.id}/not-a-secret.ics`).expect(404);
    await api()
      .get(url.replace(feed.body.id as string, 'not-a-feed'))
      .expect(404);
  });
});

// --- Tokens that must not pass. Forged ones are signed with the provider's own key, so that each differs from a
// real token in one respect only.

function b64(value: object): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

function parts(token: string): {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signature: string;
} {
  const [header, payload, signature] = token.split('.');
  const decode = (p: string) => JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  return { header: decode(header), payload: decode(payload), signature: signature };
}

function forge(header: Record<string, unknown>, payload: Record<string, unknown>, jwk = provider.signingKeys()[0]) {
  const input = `${b64(header)}.${b64(payload)}`;
  const key = createPrivateKey({ key: jwk, format: 'jwk' });
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

describe('tokens that must not pass', () => {
  async function expectRefused(token: string, description: string | RegExp) {
    const registration = aRegistration();
    const res = await api().post('/mandates').set('Authorization', `Bearer ${token}`).send(registration);
    expect({ status: res.status, message: res.body.message }).toEqual({
      status: 401,
      message: expect.stringMatching(description),
    });
    expect(res.headers['www-authenticate']).toMatch(
      /^Bearer realm="mandate-tracker", error="invalid_token", error_description="[^"]+"$/,
    );
    // Nothing written: the registration never started a workflow.
    const id = mandateIdFor(registration.resolutionSymbol, registration.paragraph);
    await expect(stack.temporal.workflow.getHandle(mandateWorkflowId(id)).describe()).rejects.toThrow(/not found/i);
  }

  let real: string;
  beforeAll(async () => {
    real = await tokens.person(PEOPLE.secretariat);
  });

  it('accepts the real token they are made from', async () => {
    await api().get('/mandates').set('Authorization', `Bearer ${real}`).expect(200);
  });

  it('refuses an expired one (beyond the clock skew allowed)', async () => {
    const { header, payload } = parts(real);
    const now = Math.floor(Date.now() / 1000);
    await expectRefused(forge(header, { ...payload, iat: now - 3700, exp: now - 100 }), 'the access token has expired');
  });

  it('refuses one for another audience, and an ID token used as an access token', async () => {
    const { header, payload } = parts(real);
    await expectRefused(forge(header, { ...payload, aud: 'urn:another:api' }), /audience/);
    const carlos = DEV_DIRECTORY.users.find((u) => u.username === PEOPLE.secretariat)!;
    const { id_token } = await signIn({
      issuer: provider.issuer,
      username: carlos.username,
      password: carlos.password,
    });
    await expectRefused(id_token!, /audience/);
  });

  it('refuses one from another issuer: a real token of another provider, and a forged iss', async () => {
    const other = await new Tokens(process.env.TEST_OIDC_ISSUER_URL!).person(PEOPLE.secretariat);
    await expectRefused(other, /another issuer|no current key/);
    const { header, payload } = parts(real);
    await expectRefused(
      forge(header, { ...payload, iss: 'http://127.0.0.1:1' }),
      'the access token comes from another issuer',
    );
  });

  it("refuses alg: none, and HS256 keyed with the provider's public key", async () => {
    const { header, payload } = parts(real);
    await expectRefused(`${b64({ ...header, alg: 'none' })}.${b64(payload)}.`, /algorithm is not accepted/);
    const jwk = provider.signingKeys()[0];
    const publicPem = createPublicKey(createPrivateKey({ key: jwk, format: 'jwk' })).export({
      type: 'spki',
      format: 'pem',
    });
    const input = `${b64({ ...header, alg: 'HS256' })}.${b64(payload)}`;
    const hs = `${input}.${createHmac('sha256', publicPem).update(input).digest('base64url')}`;
    await expectRefused(hs, /algorithm is not accepted/);
  });

  it('refuses a tampered one, one signed by an unknown key, and malformed ones', async () => {
    const { header, payload, signature } = parts(await tokens.person(PEOPLE.officer));
    await expectRefused(
      `${b64(header)}.${b64({ ...payload, roles: ['secretariat'] })}.${signature}`,
      /signature does not verify/,
    );
    const stranger = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
    await expectRefused(
      forge({ ...header, kid: 'unknown-key' }, payload, {
        ...stranger,
        kid: 'unknown-key',
        kty: 'RSA',
        use: 'sig',
        alg: 'RS256',
      }),
      'no current key of the issuer signed the access token',
    );
    await expectRefused('not-a-token', 'the access token is malformed');
    await expectRefused(`${real.split('.').slice(0, 2).join('.')}`, 'the access token is malformed');
  });

  it('refuses no token and other schemes with a bare challenge', async () => {
    for (const authorization of [undefined, 'Basic Y2FybG9zOnB3', 'Bearer', `Token ${real}`]) {
      const req = api().post('/mandates').send(aRegistration());
      const res = await (authorization ? req.set('Authorization', authorization) : req);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="mandate-tracker"');
    }
  });

  it("follows the provider's key rotation: new keys are fetched, the previous one honoured, a retired one refused", async () => {
    const beforeRotation = await new Tokens(provider.issuer).person(PEOPLE.auditor);
    await api().get('/mandates').set('Authorization', `Bearer ${beforeRotation}`).expect(200);

    const rotated = await provider.rotateSigningKey();
    const afterRotation = await new Tokens(provider.issuer).person(PEOPLE.auditor);
    expect(parts(afterRotation).header.kid).toBe(rotated);
    // The API has not seen this key: it fetches the keys again (after the cooldown) and accepts the token.
    await eventually(() => api().get('/mandates').set('Authorization', `Bearer ${afterRotation}`).expect(200), 10_000);
    await api().get('/mandates').set('Authorization', `Bearer ${beforeRotation}`).expect(200);

    // A second rotation retires the first key: once the API has fetched the new set, tokens it signed are refused.
    const retiring = await provider.rotateSigningKey();
    const latest = await new Tokens(provider.issuer).person(PEOPLE.auditor);
    expect(parts(latest).header.kid).toBe(retiring);
    await eventually(() => api().get('/mandates').set('Authorization', `Bearer ${latest}`).expect(200), 10_000);
    await api().get('/mandates').set('Authorization', `Bearer ${afterRotation}`).expect(200);
    const res = await api().get('/mandates').set('Authorization', `Bearer ${beforeRotation}`);
    expect({ status: res.status, message: res.body.message }).toEqual({
      status: 401,
      message: 'no current key of the issuer signed the access token',
    });
  });
});

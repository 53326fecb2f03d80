import type { INestApplication } from '@nestjs/common';
import { createHash, generateKeyPairSync } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { createApiApplication } from '../../src/bootstrap';
import { loadConfig } from '../../src/config/app-config';
import { mandateWorkflowId } from '../../workflows/mandate/contract';
import { eventually, startTestStack, type TestStack, textOf } from '../support/api';
import { auditCli, workflowShow } from '../support/audit-cli';
import { PEOPLE } from '../support/identity-provider';
import { aRegistration, assignment, followUp, progressReport } from '../support/requests';

let SECRETARIAT: { Authorization: string };
let OFFICER: { Authorization: string };
let AUDITOR: { Authorization: string };
const MAX_BODY_BYTES = 4 * 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), 'mandate-audit-'));
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keyFile = join(dir, 'signing-key.pem');
const publicKeyFile = join(dir, 'public-key.pem');
writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));
const fingerprint = `sha256:${createHash('sha256')
  .update(publicKey.export({ type: 'spki', format: 'der' }))
  .digest('hex')}`;

let stack: TestStack;
let id: string;
let exported: string;

const file = (name: string, text: string) => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};
const post = (app: INestApplication, path: string, body?: string, type = 'application/json') => {
  const req = request(app.getHttpServer() as Parameters<typeof request>[0])
    .post(path)
    .set(AUDITOR);
  return body === undefined ? req : req.set('content-type', type).send(body);
};
/** Nothing internal in an answer: no stack frame, absolute path or workflow VM frame. */
const expectNothingInternal = (text: string) => {
  expect(text).not.toMatch(/\n\s+at |evalmachine|stack_trace|\/work\/|\/home\/|\/tmp\/|node_modules|\.(js|ts):\d/);
};

beforeAll(async () => {
  stack = await startTestStack({
    AUDIT_SIGNING_KEY_FILE: keyFile,
    // One replay thread and one waiting place, so that a burst fills the pool.
    AUDIT_REPLAY_THREADS: '1',
    AUDIT_REPLAY_QUEUE: '1',
    AUDIT_MAX_BODY_BYTES: String(MAX_BODY_BYTES),
  });
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  OFFICER = await stack.as(PEOPLE.officer);
  AUDITOR = await stack.as(PEOPLE.auditor);
  id = (await stack.http().post('/mandates').set(SECRETARIAT).send(aRegistration()).expect(201)).body.id as string;
  await stack.http().post(`/mandates/${id}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
  await stack.http().post(`/mandates/${id}/follow-ups`).set(OFFICER).send(followUp).expect(200);
  await stack.http().post(`/mandates/${id}/progress-reports`).set(OFFICER).send(progressReport).expect(200);
  // Every event reaches the history's projection inputs, which the export reads.
  await eventually(async () => {
    const res = await stack.http().get('/mandates').query({ status: 'report_under_review', limit: 100 });
    expect((res.body.items as { id: string }[]).some((m) => m.id === id)).toBe(true);
  });
  exported = await textOf(stack, `/mandates/${id}/export`);
});

afterAll(async () => {
  await stack?.close();
});

describe('the history', () => {
  it('is one ordered list of domain events, each naming the run and history event it came from', async () => {
    const res = await stack.http().get(`/mandates/${id}/history`).expect(200);
    const events = res.body as {
      sequence: number;
      type: string;
      runId: string;
      historyEventId: number;
      actor: string;
    }[];
    expect(events.map((e) => e.sequence)).toEqual([1, 2, 3, 4]);
    const { runId } = await stack.temporal.workflow.getHandle(mandateWorkflowId(id)).describe();
    for (const e of events) {
      expect(e.runId).toBe(runId);
      expect(e.historyEventId).toBeGreaterThan(0);
    }
    expect(events[2]).toMatchObject({ type: 'FollowUpRecorded', actor: 'maria.gonzalez' });
  });
});

describe('audit keys', () => {
  it('publishes the fingerprint of the key exports are signed with, which each export names', async () => {
    const res = await stack.http().get('/audit/keys').expect(200);
    expect(res.body).toEqual({
      keys: [
        {
          fingerprint,
          status: 'current',
          algorithm: 'Ed25519',
          publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
        },
      ],
    });
    const { format, signature } = JSON.parse(exported) as { format: string; signature: Record<string, string> };
    expect(format).toBe('mandate-tracker-export/2');
    expect(signature).toMatchObject({ algorithm: 'Ed25519', keyFingerprint: fingerprint });
    const cli = await auditCli(['fingerprint', publicKeyFile]);
    expect(JSON.parse(cli.out)).toEqual([{ file: publicKeyFile, fingerprint }]);
  });

  it('verifies an old export against its retired key after a rotation, and catches a key swap', async () => {
    const next = generateKeyPairSync('ed25519');
    const nextKeyFile = file('next-key.pem', next.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    const retired = join(dir, 'retired');
    mkdirSync(retired, { recursive: true });
    writeFileSync(join(retired, 'first.pem'), publicKey.export({ type: 'spki', format: 'pem' }));
    // The same service after a rotation: a new signing key, the old one's public half retired.
    const rotated = await createApiApplication(
      loadConfig({ ...stack.env, AUDIT_SIGNING_KEY_FILE: nextKeyFile, AUDIT_RETIRED_PUBLIC_KEYS_DIR: retired }),
      { api: true, worker: false },
    );
    await rotated.init();
    try {
      const http = () => request.agent(rotated.getHttpServer() as Parameters<typeof request>[0]).set(AUDITOR);
      const keys = (await http().get('/audit/keys').expect(200)).body as { keys: { fingerprint: string }[] };
      expect(keys.keys.map((k) => [k.fingerprint === fingerprint, (k as { status?: string }).status])).toEqual([
        [false, 'current'],
        [true, 'retired'],
      ]);
      const old = await post(rotated, '/audit/verify', exported).expect(200);
      expect(old.body).toMatchObject({ intact: true, signedBy: fingerprint, keyStatus: 'retired' });

      const fresh = await textOf({ ...stack, http }, `/mandates/${id}/export`);
      await expect(post(rotated, '/audit/verify', fresh)).resolves.toMatchObject({
        status: 200,
        body: { intact: true, keyStatus: 'current' },
      });
      // The first service does not know the new key: an export signed with another key is not intact.
      const swapped = await post(stack.app, '/audit/verify', fresh).expect(200);
      expect(swapped.body).toMatchObject({ intact: false, problem: expect.stringContaining('not a trusted key') });
      const cli = await auditCli(['verify', file('fresh.json', fresh), '--public-key', publicKeyFile]);
      expect({ code: cli.code, intact: (JSON.parse(cli.out) as { intact: boolean }).intact }).toEqual({
        code: 1,
        intact: false,
      });
    } finally {
      await rotated.close();
    }
  });
});

describe('audit exports', () => {
  it('exports a signed file that the API and the offline CLI find intact, and catch a one-byte change in', async () => {
    const manifest = (JSON.parse(exported) as { manifest: { events: { type: string }[] } }).manifest;
    expect(manifest.events.map((e) => e.type)).toEqual([
      'MandateRegistered',
      'MandateAssigned',
      'FollowUpRecorded',
      'ProgressReportSubmitted',
    ]);
    const path = file('export.json', exported);

    const verdict = await post(stack.app, '/audit/verify', exported).expect(200);
    expect(verdict.body).toMatchObject({ intact: true, events: 4, runs: 1, signedBy: fingerprint });
    await expect(auditCli(['verify', path, '--public-key', publicKeyFile])).resolves.toMatchObject({ code: 0 });
    await expect(auditCli(['verify', path, '--fingerprint', fingerprint])).resolves.toMatchObject({ code: 0 });
    await expect(auditCli(['verify', path], { AUDIT_TRUSTED_FINGERPRINTS: fingerprint })).resolves.toMatchObject({
      code: 0,
    });

    const tampered = exported.replace('"actor":"maria.gonzalez"', '"actor":"maria.gonzalex"');
    const cli = await auditCli(['verify', file('tampered.json', tampered), '--public-key', publicKeyFile]);
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.out)).toMatchObject({ intact: false, firstDifferingSequence: 3 });
    const api = await post(stack.app, '/audit/verify', tampered).expect(200);
    expect(api.body).toMatchObject({ intact: false, firstDifferingSequence: 3 });
  });

  it('finds an added field or an algorithm of "none" not intact (the signature covers every byte)', async () => {
    const withExtra = exported.replace('{"format":', '{"approvedBy":"auditor","format":');
    const noneAlgorithm = exported.replace('"algorithm":"Ed25519"', '"algorithm":"none"');
    for (const text of [withExtra, noneAlgorithm]) {
      await expect(post(stack.app, '/audit/verify', text)).resolves.toMatchObject({
        status: 200,
        body: { intact: false },
      });
      const cli = await auditCli(['verify', file('changed.json', text), '--fingerprint', fingerprint]);
      expect(cli.code).toBe(1);
    }
  });

  it('refuses to verify without a trusted key: exit code 2 and a message that says what to give', async () => {
    const cli = await auditCli(['verify', file('export.json', exported)]);
    expect(cli.code).toBe(2);
    expect(JSON.parse(cli.out)).toMatchObject({ error: expect.stringMatching(/^no trusted key: .*--fingerprint/) });
  });

  it('replays an export offline, deterministically, to the state the service shows, and on any past event', async () => {
    const path = file('replay.json', exported);
    const state = (await stack.http().get(`/mandates/${id}?consistency=strong`).expect(200)).body;

    const replay = await auditCli(['replay', path]);
    expect(replay.code).toBe(0);
    const report = JSON.parse(replay.out);
    expect(report).toMatchObject({
      deterministic: true,
      complete: true,
      events: 4,
      coverage: { startsFrom: 'registration', firstSequence: 1, lastSequence: 4 },
      manifest: { consistent: true },
    });
    expect(report.verdict).toContain('Integrity is not checked by replay');
    expect(report.state).toMatchObject({
      status: state.status,
      lastSequence: state.lastSequence,
      updatedAt: state.updatedAt,
    });

    const asOf = await auditCli(['state', path, '--sequence', '2']);
    const served = (await stack.http().get(`/mandates/${id}/as-of`).query({ sequence: 2 }).expect(200)).body;
    expect(JSON.parse(asOf.out)).toMatchObject({ status: 'assigned', lastSequence: 2, updatedAt: served.updatedAt });
  });

  it('cross-checks the manifest when replaying an export', async () => {
    const tampered = exported.replace('"actor":"maria.gonzalez"', '"actor":"maria.gonzalex"');
    const cli = await auditCli(['replay', file('tampered-replay.json', tampered)]);
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.out)).toMatchObject({
      deterministic: true,
      manifest: { consistent: false, firstDifferingSequence: 3 },
    });
  });

  it('replays a history written by the Temporal CLI (`temporal workflow show --output json`)', async () => {
    const history = await workflowShow(stack, mandateWorkflowId(id));
    const replay = await auditCli(['replay', file('history.json', history)]);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.out)).toMatchObject({
      deterministic: true,
      complete: true,
      state: { mandateId: id, status: 'report_under_review' },
    });
    const api = await post(stack.app, '/audit/replay', history).expect(200);
    expect(api.body).toMatchObject({ deterministic: true, complete: true, events: 4 });
  });

  it('reports a divergence in the replayer’s words, with no stack or path, through the API and the CLI', async () => {
    const history = JSON.parse(await workflowShow(stack, mandateWorkflowId(id))) as {
      events: { activityTaskScheduledEventAttributes?: { activityType: { name: string } } }[];
    };
    history.events.find(
      (e) => e.activityTaskScheduledEventAttributes,
    )!.activityTaskScheduledEventAttributes!.activityType.name = 'renamedActivity';
    const text = JSON.stringify(history);
    const api = await post(stack.app, '/audit/replay', text).expect(200);
    expect(api.body).toMatchObject({ deterministic: false });
    expect(api.body.runs[0].divergence).toContain("'renamedActivity'");
    expectNothingInternal(api.text);
    const cli = await auditCli(['replay', file('divergent.json', text)]);
    expect(cli.code).toBe(1);
    expectNothingInternal(JSON.parse(cli.out).runs[0].divergence as string);
  });
});

describe('the audit CLI', () => {
  it('answers every input with JSON alone on stdout and a documented exit code', async () => {
    const cases: [string[], number][] = [
      [['replay', join(dir, 'missing.json')], 3],
      [['replay', file('not-json.json', 'not json')], 3],
      [['replay', file('array.json', '[1,2]')], 3],
      [['verify', file('v1.json', exported.replace('export/2', 'export/1')), '--fingerprint', fingerprint], 3],
      [['verify', file('v9.json', '{"format":"mandate-tracker-export/9"}'), '--fingerprint', fingerprint], 3],
      [['replay'], 2],
      [['launch', 'x.json'], 2],
      [['state', file('export.json', exported)], 2],
      [['verify', file('export.json', exported), '--fingerprint', 'md5:abc'], 2],
    ];
    for (const [args, code] of cases) {
      const cli = await auditCli(args);
      expect({ args, code: cli.code }).toEqual({ args, code });
      expect({ args, answer: JSON.parse(cli.out) as unknown }).toEqual({
        args,
        answer: { error: expect.any(String), exitCode: code },
      });
    }
  });

  it('keeps the SDK’s logs off stdout while replaying', async () => {
    const cli = await auditCli(['replay', file('export.json', exported)]);
    expect(cli.code).toBe(0);
    expect(() => JSON.parse(cli.out) as unknown).not.toThrow();
    expect(cli.out).not.toMatch(/WARN|INFO|temporalio_sdk_core/);
  });
});

type ReplayHolds = 'holds';

describe('hostile input on the audit routes', () => {
  const damaged = (change: (file: Record<string, unknown>) => void) => {
    const copy = JSON.parse(exported) as Record<string, unknown>;
    change(copy);
    return JSON.stringify(copy);
  };
  // Bodies are made when the test runs: the export exists only after beforeAll.
  const bodies: [string, () => string | undefined, string?, ReplayHolds?][] = [
    ['no body', () => undefined],
    ['an empty body', () => ''],
    ['text that is not JSON', () => 'not json at all', 'text/plain'],
    ['truncated JSON', () => exported.slice(0, 200)],
    ['a JSON array', () => '[]'],
    ['null', () => 'null'],
    ['an object of neither kind', () => '{"hello":"world"}'],
    // Replay checks determinism, not the signature: these histories still replay, their manifest consistent.
    ['a mandate-tracker-export/1 file', () => exported.replace('export/2', 'export/1'), undefined, 'holds'],
    ['an unknown format', () => '{"format":"something-else/3","histories":[]}'],
    ['an export without histories', () => damaged((f) => delete f.histories)],
    ['an export whose histories are not histories', () => damaged((f) => (f.histories = [{ events: 'nope' }]))],
    [
      'an export with a garbled history',
      () => damaged((f) => (f.histories = [{ events: [{ eventId: 1, eventType: 7 }] }])),
    ],
    ['an export without a manifest', () => damaged((f) => delete f.manifest)],
    ['an export whose manifest is a string', () => damaged((f) => (f.manifest = 'x'))],
    ['an export without signature', () => damaged((f) => delete f.signature), undefined, 'holds'],
    ['a history with no events', () => '{"events":[]}'],
    [
      'a history without its start (the SDK replayer would wait forever)',
      () =>
        JSON.stringify({
          events: (JSON.parse(exported) as { histories: { events: unknown[] }[] }).histories[0].events.slice(1),
        }),
    ],
    ['a history with garbage events', () => '{"events":[{"eventType":"nonsense"},42,null]}'],
  ];

  // Objects, not rows: jest would take a third parameter missing from a row for a `done` callback.
  const cases = bodies.map(([name, body, type, replay]) => ({ name, body, type, replay }));

  it.each(cases)('$name: a 400 naming the problem or a verdict, never a 500', async ({ body, type, replay }) => {
    for (const route of ['/audit/verify', '/audit/replay']) {
      const res = await post(stack.app, route, body(), type);
      expect({ route, status: res.status }).toEqual({ route, status: res.status === 200 ? 200 : 400 });
      if (res.status === 400) {
        expect(res.body.message).toEqual(expect.any(String));
      } else {
        const holds =
          route === '/audit/verify'
            ? res.body.intact
            : res.body.deterministic && res.body.complete && res.body.manifest?.consistent !== false;
        expect({ route, holds }).toEqual({ route, holds: route === '/audit/replay' && replay === 'holds' });
      }
      expectNothingInternal(res.text);
    }
  });

  it('answers 400 to a verification with no body (it used to be a 200)', async () => {
    const res = await post(stack.app, '/audit/verify').expect(400);
    expect(res.body).toMatchObject({ fields: [{ field: 'body', errors: [expect.stringContaining('empty')] }] });
  });

  it('refuses a body larger than AUDIT_MAX_BODY_BYTES with a 413 that names the limit', async () => {
    const huge = `{"events":[${'"x",'.repeat(MAX_BODY_BYTES / 4)}"x"]}`;
    for (const route of ['/audit/verify', '/audit/replay']) {
      const res = await post(stack.app, route, huge);
      expect(res.status).toBe(413);
      expect(res.body.message).toContain('AUDIT_MAX_BODY_BYTES');
      expectNothingInternal(res.text);
    }
  });

  it('runs replays off the request thread: a full pool answers 503 with Retry-After, /health stays up', async () => {
    const burst = Array.from({ length: 8 }, () => post(stack.app, '/audit/replay', exported).then((r) => r));
    const health = await stack.http().get('/health');
    const answers = await Promise.all(burst);
    expect(health.status).toBe(200);
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toContain(200);
    expect(statuses).toContain(503);
    expect(statuses.every((s) => s === 200 || s === 503)).toBe(true);
    const busy = answers.find((r) => r.status === 503)!;
    expect(Number(busy.headers['retry-after'])).toBeGreaterThan(0);
    expect(busy.body.message).toContain('busy');
    for (const ok of answers.filter((r) => r.status === 200)) expect(ok.body.deterministic).toBe(true);
  });
});

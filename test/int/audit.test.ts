import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { devServerExecutable } from '../../src/embedded/server-binaries';
import { mandateWorkflowId } from '../../workflows/mandate/contract';
import { eventually, startTestStack, type TestStack, textOf } from '../support/api';
import { PEOPLE } from '../support/identity-provider';
import { aRegistration, assignment, followUp, progressReport } from '../support/requests';

const run = promisify(execFile);
const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli', 'audit.js');
let SECRETARIAT: { Authorization: string };
let OFFICER: { Authorization: string };

const dir = mkdtempSync(join(tmpdir(), 'mandate-audit-'));
const { privateKey, publicKey } = generateKeyPairSync('ed25519');
const keyFile = join(dir, 'signing-key.pem');
const publicKeyFile = join(dir, 'public-key.pem');
writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
writeFileSync(publicKeyFile, publicKey.export({ type: 'spki', format: 'pem' }));

let stack: TestStack;
let id: string;

/** The auditor's CLI, as a separate process with no server; resolves with its exit code and output. */
async function audit(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, [CLI, ...args], { maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string };
    return { code: e.code, out: e.stdout };
  }
}

beforeAll(async () => {
  stack = await startTestStack({ AUDIT_SIGNING_KEY_FILE: keyFile });
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  OFFICER = await stack.as(PEOPLE.officer);
  id = (await stack.http().post('/mandates').set(SECRETARIAT).send(aRegistration()).expect(201)).body.id as string;
  await stack.http().post(`/mandates/${id}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
  await stack.http().post(`/mandates/${id}/follow-ups`).set(OFFICER).send(followUp).expect(200);
  await stack.http().post(`/mandates/${id}/progress-reports`).set(OFFICER).send(progressReport).expect(200);
  // Every event reaches the history's projection inputs, which the export reads.
  await eventually(async () => {
    const res = await stack.http().get('/mandates').query({ status: 'report_under_review', limit: 100 });
    expect((res.body.items as { id: string }[]).some((m) => m.id === id)).toBe(true);
  });
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

describe('audit exports', () => {
  it('exports a signed file that the API and the offline CLI find intact, and catch a one-byte change in', async () => {
    const text = await textOf(stack, `/mandates/${id}/export`);
    const file = join(dir, 'export.json');
    writeFileSync(file, text);
    const manifest = (JSON.parse(text) as { manifest: { events: { type: string }[] } }).manifest;
    expect(manifest.events.map((e) => e.type)).toEqual([
      'MandateRegistered',
      'MandateAssigned',
      'FollowUpRecorded',
      'ProgressReportSubmitted',
    ]);

    const verdict = await stack
      .http()
      .post('/audit/verify')
      .set('content-type', 'application/json')
      .send(text)
      .expect(200);
    expect(verdict.body).toMatchObject({ intact: true, events: 4, runs: 1 });
    await expect(audit('verify', file, '--public-key', publicKeyFile)).resolves.toMatchObject({ code: 0 });

    const tampered = join(dir, 'tampered.json');
    writeFileSync(tampered, text.replace('"actor":"maria.gonzalez"', '"actor":"maria.gonzalex"'));
    const cli = await audit('verify', tampered, '--public-key', publicKeyFile);
    expect(cli.code).toBe(1);
    expect(JSON.parse(cli.out)).toMatchObject({ intact: false, firstDifferingSequence: 3 });
    const api = await stack
      .http()
      .post('/audit/verify')
      .set('content-type', 'application/json')
      .send(text.replace('"actor":"maria.gonzalez"', '"actor":"maria.gonzalex"'))
      .expect(200);
    expect(api.body).toMatchObject({ intact: false });
  });

  it('replays an export offline, deterministically, to the state the service shows, and on any past event', async () => {
    const text = await textOf(stack, `/mandates/${id}/export`);
    const file = join(dir, 'replay.json');
    writeFileSync(file, text);
    const state = (await stack.http().get(`/mandates/${id}`).expect(200)).body;

    const replay = await audit('replay', file);
    expect(replay.code).toBe(0);
    const report = JSON.parse(replay.out);
    expect(report).toMatchObject({ deterministic: true, events: 4 });
    expect(report.state).toMatchObject({
      status: state.status,
      lastSequence: state.lastSequence,
      updatedAt: state.updatedAt,
    });

    const asOf = await audit('state', file, '--sequence', '2');
    const served = (await stack.http().get(`/mandates/${id}/as-of`).query({ sequence: 2 }).expect(200)).body;
    expect(JSON.parse(asOf.out)).toMatchObject({ status: 'assigned', lastSequence: 2, updatedAt: served.updatedAt });
  });

  it('replays a history written by the Temporal CLI (`temporal workflow show --output json`)', async () => {
    const executable = devServerExecutable();
    const historyFile = join(dir, 'history.json');
    if (executable.type === 'existing-path') {
      const { stdout } = await run(
        executable.path,
        [
          'workflow',
          'show',
          '--workflow-id',
          mandateWorkflowId(id),
          '--address',
          stack.env.TEMPORAL_ADDRESS,
          '--output',
          'json',
        ],
        { maxBuffer: 64 * 1024 * 1024 },
      );
      writeFileSync(historyFile, stdout);
    } else {
      // No CLI on this machine: the SDK writes the same JSON form.
      const history = await stack.temporal.workflow.getHandle(mandateWorkflowId(id)).fetchHistory();
      writeFileSync(historyFile, historyToJSON(history));
    }
    const replay = await audit('replay', historyFile);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.out)).toMatchObject({
      deterministic: true,
      state: { mandateId: id, status: 'report_under_review' },
    });

    const api = await stack
      .http()
      .post('/audit/replay')
      .set('content-type', 'application/json')
      .send(readFileSync(historyFile, 'utf8'))
      .expect(200);
    expect(api.body).toMatchObject({ deterministic: true, events: 4 });
  });
});

import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { execFile } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { mandateWorkflowId } from '../../workflows/mandate/contract';
import { eventually, startTestStack, type TestStack, textOf } from '../support/api';
import { auditCli, workflowShow } from '../support/audit-cli';
import { PEOPLE } from '../support/identity-provider';
import { startContinueAsNewServer } from '../support/servers';
import { aRegistration, assignment, followUp } from '../support/requests';

const run = promisify(execFile);
let SECRETARIAT: { Authorization: string };
let OFFICER: { Authorization: string };
const dir = mkdtempSync(join(tmpdir(), 'mandate-can-'));
const keyFile = join(dir, 'signing-key.pem');
writeFileSync(keyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));

let server: TestWorkflowEnvironment;
let stack: TestStack;

beforeAll(async () => {
  // A Temporal server of its own that suggests continue-as-new after 40 history events, so that a mandate
  // crosses several runs within a test.
  server = await startContinueAsNewServer();
  stack = await startTestStack({ TEMPORAL_ADDRESS: server.address, AUDIT_SIGNING_KEY_FILE: keyFile });
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  OFFICER = await stack.as(PEOPLE.officer);
});

afterAll(async () => {
  await stack?.close();
  await server?.teardown();
});

describe('a long-lived mandate', () => {
  it('continues as new when Temporal suggests it, its history one unbroken sequence across runs', async () => {
    const id = (await stack.http().post('/mandates').set(SECRETARIAT).send(aRegistration()).expect(201)).body
      .id as string;
    await stack.http().post(`/mandates/${id}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
    const firstKey = { ...OFFICER, 'Idempotency-Key': `first-follow-up-${id}` };
    const first = (await stack.http().post(`/mandates/${id}/follow-ups`).set(firstKey).send(followUp).expect(200)).body;
    for (let i = 0; i < 14; i++) {
      await stack
        .http()
        .post(`/mandates/${id}/follow-ups`)
        .set(OFFICER)
        .send({ ...followUp, summary: `Meeting ${i}` })
        .expect(200);
    }
    const description = await stack.temporal.workflow.getHandle(mandateWorkflowId(id)).describe();
    const firstRunId = description.raw.workflowExecutionInfo?.firstRunId ?? '';
    expect(firstRunId).not.toBe(description.runId);
    // Design v3 came in behind patched(): the first run recorded the patch marker before continuing as new,
    // while histories recorded before it (test/fixtures/histories/v1 and v2) replay without it.
    const firstRun = await stack.temporal.workflow.getHandle(mandateWorkflowId(id), firstRunId).fetchHistory();
    const firstRunEvents = firstRun.events ?? [];
    expect(firstRunEvents.some((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch')).toBe(true);
    expect(firstRunEvents[firstRunEvents.length - 1].workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();

    const events = (await stack.http().get(`/mandates/${id}/events`).expect(200)).body as {
      sequence: number;
      type: string;
    }[];
    expect(events.map((e) => e.sequence)).toEqual(Array.from({ length: 17 }, (_, i) => i + 1));
    expect(events[0].type).toBe('MandateRegistered');
    const history = (await stack.http().get(`/mandates/${id}/history`).expect(200)).body as { runId: string }[];
    expect(history).toHaveLength(17);
    expect(new Set(history.map((e) => e.runId)).size).toBeGreaterThan(1);

    const state = (await stack.http().get(`/mandates/${id}?consistency=strong`).expect(200)).body;
    expect(state).toMatchObject({ status: 'in_follow_up', lastSequence: 17 });
    expect(state.followUps).toHaveLength(15);
    await expect(stack.http().get(`/mandates/${id}/as-of`).query({ sequence: 3 })).resolves.toMatchObject({
      body: { lastSequence: 3, followUps: [expect.objectContaining({ actionId: 'F1' })] },
    });

    // A retry of a request from an earlier run gets its original outcome, and is not applied again; the same key
    // with another body is refused.
    const retry = await stack.http().post(`/mandates/${id}/follow-ups`).set(firstKey).send(followUp).expect(200);
    expect(retry.body.events).toEqual(first.events);
    expect(retry.body.mandate.lastSequence).toBe(17);
    const reused = await stack
      .http()
      .post(`/mandates/${id}/follow-ups`)
      .set(firstKey)
      .send({ ...followUp, summary: 'Another meeting' })
      .expect(409);
    expect(reused.body).toMatchObject({ rule: 'idempotency-key-reused' });

    // The read model, the export and the offline replay all see the one history.
    await eventually(async () => {
      const list = await stack.http().get('/mandates').query({ status: 'in_follow_up', limit: 100 });
      expect((list.body.items as { id: string; lastSequence: number }[]).find((m) => m.id === id)?.lastSequence).toBe(
        17,
      );
    });
    const exported = await textOf(stack, `/mandates/${id}/export`);
    const verdict = await stack
      .http()
      .post('/audit/verify')
      .set('content-type', 'application/json')
      .send(exported)
      .expect(200);
    expect(verdict.body).toMatchObject({ intact: true, events: 17 });
    expect(verdict.body.runs).toBeGreaterThan(1);
    const file = join(dir, 'export.json');
    writeFileSync(file, exported);
    const { stdout } = await run(
      process.execPath,
      [join(__dirname, '..', '..', 'dist', 'src', 'cli', 'audit.js'), 'replay', file],
      {
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    expect(JSON.parse(stdout)).toMatchObject({
      deterministic: true,
      complete: true,
      events: 17,
      coverage: { startsFrom: 'registration', firstSequence: 1, lastSequence: 17 },
      state: { lastSequence: 17 },
    });

    // `temporal workflow show` gives the current run alone: its replay starts from the state that run carries. The
    // follow-up may be the command that met Temporal's suggestion: the current run is then a new one that carries it
    // and has no event of its own, shown once its first workflow task is done.
    await stack.http().post(`/mandates/${id}/follow-ups`).set(OFFICER).send(followUp).expect(200);
    const currentRun = await eventually(async () => {
      const shown = await workflowShow(stack, mandateWorkflowId(id));
      const types = (JSON.parse(shown) as { events: { eventType: string | number }[] }).events.map((e) => e.eventType);
      expect(types.map(String)).toContainEqual(expect.stringMatching(/WORKFLOW_TASK_COMPLETED|WorkflowTaskCompleted/));
      return shown;
    });
    const historyFile = join(dir, 'current-run.json');
    writeFileSync(historyFile, currentRun);
    const current = await auditCli(['replay', historyFile]);
    const carried = {
      deterministic: true,
      complete: true,
      coverage: { startsFrom: 'carried-state' },
      state: { mandateId: id, status: 'in_follow_up', lastSequence: 18, followUps: expect.any(Array) },
    };
    expect(current).toMatchObject({ code: 0 }); // on failure, its stderr says why
    const report = JSON.parse(current.out);
    expect(report).toMatchObject(carried);
    expect(report.coverage.startsAfter).toBeGreaterThan(1);
    if (report.coverage.startsAfter < 18) {
      expect(report.coverage).toMatchObject({ firstSequence: report.coverage.startsAfter + 1, lastSequence: 18 });
    } else {
      expect(report.coverage).toEqual(expect.not.objectContaining({ lastSequence: expect.anything() }));
    }
    expect(report.state.followUps).toHaveLength(16);
    expect(report.verdict).toContain('folded from the state the run carries');
    const api = await stack.http().post('/audit/replay').set('content-type', 'application/json').send(currentRun);
    expect(api.status).toBe(200);
    expect(api.body).toMatchObject(carried);
    expect(api.body.coverage.firstSequence).toBe(report.coverage.firstSequence);
  });
});

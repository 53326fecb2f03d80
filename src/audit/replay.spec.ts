import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExport, type MandateExport, serializeExport, UnreadableAuditFile } from './export';
import type { HistoryJson } from './history-events';
import { divergenceOf, replayHistories, replayHolds, replayInputOf } from './replay';
import { ReplaySession } from './replay-session';
import { workflowBundle } from './workflow-bundle';

const fixture = join(__dirname, '..', '..', 'test', 'fixtures', 'histories', 'v2', 'lifecycle.json');
const text = readFileSync(fixture, 'utf8');
const changed = (change: (history: HistoryJson) => void) => {
  const history = JSON.parse(text) as HistoryJson;
  change(history);
  return JSON.stringify(history);
};
let session: ReplaySession;
const replay = (body: string) => replayHistories(replayInputOf(body), session);

type Payload = { data?: string };
const projections = (history: HistoryJson) =>
  history.events
    .map((e) => e.activityTaskScheduledEventAttributes)
    .filter((a) => a?.activityType?.name === 'projectMandate')
    .map((a) => a!.input!.payloads![0] as Payload);
const decode = (p: Payload) =>
  JSON.parse(Buffer.from(p.data!, 'base64').toString()) as { events: { sequence: number }[] };
const encode = (p: Payload, value: unknown) => (p.data = Buffer.from(JSON.stringify(value)).toString('base64'));

/** No stack, file path or VM frame: what a divergence may say to an HTTP caller. */
const CLEAN = /^(?!.*(\/work|\/home|node_modules|evalmachine|\n\s+at |stack_trace|\.js:\d|\.ts:\d)).*$/s;

beforeAll(async () => {
  session = new ReplaySession(await workflowBundle()); // built once for the whole file, as in every process
}, 60_000);

afterAll(() => session.close());

describe(replayHistories.name, () => {
  it('replays a recorded history deterministically, its events complete, to the state they lead to', async () => {
    const report = await replay(text);
    expect(report).toMatchObject({
      deterministic: true,
      complete: true,
      coverage: { startsFrom: 'registration', firstSequence: 1, missing: [] },
      state: { status: 'closed' },
    });
    expect(replayHolds(report)).toBe(true);
    expect(report.checked).toMatch(/^determinism: .*Not integrity/);
  });

  it('finds a deleted domain event although the history still replays: complete is false, with the gap', async () => {
    const forged = changed((history) => {
      const batch = projections(history).find((p) => decode(p).events.some((e) => e.sequence === 3))!;
      encode(batch, { ...decode(batch), events: decode(batch).events.filter((e) => e.sequence !== 3) });
    });
    const report = await replay(forged);
    expect(report).toMatchObject({ deterministic: true, complete: false, coverage: { missing: [{ from: 3, to: 3 }] } });
    expect(replayHolds(report)).toBe(false);
    expect(report.verdict).toContain('Not complete');
  });

  it('names a divergence in the replayer’s words, without its stack or any path', async () => {
    const report = await replay(
      changed((history) => {
        history.events.find(
          (e) => e.activityTaskScheduledEventAttributes,
        )!.activityTaskScheduledEventAttributes!.activityType!.name = 'somethingElse';
      }),
    );
    expect(report.deterministic).toBe(false);
    expect(report.runs[0].divergence).toMatch(/^nondeterminism: .*Activity type of scheduled event 'somethingElse'/);
    expect(report.runs[0].divergence).toMatch(CLEAN);
  });

  it('answers a history whose workflow task fails on replay without the workflow’s stack trace', async () => {
    const report = await replay(
      changed((history) => {
        const started = history.events[0].workflowExecutionStartedEventAttributes!.input!.payloads![0];
        encode(started, { meta: { actor: 'x', requestId: 'y' } });
      }),
    );
    expect(report.deterministic).toBe(false);
    expect(report.runs[0].divergence).toMatch(/^the workflow task failed on replay: /);
    expect(report.runs[0].divergence).toMatch(CLEAN);
  });

  it('cross-checks an export’s manifest against its histories', async () => {
    const { privateKey } = generateKeyPairSync('ed25519');
    const file = buildExport(
      'm',
      'mandate:m',
      [{ runId: 'run-1', history: JSON.parse(text) as HistoryJson }],
      privateKey,
      new Date(),
    );
    await expect(replay(serializeExport(file))).resolves.toMatchObject({ manifest: { consistent: true } });
    const edited = JSON.parse(serializeExport(file)) as MandateExport;
    edited.manifest.events[1].actor = 'someone.else';
    const report = await replay(serializeExport(edited));
    expect(report).toMatchObject({
      deterministic: true,
      manifest: { consistent: false, firstDifferingSequence: 2 },
    });
    expect(replayHolds(report)).toBe(false);
  });
});

describe(replayInputOf.name, () => {
  it.each([
    ['', 'the file is empty'],
    ['not json', 'not JSON'],
    ['{}', 'neither an export'],
    ['{"events": []}', 'the history has no "events"'],
    ['{"format": "mandate-tracker-export/7", "histories": []}', 'unsupported format'],
    [
      '{"format": "mandate-tracker-export/2", "histories": [{"events": "x"}]}',
      'history 1 of the export has no "events"',
    ],
  ])('refuses %j: %s', (body, message) => {
    expect(() => replayInputOf(body)).toThrow(UnreadableAuditFile);
    expect(() => replayInputOf(body)).toThrow(message);
  });
});

describe(divergenceOf.name, () => {
  it('keeps the failure’s message and drops the stack trace and paths', () => {
    const sdkMessage =
      'Replay failed due workflow task failure. Details: Workflow activation completion failed: Failure { failure: ' +
      'Some(Failure { message: "Cannot read properties of undefined (reading \\"x\\")", source: "TypeScriptSDK", ' +
      'stack_trace: "/srv/app/workflow-bundle-1.js:7512\\n    at decide (evalmachine.<anonymous>:3:4)" }) }';
    expect(divergenceOf(new Error(sdkMessage))).toBe(
      'the workflow task failed on replay: Cannot read properties of undefined (reading "x")',
    );
    expect(divergenceOf(new Error('boom at /srv/app/dist/x.js:3:1\n    at f (/srv/app/x.js:1:1)'))).toMatch(CLEAN);
    const rustEscaped =
      'Failure { failure: Some(Failure { message: "bad \\u{1f600} \\"quoted\\"", stack_trace: "" }) }';
    expect(divergenceOf(new Error(rustEscaped))).toBe('bad \\u{1f600} "quoted"');
  });
});

describe(ReplaySession.name, () => {
  it('replays many histories, the same one twice too, in one replay worker', async () => {
    const history = historyFromJSON(JSON.parse(text));
    await expect(session.replay('m', history)).resolves.toBeUndefined();
    await expect(session.replay('m', history)).resolves.toBeUndefined();
  });

  it('abandons a replay that does not finish in time, and replays the next history with a fresh worker', async () => {
    // (The SDK's replayer waits forever on some malformed histories; wholeHistoryProblem keeps those out.)
    const impatient = new ReplaySession(await workflowBundle(), 1);
    const history = historyFromJSON(JSON.parse(text));
    await expect(impatient.replay('m', history)).rejects.toThrow('did not finish within 0.001 s');
    (impatient as unknown as { timeoutMs: number }).timeoutMs = 30_000;
    await expect(impatient.replay('m', history)).resolves.toBeUndefined();
    await impatient.close();
  });
});

describe('a history that is not whole', () => {
  it.each([
    ['without its start', (events: unknown[]) => events.slice(1)],
    ['with an event taken out', (events: unknown[]) => [...events.slice(0, 5), ...events.slice(6)]],
  ])('%s is a divergence, answered at once', async (_, cut) => {
    const history = JSON.parse(text) as HistoryJson;
    const report = await replay(JSON.stringify({ events: cut(history.events) }));
    expect(report.deterministic).toBe(false);
    expect(report.runs[0].divergence).toMatch(/does not begin with WorkflowExecutionStarted|not numbered 1 to n/);
  });
});

import { spawn } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { join } from 'node:path';
import { PEOPLE } from '../support/identity-provider';
import { eventually, startTestStack, type TestStack } from '../support/api';
import { aRegistration } from '../support/requests';

const CLI = join(__dirname, '..', '..', 'dist', 'src', 'cli', 'mandates.js');
const SAMPLE = join(__dirname, '..', 'fixtures', 'oas-mandates.json');
const HISTORY = join(__dirname, '..', 'fixtures', 'histories', 'v2', 'lifecycle.json');
const MARK = `zqcli${randomInt(1e6, 1e7)}`;

let stack: TestStack;
let SECRETARIAT: { Authorization: string };
let api: string;
const ids: string[] = [];

beforeAll(async () => {
  stack = await startTestStack();
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  await stack.app.listen(0, '127.0.0.1');
  api = await stack.app.getUrl();
  for (const text of [`First. ${MARK}`, `Second. ${MARK}`]) {
    ids.push((await stack.http().post('/mandates').set(SECRETARIAT).send(aRegistration({ text })).expect(201)).body.id);
  }
  await eventually(async () => {
    const res = await stack.http().get('/mandates').query({ q: MARK }).expect(200);
    expect(res.body.items).toHaveLength(2);
  });
});

afterAll(async () => {
  await stack?.close();
});

/** Runs `mandates …` against the API, as a script would. */
function mandates(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { ...process.env, MANDATES_API_URL: api, MANDATES_TOKEN: SECRETARIAT.Authorization.replace(/^Bearer /, '') },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('the mandates command line', () => {
  it('lists and searches, as JSON for scripts and as a table for people', async () => {
    const listed = await mandates('--json', 'list', '--q', MARK);
    expect(listed.code).toBe(0);
    const body = JSON.parse(listed.stdout) as { items: { id: string }[]; total: number };
    expect(body.items.map((m) => m.id).sort()).toEqual([...ids].sort());
    expect(body.total).toBe(2);
    const table = await mandates('search', MARK, '--sort', 'updated');
    expect(table.code).toBe(0);
    for (const id of ids) expect(table.stdout).toContain(id);
  });

  it('shows a mandate and its events; a mandate that does not exist is a refusal (exit 1)', async () => {
    const shown = await mandates('--json', 'show', ids[0]);
    expect(JSON.parse(shown.stdout)).toMatchObject({ id: ids[0], status: 'registered' });
    const events = await mandates('--json', 'events', ids[0]);
    expect((JSON.parse(events.stdout) as { type: string }[]).map((e) => e.type)).toEqual(['MandateRegistered']);
    const missing = await mandates('show', 'ag-res-1-i-o-70-p1');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('404');
  });

  it('imports a file as a dry run, with its summary', async () => {
    const run = await mandates('--json', 'import', SAMPLE);
    const { summary } = JSON.parse(run.stdout) as { summary: { rows: number; mode: string } };
    expect(summary).toMatchObject({ rows: 30, mode: 'dry-run' });
  });

  it('exports CSV and gives the figures', async () => {
    const csv = await mandates('export', '--q', MARK);
    expect(csv.code).toBe(0);
    const lines = csv.stdout.trimEnd().split('\r\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\uFEFFid,status,body,resolutionSymbol/);
    const stats = await mandates('--json', 'stats', '--q', MARK);
    expect(JSON.parse(stats.stdout)).toMatchObject({ total: 2, byStatus: { registered: 2 } });
  });

  it('runs the audit verbs unchanged', async () => {
    const replay = await mandates('audit', 'replay', HISTORY);
    expect(replay.code).toBe(0);
    expect(JSON.parse(replay.stdout)).toMatchObject({ deterministic: true });
  });
});

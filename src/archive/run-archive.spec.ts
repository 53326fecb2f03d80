import { generateKeyPairSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildExport } from '../audit/export';
import type { HistoryJson } from '../audit/history-events';
import { closureOf, historyDigest } from './run-archive';

const openRun = JSON.parse(
  readFileSync(join(__dirname, '..', '..', 'test', 'fixtures', 'histories', 'v2', 'lifecycle.json'), 'utf8'),
) as HistoryJson;

function closedBy(eventType: string): HistoryJson {
  const closing = { eventId: String(openRun.events.length + 1), eventTime: '2027-01-02T03:04:05.000Z', eventType };
  return { events: [...openRun.events, closing] };
}

describe('closureOf', () => {
  it('finds no closure in a run that is still open: its history is not complete', () => {
    expect(closureOf(openRun)).toBeUndefined();
    expect(closureOf({ events: [] })).toBeUndefined();
  });

  it.each([
    ['EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW', 'continued_as_new'],
    ['EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED', 'terminated'],
    ['EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED', 'completed'],
    ['EVENT_TYPE_WORKFLOW_EXECUTION_FAILED', 'failed'],
    ['EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED', 'canceled'],
    ['EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT', 'timed_out'],
  ])('reads %s as %s, with the time it closed', (eventType, closeStatus) => {
    expect(closureOf(closedBy(eventType))).toEqual({ closeStatus, closedAt: '2027-01-02T03:04:05.000Z' });
  });
});

describe('historyDigest', () => {
  it("is the digest an export's manifest gives the same run, whatever the key order", () => {
    const history = closedBy('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW');
    const key = generateKeyPairSync('ed25519').privateKey;
    const file = buildExport('m', 'mandate:m', [{ runId: 'r1', history }], key, new Date());
    expect(historyDigest(history)).toBe(file.manifest.runs[0].sha256);
    const reordered = {
      events: history.events.map((e) => Object.fromEntries(Object.entries(e).reverse())),
    } as HistoryJson;
    expect(JSON.stringify(reordered)).not.toBe(JSON.stringify(history));
    expect(historyDigest(reordered)).toBe(historyDigest(history));
  });

  it('changes when one event changes', () => {
    const history = closedBy('EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW');
    const altered = { events: history.events.map((e, i) => (i === 3 ? { ...e, eventId: '999' } : e)) };
    expect(historyDigest(altered)).not.toBe(historyDigest(history));
  });
});

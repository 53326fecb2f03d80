import { RESULT_STATE_MAX_ENTRIES, stateView, updateResult } from './contract';
import { followUpRecorded, mandateAssigned, registeredMandate, SEDI_OFFICER } from './lifecycle.builders';
import { stateOf } from './lifecycle.testing';

describe("an update's result", () => {
  const withFollowUps = (n: number) =>
    stateView(
      stateOf([
        ...registeredMandate(),
        mandateAssigned(SEDI_OFFICER),
        ...Array.from({ length: n }, (_, i) => followUpRecorded(`F${i + 1}`)),
      ]),
      '2026-03-15T12:00:00.000Z',
      { sequence: n + 2, recordedAt: '2026-03-15T12:00:00.000Z' },
    );

  it('carries the state after the command while its lists are short', () => {
    const state = withFollowUps(RESULT_STATE_MAX_ENTRIES);
    expect(updateResult([], state)).toEqual({ events: [], state });
  });

  it('carries the events alone once the lists hold more entries: each result is written into the history', () => {
    const result = updateResult([], withFollowUps(RESULT_STATE_MAX_ENTRIES + 1));
    expect(result).toEqual({ events: [] });
    expect('state' in result).toBe(false);
  });
});

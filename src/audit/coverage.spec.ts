import type { ContinuedRun, RecordedEvent } from '../../workflows/mandate/contract';
import { fold } from '../../workflows/mandate/lifecycle';
import { followUpRecorded, mandateAssigned, mandateRegistered } from '../../workflows/mandate/lifecycle.builders';
import { coverageOf } from './coverage';

const recorded = (sequence: number, event: Omit<RecordedEvent, 'sequence' | 'actor' | 'requestId' | 'recordedAt'>) =>
  ({
    ...event,
    sequence,
    actor: 'secretariat',
    requestId: `r${sequence}`,
    recordedAt: '2027-03-01T12:00:00.000Z',
  }) as RecordedEvent;

const events = [
  recorded(1, mandateRegistered()),
  recorded(2, mandateAssigned()),
  recorded(3, followUpRecorded('F1')),
  recorded(4, followUpRecorded('F2')),
  recorded(5, followUpRecorded('F3')),
];

/** What a run that continues after `events[0..n)` carries into the next. */
function carriedAfter(n: number): ContinuedRun {
  const state = fold(events.slice(0, n));
  if (state.status === 'unregistered') throw new Error('not registered');
  return {
    state,
    registeredAt: events[0].recordedAt,
    last: { sequence: n, recordedAt: events[n - 1].recordedAt },
    appliedRequestIds: [],
  };
}

describe(coverageOf.name, () => {
  it('finds 1..n from the registration complete', () => {
    expect(coverageOf([{ runId: 'r1', events }])).toEqual({
      startsFrom: 'registration',
      startsAfter: 0,
      firstSequence: 1,
      lastSequence: 5,
      complete: true,
      missing: [],
      outOfOrder: [],
      problems: [],
    });
  });

  it('reports a deleted event as missing, and a leading one too', () => {
    const gap = coverageOf([{ runId: 'r1', events: events.filter((e) => e.sequence !== 3) }]);
    expect(gap).toMatchObject({ complete: false, missing: [{ from: 3, to: 3 }], problems: ['event 3 is missing'] });
    const noRegistration = coverageOf([{ runId: 'r1', events: events.slice(2) }]);
    expect(noRegistration).toMatchObject({ complete: false, missing: [{ from: 1, to: 2 }], firstSequence: 3 });
  });

  it('reports an event that comes again or out of order', () => {
    const repeated = coverageOf([{ runId: 'r1', events: [...events.slice(0, 3), events[1], ...events.slice(3)] }]);
    expect(repeated).toMatchObject({ complete: false, outOfOrder: [2], missing: [] });
  });

  it('starts a single continued run from the state it carries, and says which sequence it covers first', () => {
    const coverage = coverageOf([{ runId: 'r2', continued: carriedAfter(3), events: events.slice(3) }]);
    expect(coverage).toMatchObject({
      startsFrom: 'carried-state',
      startsAfter: 3,
      firstSequence: 4,
      lastSequence: 5,
      complete: true,
    });
    const gap = coverageOf([{ runId: 'r2', continued: carriedAfter(2), events: events.slice(3) }]);
    expect(gap).toMatchObject({ complete: false, missing: [{ from: 3, to: 3 }] });
  });

  it('checks that each later run continues where the events before it end, from the state they lead to', () => {
    const runs = (carried: ContinuedRun | undefined) => [
      { runId: 'r1', events: events.slice(0, 3) },
      { runId: 'r2', continued: carried, events: events.slice(3) },
    ];
    expect(coverageOf(runs(carriedAfter(3))).complete).toBe(true);
    expect(coverageOf(runs(undefined)).problems).toEqual(['run r2 does not continue the run before it']);
    const forged = { ...carriedAfter(3), state: { ...carriedAfter(3).state, followUps: [] } };
    expect(coverageOf(runs(forged)).problems).toEqual([
      'run r2 starts from a state that the events before it do not lead to',
    ]);
    const skipping = { ...carriedAfter(3), last: { sequence: 4, recordedAt: events[3].recordedAt } };
    expect(
      coverageOf([runs(undefined)[0], { runId: 'r2', continued: skipping, events: events.slice(4) }]),
    ).toMatchObject({
      complete: false,
      missing: [{ from: 4, to: 4 }],
    });
  });
});

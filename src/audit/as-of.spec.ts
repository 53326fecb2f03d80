import type { RecordedEvent } from '../../workflows/mandate/contract';
import { mandateAssigned, mandateRegistered } from '../../workflows/mandate/lifecycle.builders';
import { momentOf, stateAsOf } from './as-of';

const recorded = (
  sequence: number,
  recordedAt: string,
  event: Omit<RecordedEvent, 'sequence' | 'actor' | 'requestId' | 'recordedAt'>,
) => ({ ...event, sequence, actor: 'secretariat', requestId: `r${sequence}`, recordedAt }) as RecordedEvent;

const events = [
  recorded(1, '2027-02-10T15:00:00.000Z', mandateRegistered()),
  recorded(2, '2027-03-01T18:30:00.000Z', mandateAssigned()),
];

describe(stateAsOf.name, () => {
  it('folds the events up to a sequence number', () => {
    expect(stateAsOf(events, { sequence: 1 })).toMatchObject({ status: 'registered', lastSequence: 1 });
    expect(stateAsOf(events, { sequence: 2 })).toMatchObject({ status: 'assigned', lastSequence: 2 });
  });

  it('folds the events recorded by a time; a bare date means the end of that day', () => {
    expect(stateAsOf(events, { at: '2027-03-01T18:29:59Z' })).toMatchObject({ status: 'registered' });
    expect(stateAsOf(events, { at: '2027-03-01' })).toMatchObject({
      status: 'assigned',
      registeredAt: '2027-02-10T15:00:00.000Z',
      updatedAt: '2027-03-01T18:30:00.000Z',
    });
  });

  it('is undefined before the registration', () => {
    expect(stateAsOf(events, { at: '2027-02-10T14:59:59Z' })).toBeUndefined();
    expect(stateAsOf(events, { sequence: 0 })).toBeUndefined();
  });

  it('reads a date-time in any offset as the same instant', () => {
    expect(momentOf('2027-03-01T13:30:00-05:00')).toBe('2027-03-01T18:30:00.000Z');
  });
});

describe(`${stateAsOf.name} from a continued run`, () => {
  const registered = stateAsOf(events, { sequence: 1 })!;
  const { lastSequence, registeredAt, updatedAt, ...state } = registered;
  const carried = {
    state,
    registeredAt,
    last: { sequence: lastSequence, recordedAt: updatedAt },
    appliedRequestIds: [],
  };

  it('folds the run’s own events onto the state it carries', () => {
    expect(stateAsOf(events.slice(1), { sequence: 2 }, carried)).toMatchObject({
      status: 'assigned',
      lastSequence: 2,
      registeredAt: '2027-02-10T15:00:00.000Z',
    });
    expect(stateAsOf([], { sequence: 1 }, carried)).toMatchObject({ status: 'registered', lastSequence: 1 });
  });

  it('knows nothing before the state it carries', () => {
    expect(stateAsOf(events.slice(1), { at: '2027-02-10T14:00:00Z' }, carried)).toBeUndefined();
  });
});

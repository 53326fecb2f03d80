import { commandOutcome } from './command-outcomes.interceptor';

describe(commandOutcome.name, () => {
  it.each([
    [200, 'accepted'],
    [201, 'accepted'],
    [400, 'invalid'],
    [401, 'rejected'],
    [403, 'rejected'],
    [404, 'not_found'],
    [409, 'refused'],
    [413, 'rejected'],
    [429, 'rejected'],
    [500, 'failed'],
    [502, 'failed'],
    [503, 'unavailable'],
  ])('names the outcome of a command answered %i: %s', (status, outcome) => {
    expect(commandOutcome(status)).toBe(outcome);
  });
});

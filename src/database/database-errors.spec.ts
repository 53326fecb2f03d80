import { QueryFailedError } from 'typeorm';
import { isDatabaseUnavailable } from './database-errors';

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

describe(isDatabaseUnavailable.name, () => {
  it.each([
    ['a refused connection', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    [
      'every address of the host refused',
      new AggregateError([withCode('a', 'ECONNREFUSED'), withCode('b', 'ECONNREFUSED')]),
    ],
    ['a connection lost mid-query', new Error('Connection terminated unexpectedly')],
    ['no connection from the pool in time', new Error('timeout exceeded when trying to connect')],
    ['a server shutting down', new QueryFailedError('SELECT 1', [], withCode('terminating connection', '57P01'))],
    ['a server starting', withCode('the database system is starting up', '57P03')],
    ['a connection exception', withCode('connection failure', '08006')],
  ])('says so for %s', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(true);
  });

  it.each([
    ['a bad query', new QueryFailedError('SELECT', [], withCode('syntax error', '42601'))],
    ['a value out of range', new QueryFailedError('SELECT', [], withCode('bigint out of range', '22003'))],
    ['any other error', new Error('something else')],
    ['not an error', 'ECONNREFUSED'],
  ])('does not for %s', (_, err) => {
    expect(isDatabaseUnavailable(err)).toBe(false);
  });
});

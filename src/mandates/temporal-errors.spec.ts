import { ServiceError, WorkflowNotFoundError } from '@temporalio/client';
import { LEGACY_QUERY_REFUSED } from '../../workflows/interceptors';
import { TemporarilyUnavailable } from '../common/temporarily-unavailable.error';
import { MandateNotFound } from './mandate-not-found.error';
import { fromTemporal } from './temporal-errors';

function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

describe(fromTemporal.name, () => {
  it('reads an unknown workflow as an unknown mandate', () => {
    expect(fromTemporal(new WorkflowNotFoundError('gone', 'mandate:x', undefined), 'x')).toBeInstanceOf(
      MandateNotFound,
    );
  });

  it.each([
    ['a deadline exceeded (4)', 4],
    ['a busy server (8)', 8],
    ['an unavailable server (14)', 14],
  ])('answers %s as retryable, wrapped or not', (_, code) => {
    expect(fromTemporal(grpcError(code, 'slow'), 'x')).toBeInstanceOf(TemporarilyUnavailable);
    const wrapped = new ServiceError('Failed to query Workflow', { cause: grpcError(code, 'slow') });
    expect(fromTemporal(wrapped, 'x')).toBeInstanceOf(TemporarilyUnavailable);
  });

  it('answers a query no worker polls for (a worker just restarted) as retryable, wrapped or not', () => {
    const noPoller = grpcError(9, 'no poller seen for task queue recently, worker may be down');
    expect(fromTemporal(noPoller, 'x')).toBeInstanceOf(TemporarilyUnavailable);
    const wrapped = new ServiceError('Failed to query Workflow', { cause: noPoller });
    expect(fromTemporal(wrapped, 'x')).toMatchObject({ message: expect.stringMatching(/no worker/) });
  });

  it('answers a query the legacy-query guard refused as retryable in ten seconds', () => {
    const refused = fromTemporal(new Error(`query failed: ${LEGACY_QUERY_REFUSED}`), 'x');
    expect(refused).toMatchObject({ retryAfterSeconds: 10, message: expect.stringMatching(/cannot be read/) });
  });

  it('leaves other errors as they are (the filter answers 500 and logs them)', () => {
    const other = grpcError(3, 'invalid argument');
    expect(fromTemporal(other, 'x')).toBe(other);
  });
});

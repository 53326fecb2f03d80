import { ServiceError } from '@temporalio/client';
import { TemporarilyUnavailable } from '../common/temporarily-unavailable.error';
import { fromTemporal } from './temporal-errors';

const grpcError = (code: number) => Object.assign(new Error(`${code} status`), { code, details: 'x', metadata: {} });

describe(fromTemporal.name, () => {
  it.each([
    ['a query no worker answered in time', new ServiceError('Failed to query Workflow', { cause: grpcError(4) })],
    ['a busy server', grpcError(8)],
    ['a server out of reach', new ServiceError('Failed to query Workflow', { cause: grpcError(14) })],
  ])('makes %s a 503 to retry', (_, err) => {
    expect(fromTemporal(err, 'ag-res-1-i-o-70-p1')).toBeInstanceOf(TemporarilyUnavailable);
  });

  it('leaves other errors as they are (a 500, logged)', () => {
    const invalid = new ServiceError('Failed to query Workflow', { cause: grpcError(3) });
    expect(fromTemporal(invalid, 'ag-res-1-i-o-70-p1')).toBe(invalid);
  });
});

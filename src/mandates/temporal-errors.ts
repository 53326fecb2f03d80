import {
  ApplicationFailure,
  isGrpcServiceError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import {
  INVALID_MANDATE_COMMAND,
  MANDATE_RULE_VIOLATION,
  type MandateFailureDetails,
} from '../../workflows/mandate/contract';
import { LEGACY_QUERY_REFUSED } from '../../workflows/interceptors';
import { InvalidMandateCommand, MandateRuleViolation } from '../../workflows/mandate/lifecycle';
import { TemporarilyUnavailable } from '../common/temporarily-unavailable.error';
import { MandateNotFound } from './mandate-not-found.error';

// gRPC status codes (grpc/doc/statuscodes.md) of a server that is busy, slow or out of reach, not of a wrong request.
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_UNAVAILABLE = 14;
const RETRYABLE_GRPC_CODES = [GRPC_DEADLINE_EXCEEDED, GRPC_RESOURCE_EXHAUSTED, GRPC_UNAVAILABLE];

/** The gRPC status of an error the client threw, itself or as the cause of its ServiceError ("Failed to query"). */
function grpcCode(err: unknown): number | undefined {
  for (const candidate of [err, (err as { cause?: unknown } | undefined)?.cause]) {
    if (isGrpcServiceError(candidate)) return candidate.code;
  }
  return undefined;
}

/** Turns what the Temporal client throws back into the domain errors the workflow raised. */
export function fromTemporal(err: unknown, mandateId: string): unknown {
  if (err instanceof WorkflowNotFoundError) {
    return new MandateNotFound(mandateId);
  }
  if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
    const failure = err.cause;
    const details = (failure.details?.[0] ?? {}) as MandateFailureDetails;
    if (failure.type === MANDATE_RULE_VIOLATION) {
      return new MandateRuleViolation(details.rule ?? 'rule-violation', failure.message);
    }
    if (failure.type === INVALID_MANDATE_COMMAND) {
      return new InvalidMandateCommand(details.field ?? 'command', failure.message);
    }
  }
  // A query the legacy-query guard refused (see workflows/interceptors.ts): answered once the pending workflow
  // task has run, within the sticky queue's schedule-to-start timeout.
  if (err instanceof Error && err.message.includes(LEGACY_QUERY_REFUSED)) {
    return new TemporarilyUnavailable(
      `mandate ${mandateId} cannot be read from its workflow now: a workflow task of it waits on a worker that ` +
        'stopped answering; retry in a few seconds',
      10,
    );
  }
  // Busy or slow (a query no worker answered in time), not wrong: the client may retry, and with an
  // Idempotency-Key a retried command applies once.
  const code = grpcCode(err);
  if (
    err instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    (code !== undefined && RETRYABLE_GRPC_CODES.includes(code))
  ) {
    return new TemporarilyUnavailable(
      `mandate ${mandateId} cannot take the request now; retry it with the same Idempotency-Key`,
      2,
    );
  }
  return err;
}

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

// gRPC status codes (grpc/doc/statuscodes.md).
const GRPC_DEADLINE_EXCEEDED = 4;
const GRPC_RESOURCE_EXHAUSTED = 8;
const GRPC_UNAVAILABLE = 14;
const RETRYABLE_GRPC = [GRPC_DEADLINE_EXCEEDED, GRPC_RESOURCE_EXHAUSTED, GRPC_UNAVAILABLE];

const GRPC_FAILED_PRECONDITION = 9;

/** The gRPC error the client threw, itself or as the cause of its ServiceError ("Failed to query Workflow"). */
function grpcErrorOf(err: unknown) {
  const grpc = isGrpcServiceError(err) ? err : (err as { cause?: unknown } | undefined)?.cause;
  return isGrpcServiceError(grpc) ? grpc : undefined;
}

/** A gRPC status the client may retry as it is: the server was slow, busy or away. */
function retryableGrpc(err: unknown): boolean {
  const grpc = grpcErrorOf(err);
  return grpc !== undefined && RETRYABLE_GRPC.includes(grpc.code);
}

/**
 * A query the server could give no worker: no poller of the task queue seen lately (every worker down, or one
 * just restarted and not yet seen polling). The server says so with FAILED_PRECONDITION.
 */
function noWorkerPolling(err: unknown): boolean {
  const grpc = grpcErrorOf(err);
  return grpc !== undefined && Number(grpc.code) === GRPC_FAILED_PRECONDITION && /no poller seen/i.test(grpc.details);
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
  if (noWorkerPolling(err)) {
    return new TemporarilyUnavailable(
      `mandate ${mandateId} cannot be read from its workflow now: no worker answers for it; retry in a few seconds`,
      5,
    );
  }
  // Busy or slow, not wrong: the client may retry, and with an Idempotency-Key the retry applies once.
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError || retryableGrpc(err)) {
    return new TemporarilyUnavailable(
      `mandate ${mandateId} cannot take the request now; retry it with the same Idempotency-Key`,
      2,
    );
  }
  return err;
}

import { ApplicationFailure, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import {
  INVALID_MANDATE_COMMAND,
  MANDATE_RULE_VIOLATION,
  type MandateFailureDetails,
} from '../../workflows/mandate/contract';
import { InvalidMandateCommand, MandateRuleViolation } from '../../workflows/mandate/lifecycle';
import { MandateNotFound } from './mandate-not-found.error';

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
  return err;
}

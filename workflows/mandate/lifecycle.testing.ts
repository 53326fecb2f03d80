// Given / when / then for the lifecycle specs (jest only: excluded from the build).
import {
  fold,
  InvalidMandateCommand,
  type MandateCommand,
  type MandateEvent,
  MandateRuleViolation,
  type RegisteredMandateState,
} from './lifecycle';
import { validate } from './command-checks';
import { NOW } from './lifecycle.builders';

/** when: check and decide `command` against the state the `given` events fold into, at `at` (the fixed instant `NOW`). */
export function when(given: readonly MandateEvent[], command: MandateCommand, at: Date = NOW): MandateEvent[] {
  return validate(fold(given), command, at);
}

function refusalOf(given: readonly MandateEvent[], command: MandateCommand): unknown {
  try {
    when(given, command);
  } catch (error) {
    return error;
  }
  throw new Error(`expected ${command.type} to be refused, but it was decided`);
}

/** then: the command breaks lifecycle rule `rule` (a `MandateRuleViolation`, HTTP 409). */
export function thenRuleViolation(given: readonly MandateEvent[], command: MandateCommand, rule: string): void {
  expect(() => when(given, command)).toThrow(MandateRuleViolation);
  expect(refusalOf(given, command)).toHaveProperty('rule', rule);
}

/** then: the command's field `field` is invalid (an `InvalidMandateCommand`, HTTP 400). */
export function thenInvalidField(given: readonly MandateEvent[], command: MandateCommand, field: string): void {
  expect(() => when(given, command)).toThrow(InvalidMandateCommand);
  expect(refusalOf(given, command)).toHaveProperty('field', field);
}

/** The registered state the events fold into; fails the spec if they leave the mandate unregistered. */
export function stateOf(events: readonly MandateEvent[]): RegisteredMandateState {
  const state = fold(events);
  if (state.status === 'unregistered') {
    throw new Error('expected the events to register the mandate');
  }
  return state;
}

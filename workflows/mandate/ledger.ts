/**
 * A mandate's state and this run's events, as the workflow holds them: commands are checked by the update
 * validators (every field, the caller's metadata, the request id) and applied by the update handlers with the
 * decider's rules. Workflow code: deterministic, no I/O.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { type CommandMeta, parseEnvelope, parseRegistrationEnvelope } from './command-input';
import {
  type ContinuedRun,
  INVALID_MANDATE_COMMAND,
  MANDATE_RULE_VIOLATION,
  type MandateStateView,
  type RecordedEvent,
  RULE_IDEMPOTENCY_KEY_REUSED,
  RULE_REQUEST_ALREADY_APPLIED,
  stateView,
  type UpdateResult,
} from './contract';
import { nextNotificationAt } from './deadlines';
import {
  decide,
  evolve,
  initialState,
  InvalidMandateCommand,
  type MandateCommand,
  type MandateState,
  MandateRuleViolation,
  notificationPlan,
} from './lifecycle';
import { validate } from './command-checks';

/** The actor of what the mandate does by itself: reminders, escalations, delivery records. */
export const SYSTEM_ACTOR = 'system';

/** How many request ids a run carries into the next, so that a retry spanning runs is still refused. */
const CARRIED_REQUEST_IDS = 1000;

/** Turns domain errors into failures the caller sees; anything else is a bug and fails the workflow task. */
export function asFailure(err: unknown): unknown {
  if (err instanceof MandateRuleViolation) {
    return ApplicationFailure.create({
      type: MANDATE_RULE_VIOLATION,
      message: err.message,
      details: [{ rule: err.rule }],
      nonRetryable: true,
    });
  }
  if (err instanceof InvalidMandateCommand) {
    return ApplicationFailure.create({
      type: INVALID_MANDATE_COMMAND,
      message: err.message,
      details: [{ field: err.field }],
      nonRetryable: true,
    });
  }
  return err;
}

export class MandateLedger {
  private state: MandateState = initialState;
  /** This run's events; earlier runs' are in their own histories. */
  readonly events: RecordedEvent[] = [];
  readonly base: number;
  private readonly registeredAt?: string;
  private readonly carriedLast?: { sequence: number; recordedAt: string };
  /** Request ids applied in this run and (the latest) in earlier ones, with their bodies' digests when known. */
  private readonly requests = new Map<string, string | undefined>();

  constructor(continued?: ContinuedRun) {
    this.base = continued?.last.sequence ?? 0;
    this.registeredAt = continued?.registeredAt;
    this.carriedLast = continued?.last;
    for (const id of continued?.appliedRequestIds ?? []) this.requests.set(id, continued?.requestDigests?.[id]);
    if (continued) this.state = continued.state;
  }

  /**
   * An update's validator: everything a client sent (shape, fields, metadata) and the lifecycle rules, against the
   * state now. Throws an ApplicationFailure the caller sees; a refused update leaves nothing in the history.
   */
  validate(updateName: string, input: unknown): void {
    try {
      const { meta, command } = parseEnvelope(updateName, input);
      this.checkRequest(meta);
      validate(this.state, command, new Date());
    } catch (err) {
      throw asFailure(err);
    }
  }

  /**
   * The validator of `register`, the update sent with the workflow's start: the request that registered the mandate
   * (the start's metadata) may ask again; any other request for the same paragraph is refused.
   */
  validateRegistration(input: unknown, registeredBy: CommandMeta): void {
    try {
      const { meta } = parseRegistrationEnvelope(input);
      const sameRequest =
        meta.requestId === registeredBy.requestId &&
        (!meta.digest || !registeredBy.digest || meta.digest === registeredBy.digest);
      if (!sameRequest) {
        const { registration, mandateId } = this.view();
        throw new MandateRuleViolation(
          'mandate-already-registered',
          `${registration.resolutionSymbol} § ${registration.paragraph} is already registered as mandate ${mandateId}`,
        );
      }
    } catch (err) {
      throw asFailure(err);
    }
  }

  /** A request id names one request: applied once; with another body, refused. */
  private checkRequest(meta: CommandMeta): void {
    if (!this.requests.has(meta.requestId)) return;
    const digest = this.requests.get(meta.requestId);
    if (meta.digest && digest && meta.digest !== digest) {
      throw new MandateRuleViolation(
        RULE_IDEMPOTENCY_KEY_REUSED,
        `request id ${meta.requestId} was already used for another request; use a new Idempotency-Key`,
      );
    }
    throw new MandateRuleViolation(RULE_REQUEST_ALREADY_APPLIED, `request ${meta.requestId} was already applied`);
  }

  /**
   * Decides and records a command's events (an update's handler, or the mandate's own commands). No field checks
   * here: a command reaching this was validated when it was sent, and on replay it is decided as it was then.
   */
  execute(command: MandateCommand, meta: CommandMeta): UpdateResult & { state: MandateStateView } {
    const recordedAt = new Date().toISOString();
    const first = this.lastSequence + 1;
    let decided;
    try {
      decided = decide(this.state, command, new Date(), first);
    } catch (err) {
      throw asFailure(err);
    }
    const recorded = decided.map((event, i): RecordedEvent => {
      this.state = evolve(this.state, event);
      return {
        ...event,
        sequence: first + i,
        actor: meta.actor,
        ...(meta.actorName !== undefined && { actorName: meta.actorName }),
        ...(meta.roles !== undefined && { actorRoles: meta.roles }),
        requestId: meta.requestId,
        recordedAt,
      };
    });
    this.events.push(...recorded);
    if (meta.actor !== SYSTEM_ACTOR) this.requests.set(meta.requestId, meta.digest);
    return { events: recorded, state: this.view() };
  }

  get status(): MandateState['status'] {
    return this.state.status;
  }

  /** When the next reminder or escalation is due, if one is planned. */
  nextNotificationAt(now: Date): string | undefined {
    return nextNotificationAt(notificationPlan(this.state), now);
  }

  get lastSequence(): number {
    return this.base + this.events.length;
  }

  view(): MandateStateView {
    const last = this.events[this.events.length - 1] ?? this.carriedLast;
    const registeredAt = this.registeredAt ?? this.events[0]?.recordedAt;
    if (this.state.status === 'unregistered' || !last || !registeredAt) {
      throw ApplicationFailure.nonRetryable('the mandate is not registered', MANDATE_RULE_VIOLATION);
    }
    return stateView(this.state, registeredAt, last);
  }

  /** What the next run starts from: the state, where the sequence stands, the request ids applied. */
  snapshot(
    pendingDeliveries: string[] = [],
    pendingCounterparts: NonNullable<ContinuedRun['pendingCounterparts']> = [],
  ): ContinuedRun {
    const view = this.view();
    const { lastSequence, registeredAt, updatedAt, ...state } = view;
    const carried = [...this.requests.keys()].slice(-CARRIED_REQUEST_IDS);
    const digests = Object.fromEntries(
      carried.flatMap((id) => {
        const digest = this.requests.get(id);
        return digest ? [[id, digest]] : [];
      }),
    );
    return {
      state,
      registeredAt,
      last: { sequence: lastSequence, recordedAt: updatedAt },
      appliedRequestIds: carried,
      ...(Object.keys(digests).length > 0 && { requestDigests: digests }),
      ...(pendingDeliveries.length > 0 && { pendingDeliveries }),
      ...(pendingCounterparts.length > 0 && { pendingCounterparts }),
    };
  }
}

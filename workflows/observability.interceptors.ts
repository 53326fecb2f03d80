/**
 * Ties what the worker does to the HTTP request behind it. The API's Temporal client puts the request id and, with
 * tracing on, the trace context in each command's Temporal headers (src/observability/temporal-interceptors.ts);
 * here the workflow logs each command it applies or refuses with its request id, reports it to the `observability`
 * sink (a span in the request's trace, made outside the sandbox), and hands the projection activity that writes a
 * command's events the ids of the commands it writes and the latest one's trace context.
 *
 * Workflow code that emits no command and adds no yield point: every method hands `next`'s own result back, and a
 * sink call is not a command. So a history written with or without it replays the same, and the replayers (audit,
 * repair, tests) bundle it or not alike (test/int/tracing.test.ts replays such histories without it). The SDK's own
 * OpenTelemetry workflow interceptors are not used: their spans around update handlers delay an update's completion
 * by a few microtasks, which reorders commands, so that a history written with them does not replay without them.
 */
import {
  defaultPayloadConverter,
  type Headers,
  log,
  type Payload,
  proxySinks,
  type Sinks,
  type WorkflowInterceptorsFactory,
} from '@temporalio/workflow';

/** The Temporal header with the request id of the HTTP request that sent a command (a string). */
export const REQUEST_ID_HEADER = 'mandate-tracker-request-id';
/** The Temporal header of a projection activity: the request ids of the commands whose events it writes. */
export const REQUEST_IDS_HEADER = 'mandate-tracker-request-ids';
/** Where `@temporalio/interceptors-opentelemetry`'s client and activity interceptors keep a trace context. */
export const TRACE_HEADER = '_tracer-data';

/** A command as the workflow took it, for the worker to record in the caller's trace. */
export interface CommandSeen {
  command: string;
  updateId: string;
  outcome: 'applied' | 'refused' | 'failed';
  /** Why it was refused: the rule's message. */
  reason?: string;
  /** The caller's trace context (the TRACE_HEADER payload), when it traced the command. */
  trace?: Payload;
}

export interface ObservabilitySinks extends Sinks {
  observability: {
    commandSeen(command: CommandSeen): void;
  };
}

/** A projection held up for long must not grow its header forever. */
const MAX_REQUEST_IDS = 50;

const PROJECTION_ACTIVITY = 'projectMandate';

export function requestIdOf(headers: Headers): string | undefined {
  const payload = headers[REQUEST_ID_HEADER];
  if (!payload) return undefined;
  const value: unknown = defaultPayloadConverter.fromPayload(payload);
  return typeof value === 'string' ? value : undefined;
}

export const interceptors: WorkflowInterceptorsFactory = () => {
  const { observability } = proxySinks<ObservabilitySinks>();
  /** Request ids of the commands applied since a projection was last scheduled: the next one writes their events. */
  const unprojected = new Set<string>();
  /** The trace context of the latest of those commands, when the caller traced it. */
  let latestTrace: Payload | undefined;
  const remember = (headers: Headers) => {
    const requestId = requestIdOf(headers);
    if (requestId) {
      unprojected.add(requestId);
      if (unprojected.size > MAX_REQUEST_IDS) unprojected.delete(unprojected.values().next().value!);
    }
    latestTrace = headers[TRACE_HEADER] ?? latestTrace;
  };
  return {
    inbound: [
      {
        execute(input, next) {
          remember(input.headers);
          return next(input);
        },
        validateUpdate(input, next) {
          try {
            next(input);
          } catch (err) {
            const reason = err instanceof Error ? err.message : String(err);
            const requestId = requestIdOf(input.headers);
            log.info(`command ${input.name} refused`, { requestId, updateId: input.updateId, reason });
            const trace = input.headers[TRACE_HEADER];
            observability.commandSeen({
              command: input.name,
              updateId: input.updateId,
              outcome: 'refused',
              reason,
              trace,
            });
            throw err;
          }
        },
        handleUpdate(input, next) {
          remember(input.headers);
          const result = next(input);
          const seen = (outcome: CommandSeen['outcome']) => {
            log.info(`command ${input.name} ${outcome}`, {
              requestId: requestIdOf(input.headers),
              updateId: input.updateId,
            });
            observability.commandSeen({
              command: input.name,
              updateId: input.updateId,
              outcome,
              trace: input.headers[TRACE_HEADER],
            });
          };
          // A branch of its own: the handler's result is handed back untouched, without a yield point.
          result.then(
            () => seen('applied'),
            () => seen('failed'),
          );
          return result;
        },
      },
    ],
    outbound: [
      {
        scheduleActivity(input, next) {
          if (input.activityType !== PROJECTION_ACTIVITY || (unprojected.size === 0 && !latestTrace)) {
            return next(input);
          }
          const headers = { ...input.headers };
          if (unprojected.size > 0) headers[REQUEST_IDS_HEADER] = defaultPayloadConverter.toPayload([...unprojected]);
          if (latestTrace) headers[TRACE_HEADER] = latestTrace;
          unprojected.clear();
          latestTrace = undefined;
          return next({ ...input, headers });
        },
      },
    ],
  };
};

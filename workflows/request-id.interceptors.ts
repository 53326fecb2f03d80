/**
 * Carries the HTTP request behind each command into the worker's logs and traces. The API's Temporal client puts
 * the request id in the command's Temporal headers (src/observability/temporal-interceptors.ts); the workflow logs
 * each command it applies or refuses with it, and hands the projection activity that writes a command's events the
 * ids of the commands it writes (and the latest one's trace context, so that the projection is part of that
 * request's trace). Workflow code: it emits no command and adds no yield point (every method hands `next`'s own
 * result back), so a history written with or without it replays the same.
 */
import { defaultPayloadConverter, type Headers, log, type WorkflowInterceptorsFactory } from '@temporalio/workflow';

/** The Temporal header with the request id of the HTTP request that sent a command (a string). */
export const REQUEST_ID_HEADER = 'mandate-tracker-request-id';
/** The Temporal header of a projection activity: the request ids of the commands whose events it writes. */
export const REQUEST_IDS_HEADER = 'mandate-tracker-request-ids';
/** Where `@temporalio/interceptors-opentelemetry` keeps a span context in Temporal headers (its TRACE_HEADER). */
const TRACE_HEADER = '_tracer-data';

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
  /** Request ids of the commands applied since a projection was last scheduled: the next one writes their events. */
  const unprojected = new Set<string>();
  /** The trace context of the latest of those commands, when the caller traced it. */
  let latestTrace: Headers[string] | undefined;
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
            const requestId = requestIdOf(input.headers);
            if (requestId) {
              log.info(`command ${input.name} refused`, {
                requestId,
                updateId: input.updateId,
                reason: err instanceof Error ? err.message : String(err),
              });
            }
            throw err;
          }
        },
        handleUpdate(input, next) {
          remember(input.headers);
          const result = next(input);
          const requestId = requestIdOf(input.headers);
          if (requestId) {
            // A branch of its own: the handler's result is handed back untouched, without a yield point.
            result.then(
              () => log.info(`command ${input.name} applied`, { requestId, updateId: input.updateId }),
              () => undefined,
            );
          }
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
          // Listed after the OpenTelemetry interceptors, this overrides the run's own context with the command's.
          if (latestTrace) headers[TRACE_HEADER] = latestTrace;
          unprojected.clear();
          latestTrace = undefined;
          return next({ ...input, headers });
        },
      },
    ],
  };
};

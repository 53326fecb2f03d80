import { type Context, context, defaultTextMapGetter, propagation, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Context as ActivityContext } from '@temporalio/activity';
import type { ClientInterceptors, WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Headers, type Payload } from '@temporalio/common';
import type { ActivityInterceptors, InjectedSinks, WorkerInterceptors } from '@temporalio/worker';
import type { WorkflowInfo } from '@temporalio/workflow';
import type { ProjectMandateInput } from '../../activities';
import {
  type CommandSeen,
  type ObservabilitySinks,
  REQUEST_ID_HEADER,
  REQUEST_IDS_HEADER,
  TRACE_HEADER,
} from '../../workflows/observability.interceptors';
import { currentRequestId } from './logging';
import { projectionLag, projectionLastSuccess } from './metrics';
import { tracingEnabled } from './tracing';

/* eslint-disable @typescript-eslint/no-require-imports -- the OpenTelemetry interceptors load only with tracing on */
type OtelClient = typeof import('@temporalio/interceptors-opentelemetry/lib/client');
type OtelWorker = typeof import('@temporalio/interceptors-opentelemetry/lib/worker');
const otelClient = () => require('@temporalio/interceptors-opentelemetry/lib/client') as OtelClient;
const otelWorker = () => require('@temporalio/interceptors-opentelemetry/lib/worker') as OtelWorker;
/* eslint-enable @typescript-eslint/no-require-imports */

function withRequestId(headers: Headers): Headers {
  const requestId = currentRequestId();
  return requestId ? { ...headers, [REQUEST_ID_HEADER]: defaultPayloadConverter.toPayload(requestId) } : headers;
}

/** Puts the HTTP request's id (./http-observability.ts) in the Temporal headers of what a request starts or sends. */
export class RequestIdClientInterceptor implements WorkflowClientInterceptor {
  start: WorkflowClientInterceptor['start'] = (input, next) =>
    next({ ...input, headers: withRequestId(input.headers) });
  startWithDetails: WorkflowClientInterceptor['startWithDetails'] = (input, next) =>
    next({ ...input, headers: withRequestId(input.headers) });
  startUpdate: WorkflowClientInterceptor['startUpdate'] = (input, next) =>
    next({ ...input, headers: withRequestId(input.headers) });
  startUpdateWithStart: WorkflowClientInterceptor['startUpdateWithStart'] = (input, next) =>
    next({
      ...input,
      workflowStartHeaders: withRequestId(input.workflowStartHeaders),
      updateHeaders: withRequestId(input.updateHeaders),
    });
  signal: WorkflowClientInterceptor['signal'] = (input, next) =>
    next({ ...input, headers: withRequestId(input.headers) });
  signalWithStart: WorkflowClientInterceptor['signalWithStart'] = (input, next) =>
    next({ ...input, headers: withRequestId(input.headers) });
}

/** The interceptors of every Temporal client this application makes: trace context (with tracing on), request id. */
export function temporalClientInterceptors(): ClientInterceptors {
  return {
    workflow: [
      ...(tracingEnabled() ? [new (otelClient().OpenTelemetryWorkflowClientInterceptor)()] : []),
      new RequestIdClientInterceptor(),
    ],
  };
}

function requestIdsOf(headers: Headers): string[] | undefined {
  const payload = headers[REQUEST_IDS_HEADER];
  const ids: unknown = payload && defaultPayloadConverter.fromPayload(payload);
  return Array.isArray(ids) && ids.every((id) => typeof id === 'string') ? ids : undefined;
}

/** Each event a projection wrote: how long after its workflow task it reached the read model. */
function observeProjection(input: ProjectMandateInput | undefined): void {
  const now = Date.now();
  for (const event of input?.events ?? []) {
    const recorded = Date.parse(event.recordedAt);
    if (Number.isFinite(recorded)) projectionLag.observe(Math.max(0, now - recorded) / 1000);
  }
  projectionLastSuccess.set(now / 1000);
}

/** The caller's trace context in a Temporal header (TRACE_HEADER), as OpenTelemetry's. */
function traceContextOf(payload: Payload | undefined): Context | undefined {
  const carrier: unknown = payload && defaultPayloadConverter.fromPayload(payload);
  if (typeof carrier !== 'object' || carrier === null) return undefined;
  return propagation.extract(context.active(), carrier, defaultTextMapGetter);
}

/**
 * An activity's log lines carry the request ids of the commands it serves (a projection's, from its header) and
 * the trace its headers carry (every line, the SDK's own before and after the activity's span too); a projection
 * that committed is measured (`mandate_projection_lag_seconds`).
 */
function observedActivity(ctx: ActivityContext): ActivityInterceptors {
  let fields: Record<string, unknown> = {};
  return {
    inbound: {
      async execute(input, next) {
        const requestIds = requestIdsOf(input.headers);
        const traceId = trace.getSpanContext(traceContextOf(input.headers[TRACE_HEADER]) ?? context.active())?.traceId;
        fields = { ...(requestIds && { requestIds }), ...(traceId && { trace_id: traceId }) };
        const result = await next(input);
        if (ctx.info.activityType === 'projectMandate') observeProjection(input.args[0] as ProjectMandateInput);
        return result;
      },
    },
    outbound: {
      getLogAttributes: (attributes, next) => next({ ...fields, ...attributes }),
    },
  };
}

/**
 * A command the workflow applied or refused, as a span in its caller's trace (the workflow's own code runs in a
 * sandbox and reports it through the `observability` sink, once its activation is done).
 */
function recordCommand(info: WorkflowInfo, seen: CommandSeen): void {
  const parent = traceContextOf(seen.trace);
  if (!parent) return;
  const name = `${seen.outcome === 'refused' ? 'ValidateUpdate' : 'HandleUpdate'}:${seen.command}`;
  const span = trace.getTracer('mandate-tracker-workflow').startSpan(
    name,
    {
      attributes: {
        temporalWorkflowId: info.workflowId,
        run_id: info.runId,
        temporalUpdateId: seen.updateId,
        'mandate.command.outcome': seen.outcome,
      },
    },
    parent,
  );
  if (seen.outcome !== 'applied') span.setStatus({ code: SpanStatusCode.ERROR, message: seen.reason ?? seen.outcome });
  span.end();
}

/** Options of a worker that hosts mandate workflows: its activity interceptors and the sinks they call. */
export interface WorkerObservability {
  interceptors: WorkerInterceptors;
  sinks: InjectedSinks<ObservabilitySinks>;
}

/**
 * The workflow interceptor modules the worker bundles with the workflow code: the legacy-query guard
 * (workflows/interceptors.ts; off only to reproduce the defect in a drill) and workflows/observability.interceptors.ts
 * (request ids and the hand-off of trace contexts, which change no history).
 */
export function workerWorkflowModules({ legacyQueryGuard }: { legacyQueryGuard: boolean }): string[] {
  return [
    ...(legacyQueryGuard ? [require.resolve('../../workflows/interceptors')] : []),
    require.resolve('../../workflows/observability.interceptors'),
  ];
}

/**
 * The worker's activity interceptors: with tracing on, the SDK's OpenTelemetry ones (a span per activity, in the
 * trace its headers carry), then request ids and trace ids in their log lines and the projection's lag; and the sink
 * the workflow interceptors report commands to.
 */
export function workerObservability(): WorkerObservability {
  const otel = tracingEnabled() ? otelWorker() : undefined;
  return {
    interceptors: {
      activity: [
        ...(otel
          ? [
              (ctx: ActivityContext): ActivityInterceptors => ({
                inbound: new otel.OpenTelemetryActivityInboundInterceptor(ctx),
                outbound: new otel.OpenTelemetryActivityOutboundInterceptor(ctx),
              }),
            ]
          : []),
        observedActivity,
      ],
    },
    sinks: { observability: { commandSeen: { fn: otel ? recordCommand : () => undefined } } },
  };
}

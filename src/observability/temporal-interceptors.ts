import type { Context as ActivityContext } from '@temporalio/activity';
import type { ClientInterceptors, WorkflowClientInterceptor } from '@temporalio/client';
import { defaultPayloadConverter, type Headers } from '@temporalio/common';
import type { ActivityInterceptors, WorkerInterceptors, WorkerOptions } from '@temporalio/worker';
import type { ProjectMandateInput } from '../../activities';
import { REQUEST_ID_HEADER, REQUEST_IDS_HEADER } from '../../workflows/request-id.interceptors';
import { currentRequestId } from './logging';
import { projectionLag, projectionLastSuccess } from './metrics';
import { tracingEnabled, workflowSpanTarget } from './tracing';

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

/**
 * An activity's log lines carry the request ids of the commands it serves (a projection's, from its header), and a
 * projection that committed is measured (`mandate_projection_lag_seconds`).
 */
function observedActivity(ctx: ActivityContext): ActivityInterceptors {
  let requestIds: string[] | undefined;
  return {
    inbound: {
      async execute(input, next) {
        requestIds = requestIdsOf(input.headers);
        const result = await next(input);
        if (ctx.info.activityType === 'projectMandate') observeProjection(input.args[0] as ProjectMandateInput);
        return result;
      },
    },
    outbound: {
      getLogAttributes: (attributes, next) => next(requestIds ? { ...attributes, requestIds } : attributes),
    },
  };
}

/** Options of a worker that hosts mandate workflows: its interceptors and the sinks they call. */
export interface WorkerObservability {
  interceptors: WorkerInterceptors & { workflowModules: string[] };
  sinks: WorkerOptions['sinks'];
}

/**
 * The worker's interceptors. Workflow modules: the legacy-query guard (workflows/interceptors.ts; off only to
 * reproduce the defect in a drill), with tracing on the OpenTelemetry ones (spans of updates, queries and activities
 * scheduled, sent out through the `exporter` sink), then the request ids (workflows/request-id.interceptors.ts).
 * None of them emits a command, so the replayers (audit, repair, tests), which bundle the guard alone, replay what
 * a worker with tracing wrote; test/int/observability.test.ts replays such histories.
 */
export function workerObservability({ legacyQueryGuard }: { legacyQueryGuard: boolean }): WorkerObservability {
  const target = workflowSpanTarget();
  const otel = target ? otelWorker() : undefined;
  return {
    interceptors: {
      workflowModules: [
        ...(legacyQueryGuard ? [require.resolve('../../workflows/interceptors')] : []),
        ...(target ? [require.resolve('@temporalio/interceptors-opentelemetry/lib/workflow-interceptors')] : []),
        require.resolve('../../workflows/request-id.interceptors'),
      ],
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
    sinks: target && otel ? { exporter: otel.makeWorkflowExporter(target.processor, target.resource) } : {},
  };
}

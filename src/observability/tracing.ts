import { type Span, trace } from '@opentelemetry/api';
import type { ClientRequest, IncomingMessage } from 'node:http';
import type { BasicTracerProvider } from '@opentelemetry/sdk-trace-base';
import type { NodeSDK } from '@opentelemetry/sdk-node';
import { routeTemplate } from './route-template';

interface Tracing {
  sdk: NodeSDK;
  provider: BasicTracerProvider;
}

let tracing: Tracing | undefined;

/**
 * A request's path and query may carry what no trace should (a calendar feed's secret, a webhook's token): a served
 * request's span keeps its route template, a request sent its origin only.
 */
export function withoutSecrets(span: Span, request: ClientRequest | IncomingMessage): void {
  // A request served has an HTTP version already; one sent does not (its response will).
  if ('httpVersion' in request) {
    const route = routeTemplate(request);
    span.setAttributes({ 'http.target': route, 'http.url': `${request.headers.host ?? ''}${route}` });
  } else {
    span.setAttributes({ 'http.target': '/', 'http.url': `${request.protocol}//${request.host}` });
  }
}

/** Traces are exported only to an OTLP endpoint configured the standard way; without one nothing is loaded. */
export function tracingConfigured(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.toLowerCase() === 'true') return false;
  return !!(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT);
}

export function tracingEnabled(): boolean {
  return tracing !== undefined;
}

/**
 * Starts the OpenTelemetry Node SDK when an OTLP endpoint is configured; the standard OTEL_* variables configure
 * it (protocol, headers, sampler, resource attributes, batching). It must run before `http` is first loaded so
 * that incoming requests get their server spans: every main imports ./preload-tracing first.
 *
 * The OpenTelemetry JS 1.x line (sdk-node 0.57), which `@temporalio/interceptors-opentelemetry` 1.24 is built on.
 */
export function startTracing(defaultServiceName: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (tracing || !tracingConfigured(env)) return !!tracing;
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded only when tracing is on */
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const named = !!env.OTEL_SERVICE_NAME || /(^|,)\s*service\.name=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? '');
  const sdk = new NodeSDK({
    ...(named ? {} : { serviceName: defaultServiceName }),
    instrumentations: [
      new HttpInstrumentation({
        // Probes and scrapes would drown the traces that matter.
        ignoreIncomingRequestHook: (req) => /^\/(health|metrics)\b/.test(req.url ?? ''),
        applyCustomAttributesOnSpan: withoutSecrets,
      }),
    ],
    // Logs are pino's (stdout), metrics Prometheus's (/metrics): traces only.
    logRecordProcessors: [],
  });
  sdk.start();
  const provider = (trace.getTracerProvider() as { getDelegate?: () => unknown }).getDelegate?.();
  tracing = { sdk, provider: provider as BasicTracerProvider };
  return true;
}

/** Sends the spans still buffered, at shutdown; tracing stays on. */
export async function flushTracing(): Promise<void> {
  await tracing?.provider.forceFlush();
}

/** Sends the spans still buffered and stops the SDK: the last thing a process does. */
export async function stopTracing(): Promise<void> {
  const current = tracing;
  tracing = undefined;
  await current?.sdk.shutdown();
}

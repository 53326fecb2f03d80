import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The metrics this process exposes on its metrics listener (./metrics-server.ts), besides the Temporal SDK's own
 * (`temporal_*`, appended there). The README's "Observability" section lists them all.
 */
export const metricsRegistry = new Registry();
collectDefaultMetrics({ register: metricsRegistry });

const registers = [metricsRegistry];

export const httpRequestDuration = new Histogram({
  name: 'http_request_duration_seconds',
  help: 'HTTP requests to the API, from arrival to the last byte of the answer, by method, route template and status',
  labelNames: ['method', 'route', 'status_code'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers,
});

/**
 * How a command ended, by the API's answer: `accepted` (2xx), `invalid` (400: a field), `refused` (409: the rule
 * is in the `rule` label), `not_found` (404), `rejected` (another 4xx: 401, 403, 413, 415, 429), `unavailable`
 * (503: to retry), `failed` (another 5xx).
 */
export type CommandOutcome = 'accepted' | 'invalid' | 'refused' | 'not_found' | 'rejected' | 'unavailable' | 'failed';

export const mandateCommands = new Counter({
  name: 'mandate_commands_total',
  help: 'Commands the API answered, by command, outcome and, for a refusal, the lifecycle rule that refused it',
  labelNames: ['command', 'outcome', 'rule'] as const,
  registers,
});

export const projectionLag = new Histogram({
  name: 'mandate_projection_lag_seconds',
  help: "From a domain event's time (its workflow task) to the commit of the projection that wrote it to the read model",
  buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600],
  registers,
});

export const projectionLastSuccess = new Gauge({
  name: 'mandate_projection_last_success_timestamp_seconds',
  help: 'When this worker last committed a projection to the read model (Unix time; absent until the first one)',
  registers,
});

export const outboxDeliveries = new Gauge({
  name: 'mandate_notification_outbox_deliveries',
  help: 'Notification deliveries not sent, by status (pending, failing, undeliverable) and channel; read from PostgreSQL at each scrape',
  labelNames: ['status', 'channel'] as const,
  registers,
});

export const outboxOldestUnsent = new Gauge({
  name: 'mandate_notification_outbox_oldest_unsent_seconds',
  help: 'Age of the oldest pending or failing delivery (0 when none); read from PostgreSQL at each scrape',
  registers,
});

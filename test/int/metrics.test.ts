import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { MetricsEndpoint } from '../../src/observability/observability.module';
import { eventually, startTestStack, type TestStack } from '../support/api';
import { PEOPLE } from '../support/identity-provider';
import { metricValue, scrape } from '../support/prometheus';
import { aRegistration, assignment } from '../support/requests';

let stack: TestStack;
/** The API's metrics (this process) and the worker's (its own process), each on a port of its own. */
let apiMetrics: string;
let workerMetrics: string;
let SECRETARIAT: { Authorization: string };

beforeAll(async () => {
  stack = await startTestStack({ METRICS_PORT: '0' });
  SECRETARIAT = await stack.as(PEOPLE.secretariat);
  apiMetrics = stack.app.get(MetricsEndpoint).url!;
  workerMetrics = /Prometheus metrics on (http:\/\/[^\s"]+\/metrics)/.exec(stack.worker.log)![1];
});

afterAll(async () => {
  await stack?.close();
});

/** How much each sample grew between two scrapes (absent counts as 0). */
async function growth(url: string, act: () => Promise<void>) {
  const before = await scrape(url);
  await act();
  const after = await scrape(url);
  return (name: string, labels: Record<string, string> = {}) =>
    (metricValue(after, name, labels) ?? 0) - (metricValue(before, name, labels) ?? 0);
}

describe('metrics', () => {
  it('counts requests by route template and status, and commands by outcome and the rule that refused them', async () => {
    const registration = aRegistration();
    let mandateId = '';
    const grown = await growth(apiMetrics, async () => {
      const registered = await stack.http().post('/mandates').set(SECRETARIAT).send(registration).expect(201);
      mandateId = registered.body.id;
      // The same paragraph again, under another request id: refused by a rule.
      await stack.http().post('/mandates').set(SECRETARIAT).send(registration).expect(409);
      await stack.http().post(`/mandates/${mandateId}/assignment`).set(SECRETARIAT).send({}).expect(400);
      await stack.http().post(`/mandates/${mandateId}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
      await stack.http().get(`/mandates/${mandateId}`).expect(200);
    });

    const requests = (route: string, method: string, status: number) =>
      grown('http_request_duration_seconds_count', { route, method, status_code: String(status) });
    expect(requests('/mandates', 'POST', 201)).toBe(1);
    expect(requests('/mandates', 'POST', 409)).toBe(1);
    expect(requests('/mandates/:id/assignment', 'POST', 400)).toBe(1);
    expect(requests('/mandates/:id/assignment', 'POST', 200)).toBe(1);
    // By template, not by path: one series for every mandate.
    expect(requests('/mandates/:id', 'GET', 200)).toBe(1);

    const commands = (command: string, outcome: string, rule = '') =>
      grown('mandate_commands_total', { command, outcome, rule });
    expect(commands('register', 'accepted')).toBe(1);
    expect(commands('register', 'refused', 'mandate-already-registered')).toBe(1);
    expect(commands('assign', 'invalid')).toBe(1);
    expect(commands('assign', 'accepted')).toBe(1);
  });

  it('labels a request no route took as unmatched, not by its path', async () => {
    const path = `/no-such-route-${randomUUID()}`;
    const grown = await growth(apiMetrics, async () => {
      await stack.http().get(path).expect(404);
    });
    expect(grown('http_request_duration_seconds_count', { route: 'unmatched', status_code: '404' })).toBe(1);
    const text = await (await fetch(apiMetrics)).text();
    expect(text).not.toContain(path);
  });

  it("counts the console's pages as one route", async () => {
    const grown = await growth(apiMetrics, async () => {
      await stack.http().get(`/console/mandates/${randomUUID()}`);
    });
    expect(grown('http_request_duration_seconds_count', { route: '/console/*', method: 'GET' })).toBe(1);
  });

  it('reads the notification outbox backlog from PostgreSQL at each scrape', async () => {
    const dataSource = stack.app.get(DataSource);
    const channel = `t${randomUUID().slice(0, 8)}`;
    const key = `metrics-test:${randomUUID()}`;
    await dataSource.query(
      `INSERT INTO notification_outbox (key, channel, mandate_id, kind, recipient_role, address, subject, payload,
                                        status, attempts, last_error, created_at)
       VALUES ($1, $2, 'metrics-test', 'reminder', 'officer', 'https://hooks.example.org', 'A reminder', '{}',
               'failing', 3, 'connection refused', now() - interval '2 hours')`,
      [key, channel],
    );
    try {
      const samples = await scrape(apiMetrics);
      expect(metricValue(samples, 'mandate_notification_outbox_deliveries', { status: 'failing', channel })).toBe(1);
      expect(metricValue(samples, 'mandate_notification_outbox_oldest_unsent_seconds')).toBeGreaterThanOrEqual(7200);
    } finally {
      await dataSource.query(`DELETE FROM notification_outbox WHERE key = $1`, [key]);
    }
    const samples = await scrape(apiMetrics);
    expect(metricValue(samples, 'mandate_notification_outbox_deliveries', { status: 'failing', channel })).toBe(
      undefined,
    );
  });

  it("exposes the worker's projection lag and the Temporal SDK's worker metrics from the worker's process", async () => {
    const startedAt = Date.now() / 1000;
    await stack.http().post('/mandates').set(SECRETARIAT).send(aRegistration()).expect(201);
    await eventually(async () => {
      const samples = await scrape(workerMetrics);
      expect(metricValue(samples, 'mandate_projection_lag_seconds_count')).toBeGreaterThanOrEqual(1);
      expect(metricValue(samples, 'mandate_projection_last_success_timestamp_seconds')).toBeGreaterThan(startedAt);
      // sdk-core's own, re-exposed: workflow tasks and activities this worker ran, its pollers.
      expect(
        metricValue(samples, 'temporal_workflow_task_execution_latency_seconds_count', {
          task_queue: stack.env.TEMPORAL_TASK_QUEUE,
        }),
      ).toBeGreaterThanOrEqual(1);
      expect(
        metricValue(samples, 'temporal_activity_execution_latency_seconds_count', { activity_type: 'projectMandate' }),
      ).toBeGreaterThanOrEqual(1);
      expect(metricValue(samples, 'temporal_num_pollers', { poller_type: 'workflow_task' })).toBeGreaterThan(0);
    });
  });

  it('serves metrics on their own listener only, not on the API', async () => {
    await stack.http().get('/metrics').expect(404);
    const elsewhere = await fetch(apiMetrics.replace(/\/metrics$/, '/'));
    expect(elsewhere.status).toBe(404);
  });
});

describe('request ids', () => {
  it("echoes the caller's X-Request-Id, and gives a request without one (or with a malformed one) its own", async () => {
    const given = `console-${randomUUID()}`;
    const kept = await stack.http().get('/health').set('X-Request-Id', given);
    expect(kept.headers['x-request-id']).toBe(given);

    const generated = await stack.http().get('/health');
    expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);

    const replaced = await stack.http().get('/health').set('X-Request-Id', 'two words <script>');
    expect(replaced.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});

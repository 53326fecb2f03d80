import { Client, Connection } from '@temporalio/client';
import { randomUUID } from 'node:crypto';
import request from 'supertest';
import { eventually } from '../support/api';
import { PEOPLE, Tokens } from '../support/identity-provider';
import { OtlpReceiver, type ReceivedSpan } from '../support/otlp-receiver';
import { assertTaskQueueReplays } from '../support/replay';
import { aRegistration, assignment } from '../support/requests';
import { freePort } from '../support/servers';
import { ServiceProcess } from '../support/service-process';

/** OTLP's SPAN_KIND_SERVER. */
const SERVER = 2;

let receiver: OtlpReceiver;
let api: ServiceProcess;
let worker: ServiceProcess;
let apiUrl: string;
let SECRETARIAT: { Authorization: string };
const taskQueue = `mandates-test-${randomUUID()}`;

beforeAll(async () => {
  receiver = await OtlpReceiver.start();
  SECRETARIAT = await new Tokens(process.env.TEST_OIDC_ISSUER_URL!).bearer(PEOPLE.secretariat);
  const port = await freePort();
  apiUrl = `http://127.0.0.1:${port}`;
  // The API and the worker as deployed, two processes, each exporting its spans to the receiver.
  const env = {
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS!,
    DATABASE_URL: process.env.TEST_DATABASE_URL!,
    OIDC_ISSUER_URL: process.env.TEST_OIDC_ISSUER_URL!,
    DATABASE_MIGRATE: 'false',
    TEMPORAL_TASK_QUEUE: taskQueue,
    RATE_LIMIT_PER_MINUTE: '0',
    LOG_LEVEL: 'debug',
    LOG_FORMAT: 'json',
    OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint,
    OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
    OTEL_BSP_SCHEDULE_DELAY: '100',
  };
  worker = ServiceProcess.start('worker.main.js', env);
  await worker.waitFor(() => worker.log.includes('polling task queue'), 'the worker polling');
  api = ServiceProcess.start('api.main.js', { ...env, PORT: String(port), HOST: '127.0.0.1' });
  await api.waitFor(
    async () => (await fetch(`${apiUrl}/health`).catch(() => undefined))?.status === 200,
    'a healthy API',
  );
});

afterAll(async () => {
  await api?.stop();
  await worker?.stop();
  await receiver?.stop();
});

function named(trace: ReceivedSpan[], name: string, service: string): ReceivedSpan {
  const span = trace.find((s) => s.name === name && s.service === service);
  if (!span) throw new Error(`no ${name} from ${service} in ${trace.map((s) => `${s.service}/${s.name}`).join(', ')}`);
  return span;
}

/** The trace whose HTTP server span is `route` with the given request id, once its spans have arrived. */
async function traceOf(route: string, requestId: string, expected: string[]): Promise<ReceivedSpan[]> {
  return eventually(() => {
    const line = api.entries.find((e) => e.requestId === requestId && e.msg === 'request answered');
    expect(line).toMatchObject({ route });
    const trace = receiver.spans.filter((s) => s.traceId === line!.trace_id);
    expect(trace.map((s) => s.name)).toEqual(expect.arrayContaining(expected));
    return trace;
  }, 30_000);
}

describe('traces', () => {
  it('follow a registration from the HTTP request through the Temporal client to the workflow and its projection activity', async () => {
    const requestId = `trace-register-${randomUUID()}`;
    await request(apiUrl)
      .post('/mandates')
      .set(SECRETARIAT)
      .set('X-Request-Id', requestId)
      .send(aRegistration())
      .expect(201);

    const trace = await traceOf('/mandates', requestId, [
      'POST /mandates',
      'UpdateWithStartWorkflow:register',
      'HandleUpdate:register',
      'RunActivity:projectMandate',
    ]);
    const http = named(trace, 'POST /mandates', 'mandate-tracker-api');
    expect(http).toMatchObject({ kind: SERVER, attributes: expect.objectContaining({ 'http.route': '/mandates' }) });
    const client = named(trace, 'UpdateWithStartWorkflow:register', 'mandate-tracker-api');
    // The workflow's own: it reports each command it applies through a sink, outside its sandbox.
    const update = named(trace, 'HandleUpdate:register', 'mandate-tracker-worker');
    const activity = named(trace, 'RunActivity:projectMandate', 'mandate-tracker-worker');
    expect(receiver.ancestry(client)).toContain(http);
    expect(receiver.ancestry(update)).toEqual(expect.arrayContaining([client, http]));
    expect(receiver.ancestry(activity)).toEqual(expect.arrayContaining([client, http]));
  });

  it("puts a command's projection in the command's trace, and its request id in the worker's logs", async () => {
    const registered = await request(apiUrl).post('/mandates').set(SECRETARIAT).send(aRegistration()).expect(201);
    const mandateId = (registered.body as { id: string }).id;
    const requestId = `trace-assign-${randomUUID()}`;
    await request(apiUrl)
      .post(`/mandates/${mandateId}/assignment`)
      .set(SECRETARIAT)
      .set('X-Request-Id', requestId)
      .send(assignment)
      .expect(200);

    const trace = await traceOf('/mandates/:id/assignment', requestId, [
      'POST /mandates/:id/assignment',
      'StartWorkflowUpdate:assign',
      'HandleUpdate:assign',
      'RunActivity:projectMandate',
    ]);
    const http = named(trace, 'POST /mandates/:id/assignment', 'mandate-tracker-api');
    const activity = named(trace, 'RunActivity:projectMandate', 'mandate-tracker-worker');
    expect(receiver.ancestry(activity)).toContain(http);
    // The request's span keeps the route template, not the path (an id here, a calendar feed's secret elsewhere).
    expect(http.attributes['http.target']).toBe('/mandates/:id/assignment');
    expect(JSON.stringify(http.attributes)).not.toContain(mandateId);

    // The worker's log, tied to the request: the workflow's line for the command, the projection's with the ids of
    // the commands it wrote (and the trace).
    await eventually(() => {
      expect(worker.entries).toContainEqual(
        expect.objectContaining({ msg: 'command assign applied', requestId, workflowId: `mandate:${mandateId}` }),
      );
      expect(worker.entries).toContainEqual(
        expect.objectContaining({
          msg: 'Activity completed',
          activityType: 'projectMandate',
          requestIds: [requestId],
          trace_id: http.traceId,
        }),
      );
    });
  });

  it("records a refused command in the caller's trace, with the rule's message", async () => {
    const registered = await request(apiUrl).post('/mandates').set(SECRETARIAT).send(aRegistration()).expect(201);
    const mandateId = (registered.body as { id: string }).id;
    await request(apiUrl).post(`/mandates/${mandateId}/assignment`).set(SECRETARIAT).send(assignment).expect(200);
    const requestId = `trace-refused-${randomUUID()}`;
    await request(apiUrl)
      .post(`/mandates/${mandateId}/assignment`)
      .set(SECRETARIAT)
      .set('X-Request-Id', requestId)
      .send(assignment)
      .expect(409);

    const trace = await traceOf('/mandates/:id/assignment', requestId, ['ValidateUpdate:assign']);
    const refused = named(trace, 'ValidateUpdate:assign', 'mandate-tracker-worker');
    expect(refused.attributes).toMatchObject({ 'mandate.command.outcome': 'refused' });
    // OTLP's STATUS_CODE_ERROR, with the message the caller got.
    expect(refused.status).toEqual({ code: 2, message: expect.stringMatching(/assigned/) });
    expect(receiver.ancestry(refused)).toContain(named(trace, 'POST /mandates/:id/assignment', 'mandate-tracker-api'));
    expect(worker.entries).toContainEqual(expect.objectContaining({ msg: 'command assign refused', requestId }));
  });

  it('leaves histories that the replayers, which bundle no tracing interceptor, replay', async () => {
    await api.stop();
    await worker.stop();
    const connection = await Connection.connect({ address: process.env.TEST_TEMPORAL_ADDRESS! });
    try {
      const report = await assertTaskQueueReplays(new Client({ connection }), taskQueue);
      expect(report.runs).toBeGreaterThanOrEqual(2);
    } finally {
      await connection.close();
    }
  });
});

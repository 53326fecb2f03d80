/**
 * Commands and reads through the API, side by side with the raw Temporal client and with Temporal's own floor.
 *
 *   npm run bench:commands                       # 5 interleaved rounds
 *   BENCH_ROUNDS=3 npm run bench:commands        # fewer (or more) rounds
 *
 * Starts a Temporal dev server, an embedded PostgreSQL and the embedded OpenID provider (as the integration tests
 * do), then the real programs as processes: one worker (`dist/src/worker.main.js`), one API (`dist/src/api.main.js`,
 * rate limits off), and a worker of a trivial workflow (bench/trivial). This process is the client of all three:
 *
 *   A  the API: `POST /mandates/:id/follow-ups` with an officer's real token (and `POST /mandates` as the secretariat)
 *   B  the raw Temporal client on the same server and worker: `executeUpdate(recordFollowUp)` with the envelope the
 *      API sends (and `workflow.start` of the same registration; B' its update-with-start, as the API does)
 *   C  a trivial workflow whose update handler does nothing, on its own worker: what Temporal itself costs
 *   H  B behind a bare HTTP hop (bench/trivial/http-hop.ts: node:http, no token, no validation, no SQL): the floor
 *      of any HTTP API in front of the same update on this machine
 *
 * Each round runs A, B, C and H one after the other (the order rotating), at concurrency 1 and 16, on mandates of their
 * own (round robin, so no two concurrent commands share a mandate); figures are medians over rounds, latencies pooled.
 * CPU time of each process (API, worker, Temporal server, PostgreSQL with its backends) is read from /proc around
 * each burst at concurrency 16, a second of settling included (projections finish after the answer).
 * Then reads: `GET /mandates/:id` (the read model) against the same row read in SQL, and against the workflow query
 * (`?consistency=strong`), warm and right after a worker restart.
 */
import {
  Client,
  Connection,
  WithStartWorkflowOperation,
  WorkflowIdConflictPolicy,
  WorkflowIdReusePolicy,
} from '@temporalio/client';
import { createHash, randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { canonicalJson } from '../src/audit/canonical-json';
import { readModelDataSourceOptions } from '../src/database/read-model';
import {
  MANDATE_WORKFLOW_TYPE,
  type MandateWorkflowInput,
  mandateWorkflowId,
  type RecordFollowUpInput,
  recordFollowUpUpdate,
  registerUpdate,
  stateQuery,
} from '../workflows/mandate/contract';
import { DEFAULT_NOTIFICATION_POLICY } from '../workflows/mandate/deadlines';
import type { Registration } from '../workflows/mandate/lifecycle';
import { mandateIdOf } from '../workflows/mandate/resolution';
import { PEOPLE, Tokens } from '../test/support/identity-provider';
import { aRegistration, assignment, followUp } from '../test/support/requests';
import { startTestServers } from '../test/support/servers';
import {
  type BenchProcess,
  cpuMs,
  f1,
  f2,
  findProcess,
  machineNotes,
  median,
  percentile,
  startApi,
  startHttpHop,
  startTrivialWorker,
  startWorker,
  timedPool,
  withChildren,
} from './support';
import { noopUpdate, trivialWorkflow } from './trivial/workflows';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const COMMANDS = { 1: Number(process.env.BENCH_COMMANDS_C1 ?? 60), 16: Number(process.env.BENCH_COMMANDS_C16 ?? 320) };
const REGISTRATIONS = Number(process.env.BENCH_REGISTRATIONS ?? 160);
const READS = Number(process.env.BENCH_READS ?? 200);
/** Mandates (and trivial workflows) each variant spreads its commands over. */
const TARGETS = 128;
const SETTLE_MS = 1_000;

type Variant = 'A' | 'B' | 'C' | 'H';
const VARIANTS: Variant[] = ['A', 'B', 'C', 'H'];
type Component = 'api' | 'worker' | 'temporal' | 'postgres' | 'client';

interface Burst {
  latencies: number[];
  perSecond: number;
}

const digestOf = (command: string, body: unknown) =>
  createHash('sha256').update(canonicalJson({ command, body })).digest('hex');

function rotate<T>(items: T[], by: number): T[] {
  return items.map((_, i) => items[(i + by) % items.length]);
}

async function main(): Promise<void> {
  const servers = await startTestServers();
  const processes: BenchProcess[] = [];
  const taskQueue = `bench-commands-${randomUUID()}`;
  const trivialQueue = `bench-trivial-${randomUUID()}`;
  const env = {
    TEMPORAL_ADDRESS: servers.temporalAddress,
    DATABASE_URL: servers.databaseUrl,
    DATABASE_MIGRATE: 'false',
    OIDC_ISSUER_URL: servers.issuer,
    TEMPORAL_TASK_QUEUE: taskQueue,
    RATE_LIMIT_PER_MINUTE: '0',
    RATE_LIMIT_EXPENSIVE_PER_MINUTE: '0',
  };
  const client = new Client({ connection: await Connection.connect({ address: servers.temporalAddress }) });
  const db = await new DataSource(readModelDataSourceOptions(servers.databaseUrl, false)).initialize();
  try {
    let worker = await startWorker(env);
    processes.push(worker);
    const { process: api, url } = await startApi(env);
    processes.push(api);
    processes.push(
      await startTrivialWorker({ TEMPORAL_ADDRESS: servers.temporalAddress, TRIVIAL_TASK_QUEUE: trivialQueue }),
    );
    const { process: hop, url: hopUrl } = await startHttpHop({ TEMPORAL_ADDRESS: servers.temporalAddress });
    processes.push(hop);
    const tokens = new Tokens(servers.issuer);
    const secretariat = await tokens.bearer(PEOPLE.secretariat);
    const officer = await tokens.bearer(PEOPLE.officer);
    const temporalPid = findProcess('--port', servers.temporalAddress.split(':')[1]);
    const postgresPid = findProcess('-p', new URL(servers.databaseUrl).port);
    if (!temporalPid || !postgresPid) throw new Error('the Temporal or PostgreSQL server process was not found');
    const pidsOf = (): Record<Exclude<Component, 'client'>, number[]> => ({
      // The layer in front of Temporal: the API for A, the hop for H (each idles while the other runs).
      api: [api.pid, hop.pid],
      worker: [worker.pid],
      temporal: [temporalPid],
      postgres: withChildren(postgresPid),
    });
    const cpuSnapshot = (): Record<Component, number> => {
      const pids = pidsOf();
      const own = process.cpuUsage();
      return {
        api: cpuMs(pids.api),
        worker: cpuMs(pids.worker),
        temporal: cpuMs(pids.temporal),
        postgres: cpuMs(pids.postgres),
        client: (own.user + own.system) / 1000,
      };
    };

    const http = async (method: string, path: string, who: { Authorization: string }, body?: unknown) => {
      const res = await fetch(`${url}${path}`, {
        method,
        headers: { ...who, ...(body !== undefined && { 'Content-Type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${text}`);
      return text;
    };
    const registerThroughApi = async () => {
      const text = await http('POST', '/mandates', secretariat, aRegistration());
      return (JSON.parse(text) as { id: string }).id;
    };

    console.error('preparing mandates…');
    const open = async () => {
      const id = await registerThroughApi();
      await http('POST', `/mandates/${id}/assignment`, secretariat, assignment);
      return id;
    };
    const targets: Record<'A' | 'B' | 'H', string[]> = { A: [], B: [], H: [] };
    for (const variant of ['A', 'B', 'H'] as const) {
      await timedPool(Array.from({ length: TARGETS }), 16, async () => {
        targets[variant].push(await open());
      });
    }
    const trivialIds = Array.from({ length: TARGETS }, () => `trivial-${randomUUID()}`);
    await timedPool(trivialIds, 16, async (workflowId) => {
      await client.workflow.start(trivialWorkflow, { workflowId, taskQueue: trivialQueue });
    });

    // One command of each kind; `i` picks the target round robin. B and H send the update the API sends.
    let sent = 0;
    const rawUpdate = (): { args: [RecordFollowUpInput]; updateId: string } => {
      const requestId = `bench-${++sent}-${randomUUID()}`;
      const body = { ...followUp, kind: 'meeting' as const };
      const digest = digestOf(recordFollowUpUpdate.name, body);
      return {
        args: [
          {
            meta: { actor: PEOPLE.officer, actorName: 'María González', roles: ['officer'], requestId, digest },
            command: body,
          },
        ],
        updateId: `${recordFollowUpUpdate.name}:${requestId}:${digest.slice(0, 16)}`,
      };
    };
    const command: Record<Variant, (i: number) => Promise<void>> = {
      A: async (i) => {
        await http('POST', `/mandates/${targets.A[i % TARGETS]}/follow-ups`, officer, followUp);
      },
      B: async (i) => {
        await client.workflow
          .getHandle(mandateWorkflowId(targets.B[i % TARGETS]))
          .executeUpdate(recordFollowUpUpdate, rawUpdate());
      },
      H: async (i) => {
        const workflowId = encodeURIComponent(mandateWorkflowId(targets.H[i % TARGETS]));
        const res = await fetch(`${hopUrl}/workflows/${workflowId}/updates/${recordFollowUpUpdate.name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(rawUpdate()),
        });
        const text = await res.text();
        if (res.status !== 200) throw new Error(`the HTTP hop answered ${res.status} ${text}`);
      },
      C: async (i) => {
        await client.workflow.getHandle(trivialIds[i % TARGETS]).executeUpdate(noopUpdate, { args: [{}] });
      },
    };

    console.error('warming up…');
    for (const variant of VARIANTS)
      await timedPool(
        Array.from({ length: 32 }, (_, i) => i),
        8,
        command[variant],
      );

    // Commands, interleaved rounds at concurrency 1 and 16.
    const byVariant = <T>(make: () => T) => Object.fromEntries(VARIANTS.map((v) => [v, make()])) as Record<Variant, T>;
    const bursts: Record<1 | 16, Record<Variant, Burst[]>> = { 1: byVariant(() => []), 16: byVariant(() => []) };
    const cpu = byVariant<Record<Component, number>>(() => ({
      api: 0,
      worker: 0,
      temporal: 0,
      postgres: 0,
      client: 0,
    }));
    const cpuCommands = byVariant(() => 0);
    let offset = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const concurrency of [1, 16] as const) {
        for (const variant of rotate(VARIANTS, round)) {
          const n = COMMANDS[concurrency];
          const items = Array.from({ length: n }, (_, i) => offset + i);
          offset += n;
          const before = cpuSnapshot();
          const { latencies, seconds } = await timedPool(items, concurrency, command[variant]);
          bursts[concurrency][variant].push({ latencies, perSecond: n / seconds });
          await new Promise((r) => setTimeout(r, SETTLE_MS));
          if (concurrency === 16) {
            const after = cpuSnapshot();
            for (const c of Object.keys(after) as Component[]) cpu[variant][c] += after[c] - before[c];
            cpuCommands[variant] += n;
          }
        }
      }
      console.error(`round ${round + 1} of ${ROUNDS} done`);
    }

    // Registrations at concurrency 16.
    type Registering = 'A' | 'B' | "B'" | 'C';
    const registrationInput = (registration: Registration): MandateWorkflowInput => {
      const requestId = randomUUID();
      const digest = digestOf(registerUpdate.name, registration);
      return {
        registration,
        notificationPolicy: DEFAULT_NOTIFICATION_POLICY,
        meta: { actor: PEOPLE.secretariat, actorName: 'Carlos Méndez', roles: ['secretariat'], requestId, digest },
        searchAttributes: true,
      };
    };
    const register: Record<Registering, () => Promise<void>> = {
      A: async () => {
        await registerThroughApi();
      },
      B: async () => {
        const input = registrationInput(aRegistration() as Registration);
        await client.workflow.start(MANDATE_WORKFLOW_TYPE, {
          workflowId: mandateWorkflowId(mandateIdOf(input.registration)),
          taskQueue,
          args: [input],
        });
      },
      "B'": async () => {
        const input = registrationInput(aRegistration() as Registration);
        await client.workflow.executeUpdateWithStart(registerUpdate, {
          args: [{ meta: input.meta }],
          updateId: `${registerUpdate.name}:${input.meta.requestId}:${input.meta.digest?.slice(0, 16)}`,
          startWorkflowOperation: new WithStartWorkflowOperation(MANDATE_WORKFLOW_TYPE, {
            workflowId: mandateWorkflowId(mandateIdOf(input.registration)),
            taskQueue,
            args: [input],
            workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
            workflowIdReusePolicy: WorkflowIdReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
          }),
        });
      },
      C: async () => {
        await client.workflow.executeUpdateWithStart(noopUpdate, {
          args: [{}],
          startWorkflowOperation: new WithStartWorkflowOperation(trivialWorkflow, {
            workflowId: `trivial-${randomUUID()}`,
            taskQueue: trivialQueue,
            workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
          }),
        });
      },
    };
    const registrations: Record<Registering, Burst[]> = { A: [], B: [], "B'": [], C: [] };
    for (let round = 0; round < ROUNDS; round++) {
      for (const variant of rotate<Registering>(['A', 'B', "B'", 'C'], round)) {
        const { latencies, seconds } = await timedPool(Array.from({ length: REGISTRATIONS }), 16, register[variant]);
        registrations[variant].push({ latencies, perSecond: REGISTRATIONS / seconds });
        await new Promise((r) => setTimeout(r, SETTLE_MS));
      }
    }

    // Reads, one at a time: the API (read model), the same row in SQL, the API asking the workflow, a raw query.
    type Reading = 'GET' | 'GET officer' | 'SQL' | 'GET strong' | 'query' | 'HTTP floor';
    const readIds = [...targets.A, ...targets.B];
    const read: Record<Reading, (id: string) => Promise<void>> = {
      GET: async (id) => {
        await http('GET', `/mandates/${id}`, secretariat);
      },
      'GET officer': async (id) => {
        await http('GET', `/mandates/${id}`, officer);
      },
      SQL: async (id) => {
        await db.query(`SELECT state FROM mandates WHERE id = $1`, [id]);
      },
      'GET strong': async (id) => {
        await http('GET', `/mandates/${id}?consistency=strong`, secretariat);
      },
      query: async (id) => {
        await client.workflow.getHandle(mandateWorkflowId(id)).query(stateQuery);
      },
      // Answered by the API's first middleware (the documented routes): HTTP and Express, no token, no SQL.
      'HTTP floor': async (id) => {
        await http('OPTIONS', `/mandates/${id}`, secretariat);
      },
    };
    const readings: Reading[] = ['GET', 'GET officer', 'SQL', 'GET strong', 'query', 'HTTP floor'];
    const noReads = (): Record<Reading, number[]> =>
      Object.fromEntries(readings.map((r) => [r, []])) as unknown as Record<Reading, number[]>;
    const warm = noReads();
    for (let round = 0; round < ROUNDS; round++) {
      for (let i = 0; i < READS; i++) {
        const id = readIds[(round * READS + i) % readIds.length];
        for (const kind of rotate(readings, i)) {
          const t = performance.now();
          await read[kind](id);
          warm[kind].push(performance.now() - t);
        }
      }
    }
    // After a worker restart: each mandate's first read, the workflow's cache empty.
    await worker.stop();
    worker = await startWorker(env);
    processes.push(worker);
    const cold = noReads();
    for (const [i, id] of readIds.entries()) {
      for (const kind of rotate<Reading>(['GET', 'SQL', i % 2 === 0 ? 'GET strong' : 'query'], i)) {
        const t = performance.now();
        await read[kind](id);
        cold[kind].push(performance.now() - t);
      }
    }

    report({ bursts, cpu, cpuCommands, registrations, warm, cold });
  } finally {
    for (const p of processes.reverse()) await p.stop().catch(() => undefined);
    await db.destroy();
    await client.connection.close();
    await servers.stop();
  }
}

function report(results: {
  bursts: Record<1 | 16, Record<Variant, Burst[]>>;
  cpu: Record<Variant, Record<Component, number>>;
  cpuCommands: Record<Variant, number>;
  registrations: Record<string, Burst[]>;
  warm: Record<string, number[]>;
  cold: Record<string, number[]>;
}): void {
  const { bursts, cpu, cpuCommands, registrations, warm, cold } = results;
  const rate = (b: Burst[]) => median(b.map((x) => x.perSecond));
  const all = (b: Burst[]) => b.flatMap((x) => x.latencies);
  const p = (b: Burst[], q: number) => percentile(all(b), q);
  const out: string[] = [];
  out.push(`${machineNotes()}; ${ROUNDS} rounds`);
  out.push('');
  out.push(
    '| commands (record a follow-up) | concurrency | A: API /s | B: raw client /s | C: trivial /s | A/B | B/C | A p50 ms | B p50 ms | C p50 ms | A p99 ms | B p99 ms | C p99 ms | p99 A/B |',
  );
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const c of [1, 16] as const) {
    const [a, b, t] = (['A', 'B', 'C'] as const).map((v) => bursts[c][v]);
    out.push(
      `| ${c === 1 ? 'one at a time' : '16 at a time'} | ${c} | ${f1(rate(a))} | ${f1(rate(b))} | ${f1(rate(t))} | ` +
        `${f2(rate(a) / rate(b))}x | ${f2(rate(b) / rate(t))}x | ${f1(p(a, 50))} | ${f1(p(b, 50))} | ${f1(p(t, 50))} | ` +
        `${f1(p(a, 99))} | ${f1(p(b, 99))} | ${f1(p(t, 99))} | ${f2(p(a, 99) / p(b, 99))}x |`,
    );
  }
  out.push('');
  out.push(
    '| the floor of an HTTP API here | concurrency | H: bare HTTP hop /s | H/B | A/H | H p50 ms | H p99 ms | p99 H/B | p99 A/H |',
  );
  out.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const c of [1, 16] as const) {
    const [a, b, h] = (['A', 'B', 'H'] as const).map((v) => bursts[c][v]);
    out.push(
      `| ${c === 1 ? 'one at a time' : '16 at a time'} | ${c} | ${f1(rate(h))} | ${f2(rate(h) / rate(b))}x | ` +
        `${f2(rate(a) / rate(h))}x | ${f1(p(h, 50))} | ${f1(p(h, 99))} | ${f2(p(h, 99) / p(b, 99))}x | ` +
        `${f2(p(a, 99) / p(h, 99))}x |`,
    );
  }
  out.push('');
  out.push(
    '| CPU ms per command at concurrency 16 | API (H: the hop) | worker | Temporal server | PostgreSQL | bench client | total |',
  );
  out.push('| --- | --- | --- | --- | --- | --- | --- |');
  for (const v of VARIANTS) {
    const per = (c: Component) => cpu[v][c] / cpuCommands[v];
    const total = (['api', 'worker', 'temporal', 'postgres', 'client'] as const).reduce((s, c) => s + per(c), 0);
    const name = { A: 'A: API', B: 'B: raw client', C: 'C: trivial', H: 'H: bare HTTP hop' }[v];
    out.push(
      `| ${name} | ${f1(per('api'))} | ${f1(per('worker'))} | ` +
        `${f1(per('temporal'))} | ${f1(per('postgres'))} | ${f1(per('client'))} | ${f1(total)} |`,
    );
  }
  out.push('');
  out.push("| registrations, 16 at a time | /s | vs B (raw start) | vs B' (raw update-with-start) | p50 ms | p99 ms |");
  out.push('| --- | --- | --- | --- | --- | --- |');
  const names: Record<string, string> = {
    A: 'A: `POST /mandates`',
    B: 'B: raw `workflow.start`',
    "B'": "B': raw `executeUpdateWithStart`",
    C: 'C: trivial update-with-start',
  };
  for (const v of ['A', 'B', "B'", 'C']) {
    const r = registrations[v];
    out.push(
      `| ${names[v]} | ${f1(rate(r))} | ${f2(rate(r) / rate(registrations.B))}x | ${f2(rate(r) / rate(registrations["B'"]))}x | ` +
        `${f1(percentile(all(r), 50))} | ${f1(percentile(all(r), 99))} |`,
    );
  }
  out.push('');
  out.push(
    '| reads, one at a time | warm p50 ms | warm p99 ms | vs SQL (p50) | after a worker restart p50 ms | vs SQL (p50) |',
  );
  out.push('| --- | --- | --- | --- | --- | --- |');
  const readNames: Record<string, string> = {
    GET: '`GET /mandates/:id` (read model), secretariat',
    'GET officer': '`GET /mandates/:id` (read model), officer (scope checked)',
    SQL: 'the same row in SQL',
    'GET strong': '`GET /mandates/:id?consistency=strong` (workflow query)',
    query: 'raw client query',
    'HTTP floor': "`OPTIONS /mandates/:id` (the API's first middleware answers: HTTP, no token, no SQL)",
  };
  for (const kind of ['GET', 'GET officer', 'SQL', 'GET strong', 'query', 'HTTP floor']) {
    const w = warm[kind];
    const c = cold[kind];
    const coldCells = c.length ? `${f1(median(c))} | ${f2(median(c) / median(cold.SQL))}x` : '— | —';
    out.push(
      `| ${readNames[kind]} | ${f2(median(w))} | ${f2(percentile(w, 99))} | ${f2(median(w) / median(warm.SQL))}x | ${coldCells} |`,
    );
  }
  console.log(out.join('\n'));
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});

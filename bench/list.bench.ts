/**
 * The register's list at 100,000 mandates: every page of each kind of query, through the HTTP API.
 *
 *   npm run bench:list                     # 100,000 mandates
 *   BENCH_ROWS=20000 npm run bench:list    # another size
 *
 * Starts an embedded PostgreSQL and a Temporal dev server (as the integration tests do: the API connects to
 * Temporal at boot, the list never calls it), loads the rows straight into the read model with one INSERT … SELECT
 * (realistic columns and state: English and Spanish text, dates, due dates, dependencies, officers), ANALYZEs, then
 * starts the API in this process and walks every page of each query below by its cursor, timing each request.
 * Prints a Markdown table: pages, p50, p95, p99 and the slowest page, in milliseconds.
 */
import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { createApiApplication } from '../src/bootstrap';
import { loadConfig } from '../src/config/app-config';
import { readModelDataSourceOptions } from '../src/database/read-model';
import { PEOPLE, Tokens } from '../test/support/identity-provider';
import { startTestServers } from '../test/support/servers';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);

/** 100 words in each language, some with accents: the text of each row is drawn from them. */
const ENGLISH =
  'security public crime violence prevention gangs trafficking persons firearms prisons cooperation hemispheric ' +
  'strategy report assembly council secretariat support technical assistance meeting ministers national ' +
  'authorities plan action organized transnational victims legislation justice police training evaluation ' +
  'mechanism member states regional reference document working group committee follow implementation program ' +
  'funds capacity information exchange focal point coordinator network observatory data statistics border ' +
  'migration drugs corruption money laundering cyber terrorism disarmament confidence measures inventory register ' +
  'conventional arms expenditure women children adolescents education health labor rights democracy elections ' +
  'development environment disasters youth indigenous';
const SPANISH =
  'seguridad pública delito violencia prevención pandillas trata personas armas cárceles cooperación hemisférica ' +
  'estrategia informe asamblea consejo secretaría apoyo asistencia técnica reunión ministros nacionales autoridades ' +
  'plan acción delincuencia organizada transnacional víctimas legislación justicia policía capacitación evaluación ' +
  'mecanismo estados miembros regional documento referencia grupo trabajo comisión seguimiento implementación ' +
  'programa fondos capacidad información intercambio punto focal coordinador red observatorio datos estadísticas ' +
  'frontera migración drogas corrupción lavado activos ciberdelito terrorismo desarme confianza medidas inventario ' +
  'registro armamento gasto mujeres niñas adolescentes educación salud trabajo derechos democracia elecciones ' +
  'desarrollo ambiente desastres juventud indígenas';

export async function load(db: DataSource, rows: number): Promise<void> {
  await db.query(
    `INSERT INTO mandates (id, status, body, resolution_symbol, paragraph, title, area, adopted_on, dependency,
                           dependency_id, officer, closure_outcome, last_sequence, registered_at, updated_at, state,
                           next_due_on)
     SELECT id, status, body, symbol, paragraph, title, area, adopted_on, dependency, dependency_id, officer,
            CASE WHEN status = 'closed' THEN 'fulfilled' END, 1 + i % 40, now() - make_interval(days => i % 3000),
            now() - make_interval(secs => i),
            jsonb_build_object(
              'status', status, 'mandateId', id,
              'registration', jsonb_build_object('body', body, 'resolutionSymbol', symbol, 'paragraph', paragraph,
                'adoptedOn', adopted_on, 'title', title, 'text', text, 'area', area,
                'confidence', (ARRAY['high', 'medium', 'low'])[1 + i % 3]),
              'followUps', CASE WHEN i % 4 = 0 THEN jsonb_build_array(jsonb_build_object('summary', followup))
                                ELSE '[]'::jsonb END,
              'reports', '[]'::jsonb, 'notifications', '[]'::jsonb),
            CASE WHEN status = 'closed' OR i % 7 = 0 THEN NULL
                 ELSE current_date + ((i * 37) % 900 - 300) END
     FROM (
       SELECT i, 'bench-' || i AS id,
              (ARRAY['registered', 'assigned', 'in_follow_up', 'report_under_review', 'closed'])[1 + i % 5] AS status,
              CASE WHEN i % 10 = 0 THEN 'PERMANENT_COUNCIL' ELSE 'GENERAL_ASSEMBLY' END AS body,
              CASE WHEN i % 10 = 0
                   THEN format('CP/RES. %s (%s/%s)', 500 + i / 10, 1000 + i / 50, lpad(((1990 + (i / 40) % 35) % 100)::text, 2, '0'))
                   ELSE format('AG/RES. %s (L-O/%s)', 1000 + i / 12, lpad(((1990 + (i / 40) % 35) % 100)::text, 2, '0'))
              END AS symbol,
              (1 + i % 12)::text AS paragraph,
              make_date(1990 + (i / 40) % 35, 6, 1 + i % 25) AS adopted_on,
              initcap(e[1 + i % 100] || ' ' || e[1 + (i * 7) % 100] || ' ' || e[1 + (i * 13) % 100]) AS title,
              array_to_string(ARRAY[e[1 + (i * 3) % 100], e[1 + (i * 11) % 100], s[1 + (i * 5) % 100],
                e[1 + (i * 17) % 100], s[1 + (i * 19) % 100], e[1 + (i * 23) % 100], s[1 + (i * 29) % 100],
                e[1 + (i * 31) % 100], e[1 + (i * 41) % 100], s[1 + (i * 43) % 100]], ' ') AS text,
              s[1 + (i * 47) % 100] || ' ' || s[1 + (i * 53) % 100] AS followup,
              (ARRAY['prevention of crime and violence', 'victim assistance', 'security legislation',
                     'law enforcement', 'social reintegration'])[1 + i % 5] AS area,
              CASE WHEN i % 5 = 0 THEN NULL ELSE (ARRAY['DPS', 'CICAD', 'DTOC', 'SMS', 'CIM', 'DDOT'])[1 + i % 6] END
                AS dependency_id,
              CASE WHEN i % 5 = 0 THEN NULL ELSE (ARRAY['Department of Public Security', 'CICAD',
                'Department against Transnational Organized Crime', 'Secretariat for Multidimensional Security',
                'Inter-American Commission of Women', 'Department of Development Cooperation'])[1 + i % 6] END
                AS dependency,
              CASE WHEN i % 5 = 0 THEN NULL ELSE 'officer.' || (i % 150) END AS officer
       FROM generate_series(1, $1::int) i,
            (SELECT string_to_array($2, ' ') AS e, string_to_array($3, ' ') AS s) words
     ) r`,
    [rows, ENGLISH, SPANISH],
  );
  await db.query(`ANALYZE mandates`);
}

interface Scenario {
  name: string;
  query: Record<string, string>;
}

const SCENARIOS: Scenario[] = [
  { name: 'all, newest adopted first (the default)', query: {} },
  { name: 'status=assigned, by due date', query: { status: 'assigned', sort: 'due' } },
  { name: 'dependencyId=DPS, overdue', query: { dependencyId: 'DPS', overdue: 'true' } },
  { name: 'officer, by symbol', query: { officer: 'officer.42', sort: 'symbol' } },
  { name: 'due within 90 days, by due date', query: { dueWithin: '90', sort: 'due' } },
  {
    name: 'adopted 2000-2009, oldest first',
    query: { adoptedFrom: '2000-01-01', adoptedTo: '2009-12-31', sort: 'adopted' },
  },
  { name: 'q=pandillas (Spanish, 10%), newest first', query: { q: 'pandillas', sort: '-adopted' } },
  { name: 'q=publica (accent ignored, 4%), by relevance', query: { q: 'publica' } },
  { name: 'q=pandillas (10%), by relevance', query: { q: 'pandillas' } },
  { name: 'q=gang violence (English stems, both words), by relevance', query: { q: 'gang violence' } },
  { name: 'body=PERMANENT_COUNCIL, recently updated first', query: { body: 'PERMANENT_COUNCIL', sort: '-updated' } },
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function walk(
  base: string,
  auth: { Authorization: string },
  scenario: Scenario,
  limit: number,
): Promise<{ pages: number; rows: number; ms: number[] }> {
  const ms: number[] = [];
  let rows = 0;
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ ...scenario.query, limit: String(limit), ...(cursor && { cursor }) });
    const started = performance.now();
    const res = await fetch(`${base}/mandates?${query.toString()}`, { headers: auth });
    const body = (await res.json()) as { items: unknown[]; nextCursor?: string };
    ms.push(performance.now() - started);
    if (res.status !== 200) throw new Error(`${scenario.name}: ${res.status} ${JSON.stringify(body)}`);
    rows += body.items.length;
    cursor = body.nextCursor;
  } while (cursor);
  return { pages: ms.length, rows, ms };
}

async function main(): Promise<void> {
  const servers = await startTestServers();
  let app: INestApplication | undefined;
  try {
    const db = await new DataSource(readModelDataSourceOptions(servers.databaseUrl, false)).initialize();
    let started = performance.now();
    await load(db, ROWS);
    const [{ size }] = await db.query<{ size: string }[]>(
      `SELECT pg_size_pretty(pg_total_relation_size('mandates')) AS size`,
    );
    console.error(
      `loaded ${ROWS} mandates in ${((performance.now() - started) / 1000).toFixed(1)} s (table and indexes: ${size})`,
    );
    await db.destroy();

    app = await createApiApplication(
      loadConfig({
        TEMPORAL_ADDRESS: servers.temporalAddress,
        DATABASE_URL: servers.databaseUrl,
        DATABASE_MIGRATE: 'false',
        OIDC_ISSUER_URL: servers.issuer,
        RATE_LIMIT_PER_MINUTE: '0',
        LOG_LEVEL: 'error',
      }),
      { api: true, worker: false },
    );
    await app.listen(0, '127.0.0.1');
    const base = await app.getUrl();
    // Warm up: the first requests pay for connections and plans.
    // The secretariat reads the whole register (an officer's list is narrowed to their dependency).
    const auth = await new Tokens(servers.issuer).bearer(PEOPLE.secretariat);
    for (let i = 0; i < 20; i++)
      await fetch(`${base}/mandates?limit=100`, { headers: auth }).then((r) => r.arrayBuffer());

    const limit = Number(process.env.BENCH_LIMIT ?? 100);
    console.log(
      `| query (${ROWS.toLocaleString('en')} mandates, ${limit} a page) | pages | rows | p50 ms | p95 ms | p99 ms | slowest ms |`,
    );
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const scenario of SCENARIOS) {
      started = performance.now();
      const { pages, rows, ms } = await walk(base, auth, scenario, limit);
      const sorted = [...ms].sort((a, b) => a - b);
      const f = (n: number) => n.toFixed(1);
      console.log(
        `| ${scenario.name} | ${pages} | ${rows} | ${f(percentile(sorted, 50))} | ${f(percentile(sorted, 95))} | ` +
          `${f(percentile(sorted, 99))} | ${f(sorted[sorted.length - 1])} |`,
      );
    }
  } finally {
    await app?.close();
    await servers.stop();
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}

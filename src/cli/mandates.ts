#!/usr/bin/env node
// `mandates`: the register from the command line, through the API. Tables and progress bars for people, --json
// for scripts (stdout is then JSON only; messages go to stderr). Exit codes: 0 done, 1 refused or found wanting
// (a 4xx, drift, a failed verification), 2 an error (the API unreachable, a 5xx, bad usage).
import { spawnSync } from 'node:child_process';
import { createReadStream, createWriteStream, statSync } from 'node:fs';
import { join } from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { SingleBar } from 'cli-progress';
import Table from 'cli-table3';
import { Command, Option } from 'commander';

interface Connection {
  api: string;
  token?: string;
}

/** A refusal from the API (4xx), said as it said it. */
class Refused extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
  ) {
    const b = body as { message?: string; fields?: { field: string; errors: string[] }[] };
    const fields = (b.fields ?? []).map((f) => `\n  ${f.field}: ${f.errors.join('; ')}`).join('');
    super(`${status}: ${b.message ?? JSON.stringify(body)}${fields}`);
  }
}

function connectionOf(command: Command): Connection {
  const o = command.optsWithGlobals<{ api: string; token?: string }>();
  return { api: o.api.replace(/\/+$/, ''), token: o.token };
}

function headers(c: Connection, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...(c.token && { Authorization: `Bearer ${c.token}` }),
    ...extra,
  };
}

async function request(c: Connection, path: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(`${c.api}${path}`, {
    ...init,
    headers: { ...headers(c), ...(init.headers as Record<string, string>) },
  });
  if (res.status >= 400) {
    const text = await res.text();
    let body: unknown = text;
    try {
      body = JSON.parse(text);
    } catch {
      // not JSON: said as text
    }
    if (res.status < 500) throw new Refused(res.status, body);
    throw new Error(`the API answered ${res.status}: ${(body as { message?: string }).message ?? text}`);
  }
  return res;
}

async function getJson<T>(c: Connection, path: string): Promise<T> {
  return (await (await request(c, path)).json()) as T;
}

function print(json: boolean, value: unknown, human: () => string): void {
  console.log(json ? JSON.stringify(value, null, 2) : human());
}

// --- Filters shared by list, export and stats: the API's query parameters.

const FILTERS: [flag: string, parameter: string, description: string][] = [
  ['--q <words>', 'q', 'free text (English and Spanish, accents ignored)'],
  ['--status <status>', 'status', 'registered, assigned, in_follow_up, report_under_review, closed'],
  ['--body <body>', 'body', 'GENERAL_ASSEMBLY or PERMANENT_COUNCIL'],
  ['--dependency <name>', 'dependency', "the assigned dependency's name"],
  ['--dependency-id <code>', 'dependencyId', "the assigned dependency's code (DPS)"],
  ['--officer <officer>', 'officer', 'the responsible officer'],
  ['--area <area>', 'area', 'the area'],
  ['--resolution <symbol>', 'resolution', 'a resolution symbol, exactly'],
  ['--adopted-from <date>', 'adoptedFrom', 'adopted on or after'],
  ['--adopted-to <date>', 'adoptedTo', 'adopted on or before'],
  ['--due-within <days>', 'dueWithin', 'a report due within N days'],
  ['--overdue', 'overdue', 'only overdue mandates'],
  ['--confidence <level>', 'confidence', 'high, medium or low'],
];

function withFilters(command: Command): Command {
  for (const [flag, , description] of FILTERS) command.option(flag, description);
  return command;
}

/** A command line value: a string, or `true` for a flag. */
function scalar(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function filterQuery(options: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
  const query = new URLSearchParams();
  for (const [flag, parameter] of FILTERS) {
    const key = flag
      .slice(2)
      .split(' ')[0]
      .replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
    const value = options[key];
    if (value !== undefined) query.set(parameter, scalar(value));
  }
  for (const [key, value] of Object.entries(extra)) if (value !== undefined) query.set(key, scalar(value));
  const text = query.toString();
  return text ? `?${text}` : '';
}

type Summary = {
  id: string;
  status: string;
  resolutionSymbol: string;
  paragraphReference: string;
  title?: string;
  adoptedOn?: string;
  adoptionYear: number;
  dependencyId?: string;
  dependency?: string;
  nextDueOn?: string;
  overdue: boolean;
};
type Page = { items: Summary[]; nextCursor?: string; total?: number; totalExact?: boolean };

function summaryTable(items: Summary[]): string {
  const table = new Table({ head: ['id', 'status', 'resolution', 'adopted', 'dependency', 'due', 'title'] });
  for (const m of items) {
    table.push([
      m.id,
      m.status,
      `${m.resolutionSymbol} ${m.paragraphReference}`,
      m.adoptedOn ?? `${m.adoptionYear}`,
      m.dependencyId ?? m.dependency ?? '',
      m.nextDueOn ? `${m.nextDueOn}${m.overdue ? ' (overdue)' : ''}` : '',
      (m.title ?? '').slice(0, 40),
    ]);
  }
  return table.toString();
}

async function list(c: Connection, options: Record<string, unknown>, json: boolean): Promise<void> {
  const all = options.all === true;
  const items: Summary[] = [];
  let cursor = options.cursor as string | undefined;
  let first: Page | undefined;
  do {
    const page = await getJson<Page>(
      c,
      `/mandates${filterQuery(options, { sort: options.sort, limit: options.limit ?? (all ? 100 : 20), cursor })}`,
    );
    first ??= page;
    items.push(...page.items);
    cursor = all ? page.nextCursor : undefined;
  } while (cursor);
  const total = first?.total;
  print(json, { items, total, totalExact: first?.totalExact, nextCursor: all ? undefined : first?.nextCursor }, () =>
    [
      summaryTable(items),
      total === undefined ? '' : `${items.length} shown of ${first?.totalExact ? '' : 'about '}${total}`,
      !all && first?.nextCursor ? `more: --all, or --cursor ${first.nextCursor}` : '',
    ]
      .filter(Boolean)
      .join('\n'),
  );
}

// --- import: the file streamed up, the answer streamed back line by line.

type ImportLine =
  | { type: 'row'; row: number; verdict: string; mandateId?: string; fields?: unknown; differences?: unknown }
  | { type: 'progress'; rows: number; bytesRead: number; bytes: number }
  | { type: 'summary'; rows: number; counts: Record<string, number>; mode: string }
  | { type: 'error'; message: string };

const FORMAT_TYPES: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  jsonl: 'application/x-ndjson',
  ndjson: 'application/x-ndjson',
};

async function importFile(c: Connection, file: string, options: Record<string, unknown>, json: boolean) {
  const format = (options.format as string | undefined) ?? file.split('.').pop()?.toLowerCase() ?? '';
  const type = FORMAT_TYPES[format];
  if (!type) throw new Error(`cannot tell the format of ${file}: --format csv, json or jsonl`);
  const size = statSync(file).size;
  const bar =
    !json && process.stderr.isTTY
      ? new SingleBar({ format: '{phase} {bar} {percentage}% {rows} rows', stream: process.stderr, hideCursor: true })
      : undefined;
  bar?.start(size, 0, { phase: 'upload', rows: 0 });
  let sent = 0;
  const counted = createReadStream(file).pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        bar?.update((sent += chunk.length), { phase: 'upload' });
        done(null, chunk);
      },
    }),
  );
  const mode = options.commit === true ? 'commit' : 'dry-run';
  const res = await request(c, `/imports?mode=${mode}`, {
    method: 'POST',
    headers: { 'Content-Type': type, Accept: 'application/x-ndjson' },
    body: Readable.toWeb(counted) as ReadableStream,
    duplex: 'half',
  });
  const rows: ImportLine[] = [];
  let summary: Extract<ImportLine, { type: 'summary' }> | undefined;
  let buffered = '';
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    buffered += Buffer.from(chunk).toString('utf8');
    let newline: number;
    while ((newline = buffered.indexOf('\n')) >= 0) {
      const line = JSON.parse(buffered.slice(0, newline)) as ImportLine;
      buffered = buffered.slice(newline + 1);
      if (line.type === 'row') rows.push(line);
      if (line.type === 'progress') bar?.update(line.bytesRead, { phase: mode, rows: line.rows });
      if (line.type === 'summary') summary = line;
      if (line.type === 'error') throw new Error(line.message);
    }
  }
  bar?.stop();
  const problems = rows.filter((r) => r.type === 'row' && (r.verdict === 'invalid' || r.verdict === 'conflict'));
  print(json, { summary, rows }, () => {
    const table = new Table({ head: ['row', 'verdict', 'mandate', 'what'] });
    for (const r of problems as Extract<ImportLine, { type: 'row' }>[]) {
      table.push([r.row, r.verdict, r.mandateId ?? '', JSON.stringify(r.fields ?? r.differences).slice(0, 100)]);
    }
    const counts = Object.entries(summary?.counts ?? {})
      .filter(([, n]) => n > 0)
      .map(([verdict, n]) => `${verdict} ${n}`)
      .join(', ');
    return `${problems.length > 0 ? `${table.toString()}\n` : ''}${summary?.rows ?? 0} rows (${mode}): ${counts}`;
  });
  if (problems.length > 0) process.exitCode = 1;
}

async function exportRegister(c: Connection, options: Record<string, unknown>) {
  const format = (options.format as string) === 'jsonl' ? 'jsonl' : 'csv';
  const res = await request(c, `/exports/mandates.${format}${filterQuery(options, { sort: options.sort })}`);
  const out = options.output ? createWriteStream(options.output as string) : process.stdout;
  await pipeline(Readable.fromWeb(res.body as never), out);
}

type Stats = {
  total: number;
  byStatus: Record<string, number>;
  byBody: Record<string, number>;
  byDependency: { dependencyId?: string; dependency?: string; count: number }[];
  overdue: { total: number; ageing: Record<string, number> };
  dueWithin: Record<string, number>;
  reportingOnTime: { dependencyId?: string; dependency?: string; cyclesDue: number; share: number | null }[];
};

function statsText(s: Stats): string {
  const counts = (title: string, values: Record<string, number>) => {
    const table = new Table({ head: [title, 'mandates'] });
    for (const [key, n] of Object.entries(values)) table.push([key, n]);
    return table.toString();
  };
  const dependencies = new Table({ head: ['dependency', 'mandates'] });
  for (const d of s.byDependency) dependencies.push([d.dependencyId ?? d.dependency ?? '(not assigned)', d.count]);
  const onTime = new Table({ head: ['dependency', 'cycles due', 'on time'] });
  for (const d of s.reportingOnTime) {
    onTime.push([
      d.dependencyId ?? d.dependency ?? '',
      d.cyclesDue,
      d.share === null ? '' : `${Math.round(d.share * 100)}%`,
    ]);
  }
  return [
    `${s.total} mandates; ${s.overdue.total} overdue; due within 30 days: ${s.dueWithin['30']}, 90 days: ${s.dueWithin['90']}`,
    counts('status', s.byStatus),
    counts('body', s.byBody),
    dependencies.toString(),
    counts('overdue for (days)', s.overdue.ageing),
    onTime.toString(),
  ].join('\n');
}

type Job = { state: string; progress?: Record<string, unknown>; report?: Record<string, unknown>; error?: string };

/** Starts an administrator's job and follows it to its end. */
async function runJob(c: Connection, path: string, json: boolean): Promise<Job> {
  await request(c, path, { method: 'POST' });
  for (;;) {
    const job = await getJson<Job>(c, path);
    if (!json) process.stderr.write(`\r${path}: ${job.state} ${JSON.stringify(job.progress ?? {})}   `);
    if (job.state !== 'running') {
      if (!json) process.stderr.write('\n');
      return job;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}

function program(): Command {
  const cli = new Command('mandates')
    .description('The OAS mandates register, through its API')
    .addOption(new Option('--api <url>', 'the API').env('MANDATES_API_URL').default('http://127.0.0.1:3000'))
    .addOption(new Option('--token <token>', 'a bearer token').env('MANDATES_TOKEN'))
    .option('--json', 'JSON on stdout, for scripts');
  const json = () => cli.opts<{ json?: boolean }>().json === true;

  withFilters(
    cli
      .command('list')
      .alias('search')
      .argument('[words...]', 'free text, as --q')
      .description('List or search the register')
      .option('--sort <sort>', 'adopted, due, updated, symbol (- first: descending), relevance')
      .option('--limit <n>', 'mandates per page (1-100)')
      .option('--cursor <cursor>', 'the page after the one whose nextCursor this is')
      .option('--all', 'every page'),
  ).action(async (words: string[], options: Record<string, unknown>, command: Command) => {
    if (words.length > 0) options.q = words.join(' ');
    await list(connectionOf(command), options, json());
  });

  cli
    .command('show')
    .argument('<id>', 'mandate id')
    .description("A mandate's current state")
    .action(async (id: string, _options: unknown, command: Command) => {
      const m = await getJson<Record<string, unknown>>(connectionOf(command), `/mandates/${encodeURIComponent(id)}`);
      print(json(), m, () => {
        const table = new Table();
        for (const [key, value] of Object.entries(m)) {
          if (value === undefined || (Array.isArray(value) && value.length === 0)) continue;
          table.push({ [key]: scalar(value).slice(0, 100) });
        }
        return table.toString();
      });
    });

  cli
    .command('events')
    .argument('<id>', 'mandate id')
    .description("A mandate's events")
    .action(async (id: string, _options: unknown, command: Command) => {
      const events = await getJson<{ sequence: number; type: string; actor: string; recordedAt: string }[]>(
        connectionOf(command),
        `/mandates/${encodeURIComponent(id)}/events`,
      );
      print(json(), events, () => {
        const table = new Table({ head: ['#', 'event', 'actor', 'recorded at'] });
        for (const e of events) table.push([e.sequence, e.type, e.actor, e.recordedAt]);
        return table.toString();
      });
    });

  cli
    .command('import')
    .argument('<file>', 'CSV, JSON (the sample format) or JSON Lines')
    .description('Import a file of mandates: a dry run, unless --commit')
    .option('--commit', 'register the valid new rows')
    .option('--format <format>', 'csv, json or jsonl (default: from the extension)')
    .action(async (file: string, options: Record<string, unknown>, command: Command) => {
      await importFile(connectionOf(command), file, options, json());
    });

  withFilters(
    cli
      .command('export')
      .description('Export the register (the filters as list): CSV or JSON Lines')
      .option('--format <format>', 'csv (default) or jsonl')
      .option('--sort <sort>', 'as list')
      .option('--output <file>', 'write here rather than to stdout'),
  ).action(async (options: Record<string, unknown>, command: Command) => {
    await exportRegister(connectionOf(command), options);
  });

  withFilters(cli.command('stats').description("The dashboard's figures (the filters as list)")).action(
    async (options: Record<string, unknown>, command: Command) => {
      const stats = await getJson<Stats>(connectionOf(command), `/stats${filterQuery(options)}`);
      print(json(), stats, () => statsText(stats));
    },
  );

  cli
    .command('rebuild')
    .description('Rebuild the read model from the histories (administrators)')
    .action(async (_options: unknown, command: Command) => {
      const job = await runJob(connectionOf(command), '/admin/read-model/rebuild', json());
      print(json(), job, () => `${job.state}: ${JSON.stringify(job.report ?? job.error)}`);
      if (job.state !== 'done') process.exitCode = 1;
    });

  cli
    .command('drift')
    .description("Compare every mandate's row with its workflow's state (administrators)")
    .action(async (_options: unknown, command: Command) => {
      const job = await runJob(connectionOf(command), '/admin/read-model/drift', json());
      const drifted = (job.report?.drifted as unknown[] | undefined) ?? [];
      print(json(), job, () => `${job.state}: ${drifted.length} drifted\n${JSON.stringify(drifted, null, 2)}`);
      if (job.state !== 'done' || drifted.length > 0) process.exitCode = 1;
    });

  const audit = cli.command('audit').description("The auditor's verbs (offline, no server), and a signed export");
  for (const verb of ['verify', 'replay', 'state']) {
    audit
      .command(verb)
      .description(`npm run audit -- ${verb} …`)
      .allowUnknownOption()
      .helpOption(false)
      .argument('[args...]')
      .action((args: string[]) => {
        // The audit command line is its own program: its options, output and exit codes, unchanged.
        const run = spawnSync(process.execPath, [join(__dirname, 'audit.js'), verb, ...args], { stdio: 'inherit' });
        process.exitCode = run.status ?? 2;
      });
  }
  audit
    .command('export')
    .argument('<id>', 'mandate id')
    .option('--output <file>', 'write here rather than to stdout')
    .description("Download a mandate's signed export")
    .action(async (id: string, options: { output?: string }, command: Command) => {
      const res = await request(connectionOf(command), `/mandates/${encodeURIComponent(id)}/export`);
      await pipeline(
        Readable.fromWeb(res.body as never),
        options.output ? createWriteStream(options.output) : process.stdout,
      );
    });
  return cli;
}

program()
  .parseAsync(process.argv)
  .catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exitCode = err instanceof Refused ? 1 : 2;
  });

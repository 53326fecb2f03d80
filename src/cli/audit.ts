// The auditor's command line: verify an export, replay it, read a mandate's state at a past moment. No server.
// Only the JSON answer goes to stdout; every log (the Temporal SDK's too) goes to stderr. Exit codes:
//   0  it holds: intact (verify); deterministic, complete and, for an export, a consistent manifest (replay, state)
//   1  it does not hold: the verdict says what failed
//   2  usage: unknown command, missing argument, no trusted key to verify with
//   3  the file cannot be checked: unreadable, not JSON, neither an export nor a history, an unsupported format
//   4  the tool itself failed (for example, the workflow code could not be bundled)
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import type { AsOf } from '../audit/as-of';
import { AuditPool } from '../audit/audit-pool';
import { UnreadableAuditFile, verifyExport } from '../audit/export';
import { replayHistories, replayHolds, replayInputOf } from '../audit/replay';
import { ReplaySession } from '../audit/replay-session';
import { FINGERPRINT, fingerprintOf, publicKeysIn, type TrustedKey, trustedKey } from '../audit/signing-key';
import { installReplayRuntime, workflowBundle } from '../audit/workflow-bundle';

// Whatever a library prints goes to stderr: stdout carries the answer alone.
console.log = console.info = console.debug = console.error;

const USAGE = `usage: mandate-audit verify <export.json> (--public-key <key.pem> | --fingerprint sha256:<hex>)...
       mandate-audit replay <export.json | history.json>... [--at <date> | --sequence <n>]
       mandate-audit state <export.json | history.json> (--at <date> | --sequence <n>)
       mandate-audit fingerprint <key.pem>...
Trusted fingerprints may also come from AUDIT_TRUSTED_FINGERPRINTS (comma-separated).`;

const EXIT = { holds: 0, fails: 1, usage: 2, unreadable: 3, internal: 4 } as const;

class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

function options(args: string[], name: string): string[] {
  return args.flatMap((arg, i) => (arg === name && i + 1 < args.length ? [args[i + 1]] : []));
}

/** The positional arguments: everything that is neither an option nor an option's value. */
function files(args: string[]): string[] {
  return args.filter((arg, i) => !arg.startsWith('--') && !(i > 0 && args[i - 1].startsWith('--')));
}

function read(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new CliError(`${path} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`, EXIT.unreadable);
  }
}

function asOfFrom(args: string[]): AsOf | undefined {
  const [at] = options(args, '--at');
  const [sequence] = options(args, '--sequence');
  if (at !== undefined) {
    if (Number.isNaN(Date.parse(at))) throw new CliError(`--at ${at} is not a date or date-time`, EXIT.usage);
    return { at };
  }
  if (sequence !== undefined) {
    if (!/^[1-9]\d*$/.test(sequence))
      throw new CliError(`--sequence ${sequence} is not a positive integer`, EXIT.usage);
    return { sequence: Number(sequence) };
  }
  return undefined;
}

/** The keys the auditor trusts: PEM files, and fingerprints pinned on the command line or in the environment. */
function trustedKeys(args: string[]): TrustedKey[] {
  const fromFiles = options(args, '--public-key').flatMap((path) => {
    try {
      return publicKeysIn(read(path).toString('utf8'), path).map((key) => trustedKey(key));
    } catch (err) {
      if (err instanceof CliError) throw err;
      throw new CliError(`${path}: ${err instanceof Error ? err.message : String(err)}`, EXIT.usage);
    }
  });
  const pinned = [...options(args, '--fingerprint'), ...(process.env.AUDIT_TRUSTED_FINGERPRINTS ?? '').split(',')]
    .map((f) => f.trim().toLowerCase())
    .filter((f) => f !== '');
  for (const fingerprint of pinned) {
    if (!FINGERPRINT.test(fingerprint)) throw new CliError(`${fingerprint} is not sha256:<64 hex digits>`, EXIT.usage);
  }
  const trusted = [...fromFiles, ...pinned.map((fingerprint) => ({ fingerprint }))];
  if (trusted.length === 0) {
    throw new CliError(
      'no trusted key: give the service key with --public-key <key.pem> or pin its fingerprint with ' +
        '--fingerprint sha256:<hex> (published in the service log, GET /audit/keys and the README); a key ' +
        'the export carries is never trusted by itself',
      EXIT.usage,
    );
  }
  return trusted;
}

async function main(args: string[]): Promise<{ answer: unknown; exitCode: number }> {
  const [command] = args;
  const paths = files(args.slice(1));
  if (!command || paths.length === 0) throw new CliError('a command and a file are needed', EXIT.usage);
  switch (command) {
    case 'verify': {
      if (paths.length > 1) throw new CliError('verify takes one export', EXIT.usage);
      const trusted = trustedKeys(args);
      const verdict = verifyExport(read(paths[0]).toString('utf8'), trusted);
      return { answer: verdict, exitCode: verdict.intact ? EXIT.holds : EXIT.fails };
    }
    case 'replay':
    case 'state': {
      const asOf = asOfFrom(args);
      if (command === 'state' && (!asOf || paths.length > 1)) {
        throw new CliError('state takes one file and --at or --sequence', EXIT.usage);
      }
      installReplayRuntime();
      if (paths.length > 1) return replayMany(paths, asOf);
      const input = replayInputOf(read(paths[0]).toString('utf8'));
      const report = await replayHistories(input, new ReplaySession(await workflowBundle()), asOf);
      const exitCode = replayHolds(report) ? EXIT.holds : EXIT.fails;
      return { answer: command === 'state' ? (report.state ?? null) : report, exitCode };
    }
    case 'fingerprint':
      return {
        answer: paths.flatMap((path) => {
          const text = read(path).toString('utf8');
          try {
            return publicKeysIn(text, path).map((key) => ({ file: path, fingerprint: fingerprintOf(key) }));
          } catch (err) {
            throw new CliError(err instanceof Error ? err.message : String(err), EXIT.unreadable);
          }
        }),
        exitCode: EXIT.holds,
      };
    default:
      throw new CliError(`unknown command ${command}`, EXIT.usage);
  }
}

/** Many files across the cores, through the same pool of replay threads the API uses. */
async function replayMany(paths: string[], asOf?: AsOf): Promise<{ answer: unknown; exitCode: number }> {
  const threads = Math.min(paths.length, Number(process.env.AUDIT_REPLAY_THREADS) || availableParallelism());
  const pool = new AuditPool({ threads, queue: threads });
  try {
    const results = await pool.replayAll(
      paths.map((path) => () => readFileSync(path)),
      asOf,
    );
    const answers = results.map((r, i) => ({ file: paths[i], ...r }));
    const exitCode = answers.some((a) => 'problem' in a)
      ? EXIT.unreadable
      : answers.every((a) => 'report' in a && replayHolds(a.report))
        ? EXIT.holds
        : EXIT.fails;
    return { answer: { holds: exitCode === EXIT.holds, files: answers }, exitCode };
  } finally {
    await pool.close();
  }
}

function finish(answer: unknown, exitCode: number): void {
  process.stdout.write(`${JSON.stringify(answer, null, 2)}\n`, () => process.exit(exitCode));
}

main(process.argv.slice(2)).then(
  ({ answer, exitCode }) => finish(answer, exitCode),
  (err: unknown) => {
    const exitCode =
      err instanceof CliError ? err.exitCode : err instanceof UnreadableAuditFile ? EXIT.unreadable : EXIT.internal;
    if (exitCode === EXIT.usage) console.error(USAGE);
    if (exitCode === EXIT.internal) console.error(err);
    const message = err instanceof Error ? err.message : String(err);
    finish({ error: exitCode === EXIT.internal ? `the audit tool failed: ${message}` : message, exitCode }, exitCode);
  },
);

// The auditor's command line: verify an export, replay it, read a mandate's state at a past moment. No server.
//   npm run audit -- verify <export.json> [--public-key <key.pem>]
//   npm run audit -- replay <export.json | history.json> [--at <date> | --sequence <n>]
//   npm run audit -- state <export.json | history.json> (--at <date> | --sequence <n>)
import { readFileSync } from 'node:fs';
import type { AsOf } from '../audit/as-of';
import { verifyExport } from '../audit/export';
import { replayHistories } from '../audit/replay';

const USAGE = `usage: mandate-audit verify <export.json> [--public-key <key.pem>]
       mandate-audit replay <export.json | history.json> [--at <date> | --sequence <n>]
       mandate-audit state <export.json | history.json> (--at <date> | --sequence <n>)`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

function asOfFrom(args: string[]): AsOf | undefined {
  const at = option(args, '--at');
  const sequence = option(args, '--sequence');
  if (at !== undefined) return { at };
  if (sequence !== undefined) return { sequence: Number(sequence) };
  return undefined;
}

async function main(args: string[]): Promise<number> {
  const [command, path] = args;
  if (!command || !path) {
    console.error(USAGE);
    return 2;
  }
  const text = readFileSync(path, 'utf8');
  switch (command) {
    case 'verify': {
      const key = option(args, '--public-key');
      const verdict = verifyExport(text, key ? readFileSync(key, 'utf8') : undefined);
      console.log(JSON.stringify(verdict, null, 2));
      if (!key)
        console.error(
          'No --public-key: checked against the key inside the export; compare signedBy with the key you trust.',
        );
      return verdict.intact ? 0 : 1;
    }
    case 'replay':
    case 'state': {
      const asOf = asOfFrom(args);
      if (command === 'state' && !asOf) {
        console.error(USAGE);
        return 2;
      }
      const report = await replayHistories(JSON.parse(text) as unknown, asOf);
      console.log(JSON.stringify(command === 'state' ? (report.state ?? null) : report, null, 2));
      return report.deterministic ? 0 : 1;
    }
    default:
      console.error(USAGE);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : String(err));
    process.exit(2);
  },
);

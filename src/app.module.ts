import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { RateLimitModule } from './common/rate-limits';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { ExportsModule } from './exports/exports.module';
import { ImportsModule } from './imports/imports.module';
import { LineageModule } from './lineage/lineage.module';
import { ReadModelAdminModule } from './rebuild/read-model-admin.module';
import { StatsModule } from './stats/stats.module';
import { MandatesModule } from './mandates/mandates.module';
import { NotificationsModule } from './notifications/notifications.module';
import { TemporalClientModule } from './temporal/temporal-client.module';
import { WorkerModule } from './worker/worker.module';

/** The register's routes: imports, exports, statistics, the read model's rebuild, lineage. */
const REGISTER_MODULES = [ImportsModule, ExportsModule, StatsModule, ReadModelAdminModule, LineageModule];

/** Which parts this process runs: the HTTP API, the Temporal worker, or both (`npm start`). */
export interface ProcessRoles {
  api: boolean;
  worker: boolean;
}

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, roles: ProcessRoles): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule,
        ...(roles.api
          ? [
              TemporalClientModule,
              // Global guards run in the order of their modules: a flood is refused (429) before any token is checked.
              RateLimitModule.forRoot(config),
              AuthModule,
              MandatesModule,
              AuditModule,
              NotificationsModule,
              CalendarModule,
              HealthModule,
              ...REGISTER_MODULES,
            ]
          : []),
        ...(roles.worker ? [WorkerModule] : []),
      ],
    };
  }
}

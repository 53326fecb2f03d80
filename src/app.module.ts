import { type DynamicModule, Module } from '@nestjs/common';
import type { AppConfig } from './config/app-config';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CalendarModule } from './calendar/calendar.module';
import { ConsoleModule } from './console/console.module';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { MandatesModule } from './mandates/mandates.module';
import { NotificationsModule } from './notifications/notifications.module';
import { TemporalClientModule } from './temporal/temporal-client.module';
import { WorkerModule } from './worker/worker.module';

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
              AuthModule,
              MandatesModule,
              AuditModule,
              NotificationsModule,
              CalendarModule,
              HealthModule,
              ConsoleModule,
            ]
          : []),
        ...(roles.worker ? [WorkerModule] : []),
      ],
    };
  }
}

import { Module } from '@nestjs/common';
import { MandatesModule } from '../mandates/mandates.module';
import { AuditChecks } from './audit-checks.service';
import { AuditExportService } from './audit-export.service';
import { AuditFilesController } from './audit-files.controller';
import { AuditKeys } from './audit-keys.service';
import { AuditController } from './audit.controller';

@Module({
  imports: [MandatesModule],
  controllers: [AuditController, AuditFilesController],
  providers: [AuditKeys, AuditExportService, AuditChecks],
})
export class AuditModule {}

import { Module } from '@nestjs/common';
import { MandatesModule } from '../mandates/mandates.module';
import { AuditExportService } from './audit-export.service';
import { AuditFilesController } from './audit-files.controller';
import { AuditController } from './audit.controller';

@Module({
  imports: [MandatesModule],
  controllers: [AuditController, AuditFilesController],
  providers: [AuditExportService],
})
export class AuditModule {}

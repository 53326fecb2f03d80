import { Module } from '@nestjs/common';
import { MandatesModule } from '../mandates/mandates.module';
import { ImportService } from './import.service';
import { ImportStreaming } from './import-streaming';
import { ImportsController } from './imports.controller';

@Module({
  imports: [MandatesModule],
  controllers: [ImportsController],
  providers: [ImportService, ImportStreaming],
  exports: [ImportService],
})
export class ImportsModule {}

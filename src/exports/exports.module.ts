import { Module } from '@nestjs/common';
import { MandatesModule } from '../mandates/mandates.module';
import { ExportsController } from './exports.controller';
import { RegisterExport } from './register-export';

@Module({ imports: [MandatesModule], controllers: [ExportsController], providers: [RegisterExport] })
export class ExportsModule {}

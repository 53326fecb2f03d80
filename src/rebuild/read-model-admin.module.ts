import { Module } from '@nestjs/common';
import { MandatesModule } from '../mandates/mandates.module';
import { ReadModelController } from './read-model.controller';
import { ReadModelJobs } from './read-model-jobs';

@Module({ imports: [MandatesModule], controllers: [ReadModelController], providers: [ReadModelJobs] })
export class ReadModelAdminModule {}

import { Module } from '@nestjs/common';
import { LineageController } from './lineage.controller';
import { MandateLineage } from './mandate-lineage';

@Module({ controllers: [LineageController], providers: [MandateLineage] })
export class LineageModule {}

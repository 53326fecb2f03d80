import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { MandateHistoryReader } from '../archive/mandate-history-reader';
import { MandateViewEntity } from '../database/mandate-view.entity';
import { MandateHistories } from './mandate-histories.service';
import { MandateListService } from './mandate-list.service';
import { MandateReader } from './mandate-reader.service';
import { MandatesController } from './mandates.controller';
import { MandatesService } from './mandates.service';

@Module({
  imports: [TypeOrmModule.forFeature([MandateViewEntity])],
  controllers: [MandatesController],
  providers: [
    MandatesService,
    MandateListService,
    MandateReader,
    MandateHistories,
    {
      provide: MandateHistoryReader,
      inject: [Client, DataSource],
      useFactory: (client: Client, dataSource: DataSource) => new MandateHistoryReader(client, dataSource),
    },
  ],
  exports: [MandatesService, MandateHistories, MandateListService, MandateHistoryReader],
})
export class MandatesModule {}

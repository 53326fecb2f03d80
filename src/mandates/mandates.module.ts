import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MandateViewEntity } from '../database/mandate-view.entity';
import { MandateHistories } from './mandate-histories.service';
import { MandateListService } from './mandate-list.service';
import { MandatesController } from './mandates.controller';
import { MandatesService } from './mandates.service';

@Module({
  imports: [TypeOrmModule.forFeature([MandateViewEntity])],
  controllers: [MandatesController],
  providers: [MandatesService, MandateListService, MandateHistories],
  exports: [MandatesService, MandateHistories],
})
export class MandatesModule {}

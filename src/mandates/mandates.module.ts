import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MandateViewEntity } from '../database/mandate-view.entity';
import { MandateListService } from './mandate-list.service';
import { MandatesController } from './mandates.controller';
import { MandatesService } from './mandates.service';

@Module({
  imports: [TypeOrmModule.forFeature([MandateViewEntity])],
  controllers: [MandatesController],
  providers: [MandatesService, MandateListService],
  exports: [MandatesService],
})
export class MandatesModule {}

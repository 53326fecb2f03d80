import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { MandateViewEntity } from '../database/mandate-view.entity';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

@Module({
  imports: [TypeOrmModule.forFeature([MandateViewEntity])],
  controllers: [CalendarController],
  providers: [CalendarService],
})
export class CalendarModule {}

import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarFeedEntity } from '../database/calendar-feed.entity';
import { MandateViewEntity } from '../database/mandate-view.entity';
import { CalendarFeedsService } from './calendar-feeds.service';
import { CalendarController } from './calendar.controller';
import { CalendarService } from './calendar.service';

@Module({
  imports: [TypeOrmModule.forFeature([MandateViewEntity, CalendarFeedEntity])],
  controllers: [CalendarController],
  providers: [CalendarService, CalendarFeedsService],
})
export class CalendarModule {}

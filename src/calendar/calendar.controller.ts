import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CalendarQuery } from './calendar.query';
import { CalendarService } from './calendar.service';

@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  /** Subscribe a calendar application to it: all open mandates' due dates, or one dependency's. */
  @Get('calendar.ics')
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'An iCalendar (RFC 5545) feed of reporting due dates' })
  feed(@Query() query: CalendarQuery): Promise<string> {
    return this.calendar.feed({ kind: 'all' }, query.dependency, new Date());
  }
}

import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
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
  @ApiOperation({
    summary: 'iCalendar feed of reporting due dates',
    description: "Open mandates' due dates (the running cycle and the next two), all or one dependency's.",
  })
  @ApiOkResponse({
    description: 'An iCalendar (RFC 5545) feed of reporting due dates',
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  feed(@Query() query: CalendarQuery): Promise<string> {
    return this.calendar.feed(query.dependency, new Date());
  }
}

import {
  Controller,
  Delete,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  NotFoundException,
  Param,
  ParseUUIDPipe,
  Post,
  Query,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { type Authorization, Allow, Caller, Public, Scope } from '../auth/decorators';
import type { ReadScope } from '../auth/policy';
import { CalendarFeedsService } from './calendar-feeds.service';
import { CalendarQuery } from './calendar.query';
import { CalendarService } from './calendar.service';
import { CalendarFeedResponse, NewCalendarFeedResponse } from './dto/calendar-feed.dto';

const NO_FEED = { statusCode: 404, error: 'Not Found', message: 'no such calendar feed' };

@ApiTags('calendar')
@Controller()
export class CalendarController {
  constructor(
    private readonly calendar: CalendarService,
    private readonly feeds: CalendarFeedsService,
  ) {}

  /** The due dates of the open mandates the caller may read (an officer: their dependency's), or one dependency's. */
  @Get('calendar.ics')
  @Allow('calendar:read')
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
  feed(@Query() query: CalendarQuery, @Scope() scope: ReadScope): Promise<string> {
    return this.calendar.feed(scope, query.dependency, new Date());
  }

  /** A secret feed URL for a calendar application (which cannot sign in), showing what the caller may read. */
  @Post('calendar/feeds')
  @ApiOperation({ summary: 'Create a secret calendar feed URL' })
  @Allow('calendar:read')
  @ApiCreatedResponse({ type: NewCalendarFeedResponse })
  createFeed(@Caller() caller: Authorization): Promise<NewCalendarFeedResponse> {
    return this.feeds.create(caller, new Date());
  }

  /** The caller's feeds (never their secrets). */
  @Get('calendar/feeds')
  @ApiOperation({ summary: "The caller's calendar feeds" })
  @Allow('calendar:read')
  @ApiOkResponse({ type: [CalendarFeedResponse] })
  listFeeds(@Caller() caller: Authorization): Promise<CalendarFeedResponse[]> {
    return this.feeds.list(caller.principal.actor);
  }

  @Delete('calendar/feeds/:feedId')
  @ApiOperation({ summary: 'Revoke a calendar feed' })
  @Allow('calendar:read')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'Revoked: its URL answers 404 from now on' })
  async revokeFeed(
    @Caller() caller: Authorization,
    @Param('feedId', new ParseUUIDPipe({ exceptionFactory: () => new NotFoundException(NO_FEED) })) id: string,
  ): Promise<void> {
    if (!(await this.feeds.revoke(caller.principal.actor, id, new Date()))) throw new NotFoundException(NO_FEED);
  }

  /** A secret feed URL: its secret is the credential, so the route itself is public. */
  @Get('calendar/feeds/:secret.ics')
  @ApiOperation({ summary: 'A calendar feed by its secret URL' })
  @Public()
  @Header('Content-Type', 'text/calendar; charset=utf-8')
  @Header('Cache-Control', 'private, no-store')
  @ApiProduces('text/calendar')
  @ApiOkResponse({
    description: "The feed's owner's due dates; 404 once revoked",
    content: { 'text/calendar': { schema: { type: 'string' } } },
  })
  async secretFeed(@Param('secret') secret: string): Promise<string> {
    const feed = await this.feeds.render(secret, new Date());
    if (feed === undefined) throw new NotFoundException(NO_FEED);
    return feed;
  }
}

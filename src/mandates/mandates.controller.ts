import {
  applyDecorators,
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { CommandMeta } from '../../workflows/mandate/contract';
import { Allow, Scope } from '../auth/decorators';
import type { ReadScope } from '../auth/policy';
import { CommandOutcomes } from '../observability/command-outcomes.interceptor';
import { Command, REQUEST_ID_PATTERN } from './command-meta.decorator';
import { ListMandatesQuery, MandateFilterQuery } from './dto/list-mandates.query';
import {
  AssignMandateDto,
  CloseMandateDto,
  ExtendDeadlineDto,
  LinkMandateDto,
  ReassignMandateDto,
  RecordFollowUpDto,
  ReviewProgressReportDto,
  SetReportingScheduleDto,
  SubmitProgressReportDto,
} from './dto/mandate-commands.dto';
import { MandateIdPipe, ReportIdPipe } from './mandate-id.pipe';
import {
  CommandResponse,
  MandateCountResponse,
  MandateEventResponse,
  MandatePageResponse,
  MandateResponse,
} from './dto/mandate.response';
import { RegisterMandateDto } from './dto/register-mandate.dto';
import { ReadMandateQuery } from './dto/read-mandate.query';
import { sendMandate } from './mandate-etag';
import { MandateListService } from './mandate-list.service';
import { MandateReader } from './mandate-reader.service';
import { withinScope } from './mandate-search';
import { toCommandResponse, toEventResponse, toMandateResponse, toPageResponse } from './mandate.mapper';
import { MandatesService } from './mandates.service';

/** Documents what every command route takes and may answer. */
const CommandHeaders = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description:
        'Request id: a retry with the same key and body applies once; the same key with another body is a 409 ' +
        '(idempotency-key-reused)',
      schema: { type: 'string', pattern: REQUEST_ID_PATTERN, example: 'register-ag-res-2866-p3' },
    }),
    ApiBadRequestResponse({ description: 'A field or header is invalid; `fields` names each' }),
    ApiNotFoundResponse({ description: 'No such mandate' }),
    ApiConflictResponse({ description: 'A lifecycle rule refused the command; `rule` names it' }),
    // mandate_commands_total, by outcome and rule (src/observability/metrics.ts).
    UseInterceptors(CommandOutcomes),
  );

@ApiTags('mandates')
@Controller('mandates')
export class MandatesController {
  constructor(
    private readonly mandates: MandatesService,
    private readonly list: MandateListService,
    private readonly reader: MandateReader,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Register a mandate from a resolution paragraph',
    description:
      "Starts the mandate's workflow. Its id is derived from the resolution symbol and paragraph; the same paragraph twice is a 409 (mandate-already-registered), unless it is a retry with the same Idempotency-Key and body.",
  })
  @Allow('mandate:register')
  @CommandHeaders()
  @ApiCreatedResponse({ type: MandateResponse })
  async register(@Body() dto: RegisterMandateDto, @Command() meta: CommandMeta): Promise<MandateResponse> {
    return toMandateResponse(await this.mandates.register(dto, meta));
  }

  /** The register, filtered, searched and sorted, a page at a time: pass each page's nextCursor for the next. */
  @Get()
  @ApiOperation({
    summary: 'Search and list the register (the read model)',
    description:
      'Eventually consistent with the workflows; full text, filters and sorts, paged by cursor (each page gives the next).',
  })
  @Allow('mandate:read')
  @ApiOkResponse({ type: MandatePageResponse })
  @ApiBadRequestResponse({ description: 'A filter, the sort or the cursor is invalid; `fields` names each' })
  async find(@Query() query: ListMandatesQuery, @Scope() scope: ReadScope): Promise<MandatePageResponse> {
    return toPageResponse(await this.list.list(withinScope(query, scope)), query.limit);
  }

  /** How many mandates the filters match, counted exactly (a list's first page counts only up to 1,000). */
  @Get('count')
  @Allow('mandate:read')
  @ApiOperation({
    summary: 'Count the mandates the filters match',
    description: 'Counted exactly, on request: a list only counts its first page up to 1,000 matches.',
  })
  @ApiOkResponse({ type: MandateCountResponse })
  async count(@Query() filters: MandateFilterQuery, @Scope() scope: ReadScope): Promise<MandateCountResponse> {
    return { total: await this.list.count(withinScope(filters, scope)) };
  }

  @Get(':id')
  @Allow('mandate:read', { mandate: 'id' })
  @ApiOperation({
    summary: "A mandate's current state",
    description:
      'From the read model, which follows the workflow within moments; `lastSequence` says which event it reflects. ' +
      'To read your own write, pass the sequence a command answered with as `minSequence`: a read model behind it ' +
      'defers to the workflow (a query). `consistency=strong` always asks the workflow. The ETag (weak) names the ' +
      'mandate, that sequence and the day; `If-None-Match` with it is answered 304 while both hold.',
  })
  @ApiHeader({
    name: 'If-None-Match',
    required: false,
    description: 'The ETag of a representation the client holds: 304 with no body while it is current',
  })
  @ApiOkResponse({
    type: MandateResponse,
    headers: {
      ETag: { description: 'W/"<mandate id>:<last sequence>:<UTC date>"', schema: { type: 'string' } },
      'Cache-Control': { description: 'private, no-cache: revalidate with If-None-Match', schema: { type: 'string' } },
    },
  })
  @ApiResponse({ status: HttpStatus.NOT_MODIFIED, description: 'The representation named by If-None-Match is current' })
  @ApiBadRequestResponse({ description: 'minSequence or consistency is invalid; `fields` names each' })
  @ApiNotFoundResponse()
  async get(
    @Param('id', MandateIdPipe) id: string,
    @Query() query: ReadMandateQuery,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    sendMandate(req, res, await this.reader.read(id, query));
  }

  @Get(':id/events')
  @ApiOperation({
    summary: "A mandate's domain events",
    description: 'Sequence, type, actor, request id, time and data of each event, in order.',
  })
  @Allow('mandate:read', { mandate: 'id' })
  @ApiOkResponse({ type: [MandateEventResponse] })
  @ApiNotFoundResponse()
  async events(@Param('id', MandateIdPipe) id: string): Promise<MandateEventResponse[]> {
    return (await this.mandates.events(id, 0)).map(toEventResponse);
  }

  @Post(':id/assignment')
  @ApiOperation({
    summary: 'Assign a mandate',
    description: 'To a dependency and a responsible officer, once; change hands with a reassignment.',
  })
  @Allow('mandate:assign', { mandate: 'id', notSelfAssigned: true })
  @HttpCode(HttpStatus.OK)
  @CommandHeaders()
  @ApiOkResponse({ type: CommandResponse })
  async assign(@Param('id', MandateIdPipe) id: string, @Body() dto: AssignMandateDto, @Command() meta: CommandMeta) {
    return toCommandResponse(await this.mandates.assign(id, dto, meta));
  }

  @Post(':id/reassignment')
  @ApiOperation({
    summary: 'Reassign a mandate',
    description: 'To another officer or dependency, with a reason.',
  })
  @Allow('mandate:reassign', { mandate: 'id', notSelfAssigned: true })
  @HttpCode(HttpStatus.OK)
  @CommandHeaders()
  @ApiOkResponse({ type: CommandResponse })
  async reassign(
    @Param('id', MandateIdPipe) id: string,
    @Body() dto: ReassignMandateDto,
    @Command() meta: CommandMeta,
  ) {
    return toCommandResponse(await this.mandates.reassign(id, dto, meta));
  }

  @Post(':id/follow-ups')
  @ApiOperation({
    summary: 'Record a follow-up action',
    description: 'Dated between the adoption and today; the mandate must be assigned.',
  })
  @Allow('follow-up:record', { mandate: 'id' })
  @HttpCode(HttpStatus.OK)
  @CommandHeaders()
  @ApiOkResponse({ type: CommandResponse })
  async recordFollowUp(
    @Param('id', MandateIdPipe) id: string,
    @Body() dto: RecordFollowUpDto,
    @Command() meta: CommandMeta,
  ) {
    return toCommandResponse(await this.mandates.recordFollowUp(id, dto, meta));
  }

  @Post(':id/progress-reports')
  @ApiOperation({
    summary: 'Submit a progress report',
    description: 'One report under review at a time; reports are numbered R1, R2, …',
  })
  @Allow('report:submit', { mandate: 'id' })
  @HttpCode(HttpStatus.OK)
  @CommandHeaders()
  @ApiOkResponse({ type: CommandResponse })
  async submitProgressReport(
    @Param('id', MandateIdPipe) id: string,
    @Body() dto: SubmitProgressReportDto,
    @Command() meta: CommandMeta,
  ) {
    return toCommandResponse(await this.mandates.submitProgressReport(id, dto, meta));
  }

  @Post(':id/progress-reports/:reportId/review')
  @ApiOperation({
    summary: 'Review the progress report under review',
    description: 'Accept it, or return it for revision with comments.',
  })
  @Allow('report:review', { mandate: 'id', notOwnReport: 'reportId' })
  @HttpCode(HttpStatus.OK)
  @CommandHeaders()
  @ApiOkResponse({ type: CommandResponse })
  async reviewProgressReport(
    @Param('id', MandateIdPipe) id: string,
    @Param('reportId', ReportIdPipe) reportId: string,
    @Body() dto: ReviewProgressReportDto,
    @Command() meta: CommandMeta,
  ) {
    return toCommandResponse(await this.mandates.reviewProgressReport(id, reportId, dto, meta));
  }

  @Post(':id/reporting-schedule')
  @ApiOperation({
    summary: 'Set or change the reporting schedule',
    description:
      'once (dueOn), every_months (months, firstDueOn) or sessions (sessionDates), with a reason; due dates at most ten years ahead.',
  })
  @Allow('mandate:set-schedule', { mandate: 'id' })
  @HttpCode(HttpStatus.OK)
  @CommandHeaders()
  @ApiOkResponse({ type: CommandResponse })
  async setReportingSchedule(
    @Param('id', MandateIdPipe) id: string,
    @Body() dto: SetReportingScheduleDto,
    @Command() meta: CommandMeta,
  ) {
    return toCommandResponse(await this.mandates.setReportingSchedule(id, dto, meta));
  }

  @Post(':id/deadline-extension')
  @ApiOperation({
    summary: 'Extend the running due date',
    description: 'To a later date, at most ten years ahead, with a reason.',
  })
  @Allow('mandate:extend-deadline', { mandate: 'id' })
  @HttpCode(HttpStatus.OK)
  @CommandHeaders()
  @ApiOkResponse({ type: CommandResponse })
  async extendDeadline(
    @Param('id', MandateIdPipe) id: string,
    @Body() dto: ExtendDeadlineDto,
    @Command() meta: CommandMeta,
  ) {
    return toCommandResponse(await this.mandates.extendDeadline(id, dto, meta));
  }

  @Post(':id/links')
  @ApiOperation({
    summary: 'Link a mandate to another one',
    description: 'Renews, supersedes, or otherwise relates to another registered mandate, with a reason.',
  })
  @Allow('mandate:link', { mandate: 'id' })
  @HttpCode(HttpStatus.OK)
  @CommandHeaders()
  @ApiOkResponse({ type: CommandResponse })
  async link(@Param('id', MandateIdPipe) id: string, @Body() dto: LinkMandateDto, @Command() meta: CommandMeta) {
    return toCommandResponse(await this.mandates.link(id, dto, meta));
  }

  @Post(':id/closure')
  @ApiOperation({
    summary: 'Close a mandate',
    description:
      'With an outcome and a reason; superseded names the registered successor. Not while a report waits for review.',
  })
  @Allow('mandate:close', { mandate: 'id' })
  @HttpCode(HttpStatus.OK)
  @CommandHeaders()
  @ApiOkResponse({ type: CommandResponse })
  async close(@Param('id', MandateIdPipe) id: string, @Body() dto: CloseMandateDto, @Command() meta: CommandMeta) {
    return toCommandResponse(await this.mandates.close(id, dto, meta));
  }
}

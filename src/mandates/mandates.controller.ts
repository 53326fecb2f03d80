import { applyDecorators, Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { CommandMeta } from '../../workflows/mandate/contract';
import { Allow, Scope } from '../auth/decorators';
import type { ReadScope } from '../auth/policy';
import { Command } from './command-meta.decorator';
import { ListMandatesQuery } from './dto/list-mandates.query';
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
import { CommandResponse, MandateEventResponse, MandatePageResponse, MandateResponse } from './dto/mandate.response';
import { RegisterMandateDto } from './dto/register-mandate.dto';
import { MandateListService } from './mandate-list.service';
import { toCommandResponse, toEventResponse, toMandateResponse, toSummaryResponse } from './mandate.mapper';
import { MandatesService } from './mandates.service';

/** Documents what every command route takes and may answer. */
const CommandHeaders = () =>
  applyDecorators(
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Request id: a retry with the same key applies once',
    }),
    ApiBadRequestResponse({ description: 'A field or header is invalid; `fields` names each' }),
    ApiNotFoundResponse({ description: 'No such mandate' }),
    ApiConflictResponse({ description: 'A lifecycle rule refused the command; `rule` names it' }),
  );

@ApiTags('mandates')
@Controller('mandates')
export class MandatesController {
  constructor(
    private readonly mandates: MandatesService,
    private readonly list: MandateListService,
  ) {}

  @Post()
  @Allow('mandate:register')
  @CommandHeaders()
  @ApiCreatedResponse({ type: MandateResponse })
  async register(@Body() dto: RegisterMandateDto, @Command() meta: CommandMeta): Promise<MandateResponse> {
    return toMandateResponse(await this.mandates.register(dto, meta));
  }

  @Get()
  @Allow('mandate:read')
  @ApiOkResponse({ type: MandatePageResponse })
  async find(@Query() query: ListMandatesQuery, @Scope() scope: ReadScope): Promise<MandatePageResponse> {
    const { rows, total } = await this.list.list(query, scope);
    return { items: rows.map(toSummaryResponse), total, limit: query.limit, offset: query.offset };
  }

  @Get(':id')
  @Allow('mandate:read', { mandate: 'id' })
  @ApiOkResponse({ type: MandateResponse })
  @ApiNotFoundResponse()
  async get(@Param('id', MandateIdPipe) id: string): Promise<MandateResponse> {
    return toMandateResponse(await this.mandates.state(id));
  }

  @Get(':id/events')
  @Allow('mandate:read', { mandate: 'id' })
  @ApiOkResponse({ type: [MandateEventResponse] })
  @ApiNotFoundResponse()
  async events(@Param('id', MandateIdPipe) id: string): Promise<MandateEventResponse[]> {
    return (await this.mandates.events(id, 0)).map(toEventResponse);
  }

  @Post(':id/assignment')
  @Allow('mandate:assign', { mandate: 'id', notSelfAssigned: true })
  @HttpCode(HttpStatus.OK)
  @CommandHeaders()
  @ApiOkResponse({ type: CommandResponse })
  async assign(@Param('id', MandateIdPipe) id: string, @Body() dto: AssignMandateDto, @Command() meta: CommandMeta) {
    return toCommandResponse(await this.mandates.assign(id, dto, meta));
  }

  @Post(':id/reassignment')
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
  @Allow('mandate:link', { mandate: 'id' })
  @HttpCode(HttpStatus.OK)
  @CommandHeaders()
  @ApiOkResponse({ type: CommandResponse })
  async link(@Param('id', MandateIdPipe) id: string, @Body() dto: LinkMandateDto, @Command() meta: CommandMeta) {
    return toCommandResponse(await this.mandates.link(id, dto, meta));
  }

  @Post(':id/closure')
  @Allow('mandate:close', { mandate: 'id' })
  @HttpCode(HttpStatus.OK)
  @CommandHeaders()
  @ApiOkResponse({ type: CommandResponse })
  async close(@Param('id', MandateIdPipe) id: string, @Body() dto: CloseMandateDto, @Command() meta: CommandMeta) {
    return toCommandResponse(await this.mandates.close(id, dto, meta));
  }
}

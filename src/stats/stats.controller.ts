import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Allow, Scope } from '../auth/decorators';
import type { ReadScope } from '../auth/policy';
import { MandateFilterQuery } from '../mandates/dto/list-mandates.query';
import { withinScope } from '../mandates/mandate-search';
import { RegisterStats } from './register-stats';
import { RegisterStatsResponse } from './stats.response';

@ApiTags('stats')
@Controller('stats')
export class StatsController {
  constructor(private readonly register: RegisterStats) {}

  /** The dashboard: the register's figures, for the mandates the list's filters select (all by default). */
  @Get()
  @ApiOperation({ summary: "The register's figures for the dashboard" })
  @Allow('mandate:read')
  @ApiOkResponse({ type: RegisterStatsResponse })
  stats(@Query() filters: MandateFilterQuery, @Scope() scope: ReadScope): Promise<RegisterStatsResponse> {
    return this.register.stats(withinScope(filters, scope));
  }
}

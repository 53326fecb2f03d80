import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { MandateFilterQuery } from '../mandates/dto/list-mandates.query';
import { RegisterStats } from './register-stats';
import { RegisterStatsResponse } from './stats.response';

@ApiTags('stats')
@Controller('stats')
export class StatsController {
  constructor(private readonly register: RegisterStats) {}

  /** The dashboard: the register's figures, for the mandates the list's filters select (all by default). */
  @Get()
  @ApiOkResponse({ type: RegisterStatsResponse })
  stats(@Query() filters: MandateFilterQuery): Promise<RegisterStatsResponse> {
    return this.register.stats(filters);
  }
}

import { Controller, Get, NotFoundException, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Allow } from '../auth/decorators';
import { fieldErrors } from '../common/validation';
import { MandateResponse } from '../mandates/dto/mandate.response';
import { MandateIdPipe } from '../mandates/mandate-id.pipe';
import { toMandateResponse } from '../mandates/mandate.mapper';
import { MandatesService } from '../mandates/mandates.service';
import { stateAsOf } from './as-of';
import { AsOfQuery } from './dto/as-of.query';

@ApiTags('audit')
@Controller('mandates/:id')
export class AuditController {
  constructor(private readonly mandates: MandatesService) {}

  /** What the mandate's state was at a past moment ("what did the Permanent Council see on 1 March?"). */
  @Get('as-of')
  @ApiOperation({ summary: "A mandate's state as of a date or event" })
  @Allow('audit:history')
  @ApiOkResponse({ type: MandateResponse })
  @ApiNotFoundResponse({ description: 'No such mandate, or not yet registered at that moment' })
  async asOf(@Param('id', MandateIdPipe) id: string, @Query() query: AsOfQuery): Promise<MandateResponse> {
    if ((query.at === undefined) === (query.sequence === undefined)) {
      throw fieldErrors(
        [{ field: 'at', errors: ['give either at or sequence, not both'] }],
        'give either at or sequence',
      );
    }
    const events = await this.mandates.events(id, 0);
    const state = stateAsOf(events, query.sequence !== undefined ? { sequence: query.sequence } : { at: query.at! });
    if (!state) throw new NotFoundException(`mandate ${id} was not registered at that moment`);
    return toMandateResponse(state);
  }
}

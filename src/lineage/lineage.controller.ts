import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Allow, Scope } from '../auth/decorators';
import type { ReadScope } from '../auth/policy';
import { QueryInteger } from '../mandates/dto/field-decorators';
import { MandateIdPipe } from '../mandates/mandate-id.pipe';
import { LineageResponse } from './lineage.response';
import { MandateLineage } from './mandate-lineage';

export class LineageQuery {
  @QueryInteger(1, 5, { description: 'How many links away to follow, 1 to 5 (default 2)' })
  depth = 2;
}

@ApiTags('mandates')
@Controller('mandates')
export class LineageController {
  constructor(private readonly lineage: MandateLineage) {}

  /** The mandates linked to this one (renewals, supersessions, mergers, splits), a few links deep, as a graph. */
  @Get(':id/lineage')
  @ApiOperation({ summary: 'The lineage graph around a mandate' })
  @Allow('mandate:read', { mandate: 'id' })
  @ApiOkResponse({ type: LineageResponse })
  @ApiNotFoundResponse()
  get(
    @Param('id', MandateIdPipe) id: string,
    @Query() query: LineageQuery,
    @Scope() scope: ReadScope,
  ): Promise<LineageResponse> {
    return this.lineage.lineage(id, query.depth, scope);
  }
}

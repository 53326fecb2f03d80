import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiPropertyOptional, ApiTags, ApiOperation } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { Allow, Scope } from '../auth/decorators';
import type { ReadScope } from '../auth/policy';
import { MandateIdPipe } from '../mandates/mandate-id.pipe';
import { LineageResponse } from './lineage.response';
import { MandateLineage } from './mandate-lineage';

export class LineageQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: 5, default: 2, description: 'How many links away to follow' })
  @IsOptional()
  @Type(() => Number)
  @IsInt({ message: 'depth must be a whole number from 1 to 5' })
  @Min(1)
  @Max(5)
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

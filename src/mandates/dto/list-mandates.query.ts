import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsOptional, Max, Min } from 'class-validator';
import {
  MANDATE_STATUSES,
  type MandateStatus,
  RESOLUTION_BODIES,
  type ResolutionBody,
} from '../../../workflows/mandate/lifecycle';
import { OneOf, Text } from './field-decorators';

export class ListMandatesQuery {
  @OneOf(MANDATE_STATUSES, { optional: true })
  status?: MandateStatus;

  @OneOf(RESOLUTION_BODIES, { optional: true })
  body?: ResolutionBody;

  @Text(200, { optional: true, example: 'Department of Public Security' })
  dependency?: string;

  @ApiPropertyOptional({ description: 'true: only mandates whose report is past due; false: only the others' })
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  limit = 20;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  offset = 0;
}

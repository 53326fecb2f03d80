import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import { PageQuery } from '../../common/page.query';
import {
  MANDATE_STATUSES,
  type MandateStatus,
  RESOLUTION_BODIES,
  type ResolutionBody,
} from '../../../workflows/mandate/lifecycle';
import { OneOf, Text } from './field-decorators';

export class ListMandatesQuery extends PageQuery {
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
}

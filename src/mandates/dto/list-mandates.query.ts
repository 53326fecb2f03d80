import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsOptional } from 'class-validator';
import {
  CONFIDENCE_LEVELS,
  type ConfidenceLevel,
  MANDATE_STATUSES,
  type MandateStatus,
  RESOLUTION_BODIES,
  type ResolutionBody,
} from '../../../workflows/mandate/lifecycle';
import { MAX_LENGTH } from '../../../workflows/mandate/fields';
import { MANDATE_SORTS, type MandateSort } from '../mandate-search';
import { DependencyId, IsoDate, OneOf, PageCursor, QueryInteger, Text } from './field-decorators';

const toBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);

/** The filters of the register: what a list, a count and an export share. */
export class MandateFilterQuery {
  @Text(200, {
    optional: true,
    multiline: false,
    example: 'pandillas',
    description:
      'Free text over symbol, title, text and follow-up summaries, English and Spanish, accents ignored; ' +
      '"quoted phrases", or, -excluded words',
  })
  q?: string;

  @OneOf(MANDATE_STATUSES, { optional: true })
  status?: MandateStatus;

  @OneOf(RESOLUTION_BODIES, { optional: true })
  body?: ResolutionBody;

  @Text(MAX_LENGTH.dependency, {
    optional: true,
    multiline: false,
    example: 'Department of Public Security',
    description: "The assigned dependency's name",
  })
  dependency?: string;

  @DependencyId({ optional: true, example: 'DPS', description: "The assigned dependency's code" })
  dependencyId?: string;

  @Text(MAX_LENGTH.officer, { optional: true, multiline: false, example: 'maria.gonzalez' })
  officer?: string;

  @Text(MAX_LENGTH.area, { optional: true, multiline: false, example: 'prevention of crime and violence' })
  area?: string;

  @Text(MAX_LENGTH.resolutionSymbol, {
    optional: true,
    multiline: false,
    example: 'AG/RES. 2461 (XXXIX-O/09)',
    description: 'The resolution or declaration symbol, exactly',
  })
  resolution?: string;

  @IsoDate({
    optional: true,
    description: 'Adopted on or after; a mandate whose date is unknown counts by the year of its symbol',
  })
  adoptedFrom?: string;

  @IsoDate({ optional: true, description: 'Adopted on or before (same rule)' })
  adoptedTo?: string;

  @QueryInteger(0, 3650, { description: 'Report due between today and N days from now' })
  dueWithin?: number;

  @ApiPropertyOptional({ description: 'true: only mandates whose report is past due; false: only the others' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean({ message: 'overdue must be true or false' })
  overdue?: boolean;

  @OneOf(CONFIDENCE_LEVELS, { optional: true })
  confidence?: ConfidenceLevel;
}

export class ListMandatesQuery extends MandateFilterQuery {
  @OneOf(MANDATE_SORTS, {
    optional: true,
    description:
      'adopted, due, updated, symbol (ascending) or with a leading - (descending); relevance with q. ' +
      'Default: relevance with q, else -adopted',
  })
  sort?: MandateSort;

  @QueryInteger(1, 100, { description: 'How many items, 1 to 100 (default 20)' })
  limit = 20;

  @PageCursor({
    description:
      "The previous page's nextCursor, as it was returned, with the same sort: a cursor is opaque, and one this API " +
      'did not write is refused (400)',
  })
  cursor?: string;
}

import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, Max, Min, ValidateBy, ValidateIf } from 'class-validator';
import { dateProblem } from '../../../workflows/mandate/fields';
import type { ReportingSchedule } from '../../../workflows/mandate/deadlines';
import { Discriminated } from '../../common/schema-rules';
import { DUE_DATE_SCHEMA, IsoDate, OneOf } from './field-decorators';

const KINDS = ['once', 'every_months', 'sessions'] as const;
type ScheduleKind = (typeof KINDS)[number];

/** A field of one kind of schedule: required with that kind, refused with the others (not silently dropped). */
function OfKind(kind: ScheduleKind) {
  return applyDecorators(
    ValidateIf((s: ReportingScheduleDto, value: unknown) => s.kind === kind || value !== undefined),
    ValidateBy({
      name: 'ofKind',
      validator: {
        validate: (_: unknown, args) => (args?.object as ReportingScheduleDto).kind === kind,
        defaultMessage: () => `$property is only given with kind ${kind}`,
      },
    }),
  );
}

/** When reports are due: `once` (dueOn), `every_months` (months, firstDueOn) or `sessions` (sessionDates). */
@Discriminated('kind', [
  { values: ['once'], required: ['dueOn'] },
  { values: ['every_months'], required: ['months', 'firstDueOn'] },
  { values: ['sessions'], required: ['sessionDates'] },
])
export class ReportingScheduleDto {
  @OneOf(KINDS, { example: 'every_months' })
  kind!: ScheduleKind;

  @OfKind('once')
  @IsoDate({ conditional: true, due: true, description: 'With kind once' })
  dueOn?: string;

  @OfKind('every_months')
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 60, example: 12, description: 'With kind every_months' })
  @IsInt()
  @Min(1)
  @Max(60)
  months?: number;

  @OfKind('every_months')
  @IsoDate({ conditional: true, due: true, example: '2027-03-01', description: 'With kind every_months' })
  firstDueOn?: string;

  @OfKind('sessions')
  @ApiPropertyOptional({
    type: 'array',
    items: DUE_DATE_SCHEMA,
    minItems: 1,
    maxItems: 50,
    example: ['2027-06-21', '2028-06-19'],
    description: 'With kind sessions: the dates of the regular sessions the mandate reports to',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateBy(
    {
      name: 'isoDate',
      validator: {
        validate: (value: unknown) => dateProblem(value) === undefined,
        defaultMessage: () => 'each of $property must be a date in the form YYYY-MM-DD, between 1948 and 2099',
      },
    },
    { each: true },
  )
  sessionDates?: string[];
}

export function toReportingSchedule(dto: ReportingScheduleDto): ReportingSchedule {
  switch (dto.kind) {
    case 'once':
      return { kind: 'once', dueOn: dto.dueOn ?? '' };
    case 'every_months':
      return { kind: 'every_months', months: dto.months ?? 0, firstDueOn: dto.firstDueOn ?? '' };
    case 'sessions':
      return { kind: 'sessions', sessionDates: dto.sessionDates ?? [] };
  }
}

import { ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, Max, Min, ValidateBy, ValidateIf } from 'class-validator';
import { dateProblem } from '../../../workflows/mandate/fields';
import type { ReportingSchedule } from '../../../workflows/mandate/deadlines';
import { IsoDate, OneOf } from './field-decorators';

const KINDS = ['once', 'every_months', 'sessions'] as const;

/** When reports are due: `once` (dueOn), `every_months` (months, firstDueOn) or `sessions` (sessionDates). */
export class ReportingScheduleDto {
  @OneOf(KINDS, { example: 'every_months' })
  kind!: (typeof KINDS)[number];

  @ValidateIf((s: ReportingScheduleDto) => s.kind === 'once')
  @IsoDate({ conditional: true, description: 'With kind once' })
  dueOn?: string;

  @ValidateIf((s: ReportingScheduleDto) => s.kind === 'every_months')
  @ApiPropertyOptional({ minimum: 1, maximum: 60, example: 12, description: 'With kind every_months' })
  @IsInt()
  @Min(1)
  @Max(60)
  months?: number;

  @ValidateIf((s: ReportingScheduleDto) => s.kind === 'every_months')
  @IsoDate({ conditional: true, example: '2027-03-01', description: 'With kind every_months' })
  firstDueOn?: string;

  @ValidateIf((s: ReportingScheduleDto) => s.kind === 'sessions')
  @ApiPropertyOptional({
    type: [String],
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

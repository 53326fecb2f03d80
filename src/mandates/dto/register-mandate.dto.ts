import { ReportingScheduleDto } from './reporting-schedule.dto';
import {
  RESOLUTION_BODIES,
  RESOLUTION_SYMBOL_PATTERNS,
  type ResolutionBody,
} from '../../../workflows/mandate/lifecycle';
import { MAX_LENGTH } from '../../../workflows/mandate/fields';
import { Discriminated } from '../../common/schema-rules';
import { IsoDate, NestedObject, OneOf, Text } from './field-decorators';

/** The symbol must be one of the body's (checked by the lifecycle rules; stated here for the document). */
@Discriminated(
  'body',
  RESOLUTION_BODIES.map((body) => ({
    values: [body],
    properties: { resolutionSymbol: { pattern: RESOLUTION_SYMBOL_PATTERNS[body] } },
  })),
)
export class RegisterMandateDto {
  @OneOf(RESOLUTION_BODIES, { example: 'GENERAL_ASSEMBLY' })
  body!: ResolutionBody;

  @Text(MAX_LENGTH.resolutionSymbol, {
    multiline: false,
    example: 'AG/RES. 2866 (XLIV-O/14)',
    description: 'The resolution symbol, as the body adopted it: AG/RES. n (…-O/yy) or CP/RES. n (meeting/yy)',
  })
  resolutionSymbol!: string;

  @Text(MAX_LENGTH.paragraph, {
    multiline: false,
    example: '3',
    description: 'Operative paragraph, with its sub-paragraph if any (12.b)',
  })
  paragraph!: string;

  @IsoDate({ example: '2014-06-05', description: 'Not after today (409 adoption-in-future)' })
  adoptedOn!: string;

  @Text(MAX_LENGTH.title, { multiline: false, example: 'Advancing Hemispheric Security: A Multidimensional Approach' })
  title!: string;

  @Text(MAX_LENGTH.text, { description: 'The operative text, or a faithful paraphrase' })
  text!: string;

  @Text(MAX_LENGTH.area, { optional: true, multiline: false, example: 'prevention of crime and violence' })
  area?: string;

  @Text(MAX_LENGTH.reportingRequirement, {
    optional: true,
    example: 'Report to the General Assembly at its next regular session',
  })
  reportingRequirement?: string;

  @NestedObject(() => ReportingScheduleDto, {
    optional: true,
    description: 'When reports are due; reminders follow from it',
  })
  reportingSchedule?: ReportingScheduleDto;
}

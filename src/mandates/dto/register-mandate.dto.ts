import { applyDecorators } from '@nestjs/common';
import { ReportingScheduleDto } from './reporting-schedule.dto';
import {
  ADOPTION_DATE_BASES,
  type AdoptionDateBasis,
  CONFIDENCE_LEVELS,
  type ConfidenceLevel,
  RESOLUTION_BODIES,
  RESOLUTION_SYMBOL_PATTERNS,
  type ResolutionBody,
} from '../../../workflows/mandate/lifecycle';
import { REGISTRATION_FIELD_GROUPS } from '../../../workflows/mandate/command-checks';
import { MAX_LENGTH } from '../../../workflows/mandate/fields';
import { Discriminated, OneShapeOf } from '../../common/schema-rules';
import { DependencyId, IsoDate, Link, NestedObject, OneOf, Text, WholeNumber } from './field-decorators';

/**
 * The symbol must be one of the body's, and the fields that go together do (a paragraph or an ordinal; a basis only
 * with a date): checked by the lifecycle rules, stated here for the document from the same declarations.
 */
@Discriminated(
  'body',
  RESOLUTION_BODIES.map((body) => ({
    values: [body],
    properties: { resolutionSymbol: { pattern: RESOLUTION_SYMBOL_PATTERNS[body] } },
  })),
)
@applyDecorators(...REGISTRATION_FIELD_GROUPS.map((group) => OneShapeOf(group.shapes)))
export class RegisterMandateDto {
  @OneOf(RESOLUTION_BODIES, { example: 'GENERAL_ASSEMBLY' })
  body!: ResolutionBody;

  @Text(MAX_LENGTH.resolutionSymbol, {
    multiline: false,
    example: 'AG/RES. 2866 (XLIV-O/14)',
    description: 'The resolution or declaration symbol (AG/RES., AG/DEC., CP/RES., CP/DEC.), as the body adopted it',
  })
  resolutionSymbol!: string;

  @Text(MAX_LENGTH.paragraph, {
    optional: true,
    multiline: false,
    example: '3',
    description:
      'Operative paragraph, with its sub-paragraph if any (12.b); 4-5 for one mandate over consecutive paragraphs. ' +
      'Absent for an unnumbered paragraph: give its ordinal',
  })
  paragraph?: string;

  @Text(MAX_LENGTH.section, {
    optional: true,
    multiline: false,
    example: 'MISPA',
    description:
      'The section the paragraph is numbered in, when numbering restarts in each section; only with paragraph',
  })
  section?: string;

  @WholeNumber(1, 999, {
    optional: true,
    description:
      "An unnumbered paragraph's place among the resolution's unnumbered mandates (1, 2, …): part of its id; " +
      'only without paragraph',
  })
  ordinal?: number;

  @Text(MAX_LENGTH.paragraphLabel, {
    optional: true,
    multiline: false,
    example: '4 and 5',
    description: 'The paragraph as the source words it, kept verbatim',
  })
  paragraphLabel?: string;

  @IsoDate({
    optional: true,
    example: '2014-06-05',
    description:
      "Absent when unknown: the symbol's /yy gives the year; must be in that year, and not after today " +
      '(409 adoption-in-future)',
  })
  adoptedOn?: string;

  @OneOf(ADOPTION_DATE_BASES, {
    optional: true,
    description:
      'How adoptedOn is known: recorded (default), or derived from another resolution of the session; only with ' +
      'adoptedOn',
  })
  adoptedOnBasis?: AdoptionDateBasis;

  @Text(MAX_LENGTH.title, {
    optional: true,
    multiline: false,
    example: 'Advancing Hemispheric Security: A Multidimensional Approach',
  })
  title?: string;

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

  @Text(MAX_LENGTH.responsible, {
    optional: true,
    multiline: false,
    example: 'General Secretariat - Secretariat for Multidimensional Security / Department of Public Security',
    description: 'Who the resolution makes responsible, in its words (a proposal; the assignee is set by assigning)',
  })
  responsible?: string;

  @DependencyId({ optional: true, example: 'DPS', description: "The responsible dependency's code" })
  responsibleDependencyId?: string;

  @Link({ optional: true, description: 'Where the mandate was read' })
  sourceUrl?: string;

  @Text(MAX_LENGTH.sourceDocument, { optional: true, multiline: false, example: 'CP/CSH-701/05' })
  sourceDocument?: string;

  @Text(MAX_LENGTH.sourceNote, { optional: true, description: 'How the source was read, what it lacks' })
  sourceNote?: string;

  @OneOf(CONFIDENCE_LEVELS, {
    optional: true,
    description: 'high: operative text read; medium: rebuilt from another document; low: only the subject is known',
  })
  confidence?: ConfidenceLevel;
}

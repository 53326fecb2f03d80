import { ValidateIf } from 'class-validator';
import { MAX_LENGTH } from '../../../workflows/mandate/fields';
import { Discriminated } from '../../common/schema-rules';
import { ReportingScheduleDto } from './reporting-schedule.dto';
import {
  CLOSURE_OUTCOMES,
  type ClosureOutcome,
  FOLLOW_UP_KINDS,
  type FollowUpKind,
  LINK_RELATIONS,
  type LinkRelation,
  REVIEW_DECISIONS,
  type ReviewDecision,
} from '../../../workflows/mandate/lifecycle';
import { DependencyId, Email, IsoDate, Link, MandateId, NestedObject, OneOf, Text } from './field-decorators';

export class AssignMandateDto {
  @Text(MAX_LENGTH.dependency, { multiline: false, example: 'Department of Public Security' })
  dependency!: string;

  @DependencyId({ optional: true, example: 'DPS', description: "The dependency's code: what officers' access matches" })
  dependencyId?: string;

  @Text(MAX_LENGTH.officer, { multiline: false, example: 'maria.gonzalez' })
  officer!: string;

  @Email({ optional: true, description: "Where the officer's reminders go" })
  officerEmail?: string;

  @Text(MAX_LENGTH.reason, { optional: true })
  reason?: string;
}

export class ReassignMandateDto {
  @Text(MAX_LENGTH.dependency, { multiline: false, example: 'Department of Public Security' })
  dependency!: string;

  @DependencyId({ optional: true, example: 'DPS', description: "The dependency's code: what officers' access matches" })
  dependencyId?: string;

  @Text(MAX_LENGTH.officer, { multiline: false, example: 'juan.perez' })
  officer!: string;

  @Email({ optional: true, description: "Where the officer's reminders go" })
  officerEmail?: string;

  @Text(MAX_LENGTH.reason, { example: 'The previous officer moved to another department' })
  reason!: string;
}

export class RecordFollowUpDto {
  @OneOf(FOLLOW_UP_KINDS, { example: 'meeting' })
  kind!: FollowUpKind;

  @Text(MAX_LENGTH.followUpSummary, { example: 'Coordination meeting with the Committee on Hemispheric Security' })
  summary!: string;

  @IsoDate({
    example: '2026-03-02',
    description: 'When the action happened: from the adoption to today (409 otherwise)',
  })
  date!: string;

  @Link({ optional: true, example: 'https://scm.oas.org/doc_public/english/hist_26/cp12345.docx' })
  evidenceUrl?: string;
}

export class SubmitProgressReportDto {
  @IsoDate({ example: '2025-07-01' })
  periodFrom!: string;

  @IsoDate({ example: '2026-06-30' })
  periodTo!: string;

  @Text(MAX_LENGTH.reportSummary, { example: 'Progress on the implementation of the work plan' })
  summary!: string;

  @Link({ example: 'https://scm.oas.org/doc_public/english/hist_26/cp54321.docx' })
  documentUrl!: string;
}

@Discriminated('decision', [
  { values: ['accepted'], optional: ['comments'] },
  { values: ['returned'], required: ['comments'] },
])
export class ReviewProgressReportDto {
  @OneOf(REVIEW_DECISIONS, { example: 'accepted' })
  decision!: ReviewDecision;

  /** Required when the report is returned for revision. */
  @ValidateIf((dto: ReviewProgressReportDto) => dto.decision === 'returned' || dto.comments !== undefined)
  @Text(MAX_LENGTH.comments, { conditional: true, description: 'Required when the report is returned for revision' })
  comments?: string;
}

@Discriminated('outcome', [
  { values: ['superseded'], required: ['successorMandateId'] },
  { values: CLOSURE_OUTCOMES.filter((o) => o !== 'superseded') },
])
export class CloseMandateDto {
  @OneOf(CLOSURE_OUTCOMES, { example: 'fulfilled' })
  outcome!: ClosureOutcome;

  @Text(MAX_LENGTH.reason, { example: 'All activities mandated were carried out and reported' })
  reason!: string;

  @ValidateIf((dto: CloseMandateDto) => dto.outcome === 'superseded' || dto.successorMandateId !== undefined)
  @MandateId({ conditional: true, description: 'The registered mandate that replaces it; only when superseded' })
  successorMandateId?: string;

  @Text(MAX_LENGTH.finalReportReference, { optional: true, multiline: false, example: 'CP/doc.5800/26' })
  finalReportReference?: string;
}

export class SetReportingScheduleDto {
  @NestedObject(() => ReportingScheduleDto)
  schedule!: ReportingScheduleDto;

  @Text(MAX_LENGTH.reason, { example: 'AG/RES. 3001 (LIV-O/24) asks for annual reports' })
  reason!: string;
}

export class ExtendDeadlineDto {
  @IsoDate({ due: true, example: '2027-07-15', description: 'The new due date of the report now due, later than it' })
  newDueOn!: string;

  @Text(MAX_LENGTH.reason, { example: 'The Permanent Council postponed its consideration of the topic' })
  reason!: string;
}

export class LinkMandateDto {
  @OneOf(LINK_RELATIONS, {
    example: 'renews',
    description: 'How this mandate relates to the other one, seen from this one (the other records the inverse)',
  })
  relation!: LinkRelation;

  @MandateId({ example: 'ag-res-2880-xlvi-o-16-p5', description: 'A registered mandate (409 otherwise)' })
  otherMandateId!: string;

  @Text(MAX_LENGTH.reason, { example: 'AG/RES. 2880 (XLVI-O/16) renews the mandate' })
  reason!: string;
}

import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ADOPTION_DATE_BASES,
  CLOSURE_OUTCOMES,
  CONFIDENCE_LEVELS,
  FOLLOW_UP_KINDS,
  LINK_RELATIONS,
  MANDATE_STATUSES,
  RESOLUTION_BODIES,
} from '../../../workflows/mandate/lifecycle';

export class AssigneeResponse {
  @ApiProperty() dependency!: string;
  @ApiPropertyOptional({ example: 'DPS' }) dependencyId?: string;
  @ApiProperty() officer!: string;
}

export class FollowUpResponse {
  @ApiProperty({ example: 'F1' }) actionId!: string;
  @ApiProperty({ enum: FOLLOW_UP_KINDS }) kind!: string;
  @ApiProperty() summary!: string;
  @ApiProperty({ format: 'date' }) date!: string;
  @ApiPropertyOptional() evidenceUrl?: string;
}

export class ProgressReportResponse {
  @ApiProperty({ example: 'R1' }) reportId!: string;
  @ApiProperty({ format: 'date' }) periodFrom!: string;
  @ApiProperty({ format: 'date' }) periodTo!: string;
  @ApiProperty() summary!: string;
  @ApiProperty() documentUrl!: string;
  @ApiProperty({ format: 'date-time' }) submittedAt!: string;
  @ApiProperty({ enum: ['under_review', 'accepted', 'returned'] }) status!: string;
  @ApiPropertyOptional({ format: 'date-time' }) reviewedAt?: string;
  @ApiPropertyOptional() comments?: string;
}

export class ClosureResponse {
  @ApiProperty({ enum: CLOSURE_OUTCOMES }) outcome!: string;
  @ApiProperty() reason!: string;
  @ApiPropertyOptional() successorMandateId?: string;
  @ApiPropertyOptional() finalReportReference?: string;
  @ApiProperty({ format: 'date-time' }) closedAt!: string;
}

export class ReportingResponse {
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'kind once, every_months or sessions' })
  schedule!: Record<string, unknown>;
  @ApiPropertyOptional({ description: 'The running cycle, from 0' }) cycle?: number;
  @ApiPropertyOptional({ format: 'date', description: 'Due date of the report now due, extensions included' })
  nextDueOn?: string;
  @ApiProperty() overdue!: boolean;
}

export class NotificationResponse {
  @ApiProperty() key!: string;
  @ApiProperty({ enum: ['reminder', 'escalation'] }) kind!: string;
  @ApiProperty({ format: 'date' }) dueOn!: string;
  @ApiProperty({ description: 'Days before (reminder) or after (escalation) the due date' }) days!: number;
  @ApiProperty({ enum: ['officer', 'dependency_head', 'secretary'] }) to!: string;
  @ApiProperty({ format: 'date-time' }) scheduledFor!: string;
  @ApiProperty({ format: 'date-time' }) issuedAt!: string;
  @ApiProperty({ type: 'array', items: { type: 'object', additionalProperties: true } })
  deliveries!: { channel: string; address: string; sentAt: string }[];
}

export class LinkResponse {
  @ApiProperty({ example: 'ag-res-2866-xliv-o-14-p3#7', description: 'The same on both mandates' }) linkId!: string;
  @ApiProperty({ enum: LINK_RELATIONS, description: 'Seen from this mandate' }) relation!: string;
  @ApiProperty() otherMandateId!: string;
  @ApiProperty() reason!: string;
}

/** Where a mandate comes from: what a list and a mandate both show. */
export class MandateRecordResponse {
  @ApiProperty({ example: 'ag-res-2866-xliv-o-14-p3' }) id!: string;
  @ApiProperty({ enum: MANDATE_STATUSES }) status!: string;
  @ApiProperty({ enum: RESOLUTION_BODIES }) body!: string;
  @ApiProperty({ example: 'AG/RES. 2866 (XLIV-O/14)' }) resolutionSymbol!: string;
  @ApiPropertyOptional({ example: '3', description: 'Absent for an unnumbered paragraph' }) paragraph?: string;
  @ApiPropertyOptional({ example: 'MISPA' }) section?: string;
  @ApiPropertyOptional({ description: "An unnumbered paragraph's ordinal in the resolution" }) ordinal?: number;
  @ApiPropertyOptional({ example: '4 and 5', description: 'The source wording, verbatim' }) paragraphLabel?: string;
  @ApiProperty({ example: 'MISPA § 1', description: 'Where in the resolution, for people' })
  paragraphReference!: string;
  @ApiPropertyOptional({ format: 'date', description: 'Absent when unknown' }) adoptedOn?: string;
  @ApiProperty({ example: 2014, description: "The adoption date's year, else the symbol's" }) adoptionYear!: number;
  @ApiPropertyOptional({ enum: ADOPTION_DATE_BASES, description: 'session: derived from the session' })
  adoptedOnBasis?: string;
  @ApiPropertyOptional({ description: 'Absent when the source does not show it' }) title?: string;
  @ApiPropertyOptional() area?: string;
  @ApiPropertyOptional({ description: 'Who the resolution makes responsible, in its words' }) responsible?: string;
  @ApiPropertyOptional({ example: 'DPS' }) responsibleDependencyId?: string;
  @ApiPropertyOptional() sourceUrl?: string;
  @ApiPropertyOptional() sourceDocument?: string;
  @ApiPropertyOptional({ enum: CONFIDENCE_LEVELS }) confidence?: string;
}

export class MandateResponse extends MandateRecordResponse {
  @ApiProperty() text!: string;
  @ApiPropertyOptional() sourceNote?: string;
  @ApiPropertyOptional() reportingRequirement?: string;
  @ApiPropertyOptional({ type: AssigneeResponse }) assignee?: AssigneeResponse;
  @ApiProperty({ type: [FollowUpResponse] }) followUps!: FollowUpResponse[];
  @ApiProperty({ type: [ProgressReportResponse] }) progressReports!: ProgressReportResponse[];
  @ApiPropertyOptional({ type: ClosureResponse }) closure?: ClosureResponse;
  @ApiPropertyOptional({ type: ReportingResponse }) reporting?: ReportingResponse;
  @ApiProperty({ type: [LinkResponse], description: 'Links to other mandates (renewal, supersession, merger, split)' })
  links!: LinkResponse[];
  @ApiProperty({ type: [NotificationResponse], description: 'Reminders and escalations issued, with their deliveries' })
  notifications!: NotificationResponse[];
  @ApiProperty({ description: 'Sequence number of the last event this state reflects' }) lastSequence!: number;
  @ApiProperty({ format: 'date-time' }) registeredAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class MandateEventResponse {
  @ApiProperty() sequence!: number;
  @ApiProperty({ example: 'MandateAssigned' }) type!: string;
  @ApiProperty({ description: "The token's subject (client:<id> for a machine client; system for the clock)" })
  actor!: string;
  @ApiPropertyOptional({ description: 'Their display name, from the token' }) actorName?: string;
  @ApiPropertyOptional({ description: 'The roles they acted under', example: ['secretariat'] }) actorRoles?: string[];
  @ApiProperty() requestId!: string;
  @ApiProperty({ format: 'date-time' }) recordedAt!: string;
  @ApiProperty({ type: 'object', additionalProperties: true }) data!: Record<string, unknown>;
}

export class CommandResponse {
  @ApiProperty({ type: MandateResponse }) mandate!: MandateResponse;
  @ApiProperty({ type: [MandateEventResponse], description: 'The events this command appended' })
  events!: MandateEventResponse[];
}

export class MandateSummaryResponse extends MandateRecordResponse {
  @ApiPropertyOptional() dependency?: string;
  @ApiPropertyOptional({ example: 'DPS' }) dependencyId?: string;
  @ApiPropertyOptional() officer?: string;
  @ApiPropertyOptional({ enum: CLOSURE_OUTCOMES }) closureOutcome?: string;
  @ApiPropertyOptional({ format: 'date' }) nextDueOn?: string;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() lastSequence!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class MandatePageResponse {
  @ApiProperty({ type: [MandateSummaryResponse] }) items!: MandateSummaryResponse[];
  @ApiProperty() limit!: number;
  @ApiPropertyOptional({ description: 'Pass as cursor for the next page; absent on the last page' })
  nextCursor?: string;
  @ApiPropertyOptional({
    description: 'First page only: how many mandates match; counted up to 1,000, estimated beyond (totalExact false)',
  })
  total?: number;
  @ApiPropertyOptional() totalExact?: boolean;
}

export class MandateCountResponse {
  @ApiProperty({ description: 'How many mandates match the filters, counted' }) total!: number;
}

import type { Schemas } from '../../api/client';

// The API's vocabularies (workflows/mandate/lifecycle.ts), for filters and forms; `satisfies` holds each value to
// the generated OpenAPI types, so a renamed value fails the type check.
type Summary = Schemas['MandateSummaryResponse'];

export const MANDATE_STATUSES = [
  'registered',
  'assigned',
  'in_follow_up',
  'report_under_review',
  'closed',
] as const satisfies readonly Summary['status'][];
export const RESOLUTION_BODIES = [
  'GENERAL_ASSEMBLY',
  'PERMANENT_COUNCIL',
] as const satisfies readonly Summary['body'][];
export const SORTS = ['-adopted', 'adopted', 'due', '-due', '-updated', 'symbol', 'relevance'] as const;
export const FOLLOW_UP_KINDS: Schemas['FollowUpResponse']['kind'][] = [
  'meeting',
  'coordination',
  'technical_assistance',
  'funds_raised',
  'event',
  'publication',
  'other',
];
export const CLOSURE_OUTCOMES: Schemas['ClosureResponse']['outcome'][] = [
  'fulfilled',
  'superseded',
  'discontinued',
  'duplicate',
  'non_mandate',
  'procedural',
];
export const REVIEW_DECISIONS: Schemas['ReviewProgressReportDto']['decision'][] = ['accepted', 'returned'];

/** The API's vocabularies (workflows/mandate/lifecycle.ts), for filters and forms. */
export const MANDATE_STATUSES = ['registered', 'assigned', 'in_follow_up', 'report_under_review', 'closed'] as const;
export const RESOLUTION_BODIES = ['GENERAL_ASSEMBLY', 'PERMANENT_COUNCIL'] as const;
export const SORTS = ['-adopted', 'adopted', 'due', '-due', '-updated', 'symbol', 'relevance'] as const;
export const FOLLOW_UP_KINDS = [
  'meeting',
  'coordination',
  'technical_assistance',
  'funds_raised',
  'event',
  'publication',
  'other',
];
export const CLOSURE_OUTCOMES = ['fulfilled', 'superseded', 'discontinued', 'duplicate', 'non_mandate', 'procedural'];
export const REVIEW_DECISIONS = ['accepted', 'returned'];

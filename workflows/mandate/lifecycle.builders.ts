/**
 * Test data builders for the mandate decider (lifecycle.ts): registrations with realistic OAS data, the commands
 * a caller sends, the events the decider records, and event histories that put a mandate in each status.
 * Pure code like the decider itself: no Node, no clock; every timestamp is a fixed literal.
 */
import { DEFAULT_NOTIFICATION_POLICY } from './deadlines';
import {
  mandateIdFor,
  mandateIdOf,
  type Assignee,
  type ClosureOutcome,
  type FollowUpKind,
  type MandateCommand,
  type MandateEvent,
  type Registration,
} from './lifecycle';

/** The instant every spec decides at: no spec reads the clock. */
export const NOW = new Date('2026-03-15T12:00:00Z');
/** `NOW` as the decider stamps it on events (`submittedAt`, `reviewedAt`, `closedAt`). */
export const NOW_ISO = NOW.toISOString();
/** `NOW` as a calendar day, the latest day a follow-up or an adoption may carry. */
export const TODAY = '2026-03-15';
export const TOMORROW = '2026-03-16';

type CommandOfType<T extends MandateCommand['type']> = Extract<MandateCommand, { type: T }>;
type EventOfType<T extends MandateEvent['type']> = Extract<MandateEvent, { type: T }>;

// ---------------------------------------------------------------------------------------------------------------
// Registrations

/** A General Assembly mandate: AG/RES. 2866 (XLIV-O/14), operative paragraph 3, adopted in Asunción. */
export function aRegistration(overrides: Partial<Registration> = {}): Registration {
  return {
    body: 'GENERAL_ASSEMBLY',
    resolutionSymbol: 'AG/RES. 2866 (XLIV-O/14)',
    paragraph: '3',
    adoptedOn: '2014-06-05',
    title: 'Strengthening of the Inter-American Program for Sustainable Development',
    text:
      'To instruct the General Secretariat, through the Executive Secretariat for Integral Development, ' +
      'to support member states in implementing the program.',
    area: 'Integral development',
    reportingRequirement: 'annually to the Permanent Council',
    ...overrides,
  };
}

/** A Permanent Council mandate: CP/RES. 1162 (2307/20), operative paragraph 2. */
export function aPermanentCouncilRegistration(overrides: Partial<Registration> = {}): Registration {
  return {
    body: 'PERMANENT_COUNCIL',
    resolutionSymbol: 'CP/RES. 1162 (2307/20)',
    paragraph: '2',
    adoptedOn: '2020-12-02',
    title: 'The OAS response to the COVID-19 pandemic',
    text: 'To request the General Secretariat to coordinate the hemispheric response with PAHO.',
    ...overrides,
  };
}

/** The id the decider derives for `aRegistration()`. */
export const MANDATE_ID = mandateIdFor('AG/RES. 2866 (XLIV-O/14)', '3');
/** The id of another registered mandate, the successor in supersession specs. */
export const SUCCESSOR_MANDATE_ID = mandateIdFor('AG/RES. 2998 (LIII-O/23)', '5');

// ---------------------------------------------------------------------------------------------------------------
// Assignees

export const SEDI_OFFICER: Assignee = { dependency: 'SEDI', officer: 'María Fernández' };
export const DDOT_OFFICER: Assignee = { dependency: 'DDOT', officer: 'John Carter' };
/** The same dependency as `SEDI_OFFICER`, another officer. */
export const SEDI_OTHER_OFFICER: Assignee = { dependency: 'SEDI', officer: 'Ana Rodríguez' };
/** The same officer as `SEDI_OFFICER`, moved to another dependency. */
export const SEDI_OFFICER_MOVED_TO_DDOT: Assignee = { dependency: 'DDOT', officer: 'María Fernández' };

// ---------------------------------------------------------------------------------------------------------------
// Commands

export function registerMandate(registration: Registration = aRegistration()): CommandOfType<'RegisterMandate'> {
  return { type: 'RegisterMandate', registration, notificationPolicy: DEFAULT_NOTIFICATION_POLICY };
}

export function assignMandate(assignee: Assignee = SEDI_OFFICER, reason?: string): CommandOfType<'AssignMandate'> {
  return reason === undefined ? { type: 'AssignMandate', assignee } : { type: 'AssignMandate', assignee, reason };
}

export function reassignMandate(
  assignee: Assignee = DDOT_OFFICER,
  reason = 'Program moved to the Department of Development Cooperation',
): CommandOfType<'ReassignMandate'> {
  return { type: 'ReassignMandate', assignee, reason };
}

export function recordFollowUp(
  overrides: Partial<Omit<CommandOfType<'RecordFollowUp'>, 'type'>> = {},
): CommandOfType<'RecordFollowUp'> {
  return {
    type: 'RecordFollowUp',
    kind: 'meeting',
    summary: 'Working meeting with the national focal points',
    date: '2025-10-20',
    evidenceUrl: 'https://www.oas.org/en/sedi/meetings/2025-10-20',
    ...overrides,
  };
}

export function submitProgressReport(
  overrides: Partial<Omit<CommandOfType<'SubmitProgressReport'>, 'type'>> = {},
): CommandOfType<'SubmitProgressReport'> {
  return {
    type: 'SubmitProgressReport',
    periodFrom: '2025-01-01',
    periodTo: '2025-12-31',
    summary: 'Annual report on the implementation of the program',
    documentUrl: 'https://scm.oas.org/doc_public/english/hist_26/cp00001e.docx',
    ...overrides,
  };
}

export function acceptReport(reportId = 'R1', comments?: string): CommandOfType<'ReviewProgressReport'> {
  return comments === undefined
    ? { type: 'ReviewProgressReport', reportId, decision: 'accepted' }
    : { type: 'ReviewProgressReport', reportId, decision: 'accepted', comments };
}

/** Returns a report; `{}` as the options sends no comments at all. */
export function returnReport(
  reportId = 'R1',
  options: { comments?: string } = { comments: 'Please add the figures on funds raised' },
): CommandOfType<'ReviewProgressReport'> {
  return options.comments === undefined
    ? { type: 'ReviewProgressReport', reportId, decision: 'returned' }
    : { type: 'ReviewProgressReport', reportId, decision: 'returned', comments: options.comments };
}

export function closeMandate(
  overrides: Partial<Omit<CommandOfType<'CloseMandate'>, 'type'>> = {},
): CommandOfType<'CloseMandate'> {
  return {
    type: 'CloseMandate',
    outcome: 'fulfilled',
    reason: 'The General Assembly took note of the final report',
    ...overrides,
  };
}

/** A `CloseMandate` that supersedes the mandate with `SUCCESSOR_MANDATE_ID`. */
export function supersedeMandate(successorMandateId = SUCCESSOR_MANDATE_ID): CommandOfType<'CloseMandate'> {
  return closeMandate({
    outcome: 'superseded',
    reason: 'Replaced by AG/RES. 2998 (LIII-O/23), paragraph 5',
    successorMandateId,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Events

export function mandateRegistered(registration: Registration = aRegistration()): EventOfType<'MandateRegistered'> {
  return {
    type: 'MandateRegistered',
    data: {
      mandateId: mandateIdOf(registration),
      registration,
      notificationPolicy: DEFAULT_NOTIFICATION_POLICY,
    },
  };
}

export function mandateAssigned(assignee: Assignee = SEDI_OFFICER, reason?: string): EventOfType<'MandateAssigned'> {
  return { type: 'MandateAssigned', data: { ...assignee, reason } };
}

export function mandateReassigned(
  from: Assignee = SEDI_OFFICER,
  to: Assignee = DDOT_OFFICER,
  reason = 'Program moved to the Department of Development Cooperation',
): EventOfType<'MandateReassigned'> {
  return { type: 'MandateReassigned', data: { from, to, reason } };
}

export function followUpRecorded(
  actionId = 'F1',
  overrides: { kind?: FollowUpKind; summary?: string; date?: string; evidenceUrl?: string } = {},
): EventOfType<'FollowUpRecorded'> {
  return {
    type: 'FollowUpRecorded',
    data: {
      actionId,
      kind: 'meeting',
      summary: 'Working meeting with the national focal points',
      date: '2025-10-20',
      evidenceUrl: 'https://www.oas.org/en/sedi/meetings/2025-10-20',
      ...overrides,
    },
  };
}

export function progressReportSubmitted(
  reportId = 'R1',
  overrides: Partial<Omit<EventOfType<'ProgressReportSubmitted'>['data'], 'reportId'>> = {},
): EventOfType<'ProgressReportSubmitted'> {
  return {
    type: 'ProgressReportSubmitted',
    data: {
      reportId,
      periodFrom: '2025-01-01',
      periodTo: '2025-12-31',
      summary: 'Annual report on the implementation of the program',
      documentUrl: 'https://scm.oas.org/doc_public/english/hist_26/cp00001e.docx',
      submittedAt: '2026-01-20T14:00:00.000Z',
      ...overrides,
    },
  };
}

export function progressReportAccepted(
  reportId = 'R1',
  comments?: string,
  reviewedAt = '2026-02-10T16:30:00.000Z',
): EventOfType<'ProgressReportAccepted'> {
  return { type: 'ProgressReportAccepted', data: { reportId, comments, reviewedAt } };
}

export function progressReportReturned(
  reportId = 'R1',
  comments = 'Please add the figures on funds raised',
  reviewedAt = '2026-02-10T16:30:00.000Z',
): EventOfType<'ProgressReportReturned'> {
  return { type: 'ProgressReportReturned', data: { reportId, comments, reviewedAt } };
}

export function mandateClosed(
  outcome: ClosureOutcome = 'fulfilled',
  overrides: { reason?: string; successorMandateId?: string; finalReportReference?: string; closedAt?: string } = {},
): EventOfType<'MandateClosed'> {
  return {
    type: 'MandateClosed',
    data: {
      outcome,
      reason: 'The General Assembly took note of the final report',
      closedAt: '2026-03-01T10:00:00.000Z',
      ...overrides,
    },
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Histories: the events that put a mandate in a given status. Each returns a fresh array.

/** status `registered`: registered, nobody assigned. */
export function registeredMandate(registration: Registration = aRegistration()): MandateEvent[] {
  return [mandateRegistered(registration)];
}

/** status `assigned`: assigned to `SEDI_OFFICER`, nothing done yet. */
export function assignedMandate(registration: Registration = aRegistration()): MandateEvent[] {
  return [...registeredMandate(registration), mandateAssigned()];
}

/** status `in_follow_up`: assigned, one follow-up action (F1) recorded. */
export function mandateInFollowUp(registration: Registration = aRegistration()): MandateEvent[] {
  return [...assignedMandate(registration), followUpRecorded('F1')];
}

/** status `report_under_review`: assigned, one follow-up (F1), report R1 submitted and not yet reviewed. */
export function mandateWithReportUnderReview(registration: Registration = aRegistration()): MandateEvent[] {
  return [...mandateInFollowUp(registration), progressReportSubmitted('R1')];
}

/** status `report_under_review` with no follow-up before the report: assigned, then R1 submitted. */
export function mandateWithFirstReportUnderReview(registration: Registration = aRegistration()): MandateEvent[] {
  return [...assignedMandate(registration), progressReportSubmitted('R1')];
}

/** status `in_follow_up`: R1 accepted. */
export function mandateWithAcceptedReport(registration: Registration = aRegistration()): MandateEvent[] {
  return [...mandateWithReportUnderReview(registration), progressReportAccepted('R1')];
}

/** status `in_follow_up`: R1 returned for corrections. */
export function mandateWithReturnedReport(registration: Registration = aRegistration()): MandateEvent[] {
  return [...mandateWithReportUnderReview(registration), progressReportReturned('R1')];
}

/** status `closed`: worked on, R1 accepted, then closed with `outcome`. */
export function closedMandate(
  outcome: ClosureOutcome = 'fulfilled',
  registration: Registration = aRegistration(),
): MandateEvent[] {
  return [...mandateWithAcceptedReport(registration), mandateClosed(outcome)];
}

/** status `closed`, never assigned: closed straight from `registered` (e.g. found not to be a mandate). */
export function closedUnassignedMandate(registration: Registration = aRegistration()): MandateEvent[] {
  return [...registeredMandate(registration), mandateClosed('non_mandate', { reason: 'Preambular in substance' })];
}

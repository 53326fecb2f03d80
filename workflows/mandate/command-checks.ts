/**
 * Field checks: what a well-formed command is, whatever the state. The workflow's update validators run them on
 * every command a client sends (the API's DTOs wrap the same checks from ./fields); the update handlers do not,
 * so that a stricter check never changes how an accepted command of an old history replays. Pure code.
 */

import {
  dateProblem,
  dependencyIdProblem,
  emailProblem,
  integerProblem,
  latestDueDate,
  mandateIdProblem,
  MAX_LENGTH,
  MAX_YEARS_AHEAD,
  oneOfProblem,
  type Problem,
  textProblem,
  urlProblem,
} from './fields';
import { type ReportingSchedule, SCHEDULE_KINDS } from './deadlines';
import {
  ADOPTION_DATE_BASES,
  type Assignee,
  CLOSURE_OUTCOMES,
  CONFIDENCE_LEVELS,
  decide,
  FOLLOW_UP_KINDS,
  InvalidMandateCommand,
  LINK_RELATIONS,
  type MandateCommand,
  type MandateEvent,
  type MandateState,
  type Registration,
  RESOLUTION_BODIES,
  type ResolutionBody,
  REVIEW_DECISIONS,
} from './lifecycle';
import { symbolMatchesBody, symbolYearDigits } from './resolution';

function isoDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

function check(field: string, problem: Problem): void {
  if (problem) throw new InvalidMandateCommand(field, problem.replace(/\$field/g, field));
}

function checkText(field: string, value: unknown, max: number, multiline = true): void {
  check(field, textProblem(value, max, multiline));
}

function checkOptionalText(field: string, value: unknown, max: number, multiline = true): void {
  if (value !== undefined) checkText(field, value, max, multiline);
}

/** A due date: a real date, and not further ahead than MAX_YEARS_AHEAD years. */
function checkDueDate(field: string, value: unknown, today: string): void {
  check(field, dateProblem(value));
  if ((value as string) > latestDueDate(today)) {
    throw new InvalidMandateCommand(field, `${field} must be at most ${MAX_YEARS_AHEAD} years ahead`);
  }
}

const MAX_SESSIONS = 50;

export function checkSchedule(schedule: ReportingSchedule, today: string, field = 'reportingSchedule'): void {
  switch (schedule.kind) {
    case 'once':
      return checkDueDate(`${field}.dueOn`, schedule.dueOn, today);
    case 'every_months':
      check(`${field}.months`, integerProblem(schedule.months, 1, 60));
      return checkDueDate(`${field}.firstDueOn`, schedule.firstDueOn, today);
    case 'sessions':
      if (!Array.isArray(schedule.sessionDates) || schedule.sessionDates.length === 0) {
        throw new InvalidMandateCommand(`${field}.sessionDates`, 'sessionDates must name at least one date');
      }
      if (schedule.sessionDates.length > MAX_SESSIONS) {
        throw new InvalidMandateCommand(`${field}.sessionDates`, `sessionDates takes at most ${MAX_SESSIONS} dates`);
      }
      return schedule.sessionDates.forEach((d) => checkDueDate(`${field}.sessionDates`, d, today));
    default:
      check(`${field}.kind`, oneOfProblem((schedule as { kind: unknown }).kind, SCHEDULE_KINDS));
  }
}

function checkAssignee(assignee: Assignee): void {
  checkText('dependency', assignee.dependency, MAX_LENGTH.dependency, false);
  if (assignee.dependencyId !== undefined) check('dependencyId', dependencyIdProblem(assignee.dependencyId));
  checkText('officer', assignee.officer, MAX_LENGTH.officer, false);
  if (assignee.officerEmail !== undefined) check('officerEmail', emailProblem(assignee.officerEmail));
}

const SYMBOL_FORMS: Record<ResolutionBody, string> = {
  GENERAL_ASSEMBLY: 'General Assembly (AG/RES. n (…-O/yy) or AG/DEC. n (…-O/yy))',
  PERMANENT_COUNCIL: 'Permanent Council (CP/RES. n (meeting/yy) or CP/DEC. n (meeting/yy))',
};

/** One shape of a group of fields that go together: what it requires, what it may also take. */
export interface FieldShape {
  required: readonly (keyof Registration)[];
  optional?: readonly (keyof Registration)[];
  /** When its fields are given, in words: "section is only given `with the paragraph numbered in it`". */
  givenWhen?: string;
}

/** A group of shapes: a registration takes the first whose required fields it has, and no field of the others. */
export interface FieldGroup {
  shapes: readonly FieldShape[];
  /** The refusal when it has the required fields of none. */
  missing?: { field: keyof Registration; message: string };
}

/**
 * The registration's fields that go together. checkRegistration holds a registration to them; the OpenAPI document
 * states them, one schema per combination of shapes, so that a client generating requests from it sends what is
 * accepted.
 */
export const REGISTRATION_FIELD_GROUPS: readonly FieldGroup[] = [
  {
    // A numbered paragraph (in a section, perhaps), or an unnumbered one with its ordinal: one of the two.
    shapes: [
      { required: ['paragraph'], optional: ['section'], givenWhen: 'with the paragraph numbered in it' },
      { required: ['ordinal'], givenWhen: 'for an unnumbered paragraph (no paragraph)' },
    ],
    missing: {
      field: 'paragraph',
      message: 'paragraph is required: the operative paragraph, or for an unnumbered one its ordinal in the resolution',
    },
  },
  {
    // How the date is known says nothing without the date.
    shapes: [{ required: ['adoptedOn'], optional: ['adoptedOnBasis'], givenWhen: 'with adoptedOn' }, { required: [] }],
  },
];

function checkFieldGroup(r: Registration, group: FieldGroup): void {
  const given = (field: keyof Registration) => r[field] !== undefined;
  const shape = group.shapes.find((s) => s.required.every(given));
  if (!shape) {
    const field = group.missing?.field ?? group.shapes[0].required[0];
    throw new InvalidMandateCommand(field, group.missing?.message ?? `${field} is required`);
  }
  for (const other of group.shapes) {
    if (other === shape) continue;
    const stray = [...other.required, ...(other.optional ?? [])].find(
      (field) => given(field) && !shape.required.includes(field) && !shape.optional?.includes(field),
    );
    if (stray) throw new InvalidMandateCommand(stray, `${stray} is only given ${other.givenWhen}`);
  }
}

function checkRegistration(r: Registration, today: string): void {
  check('body', oneOfProblem(r.body, RESOLUTION_BODIES));
  checkText('resolutionSymbol', r.resolutionSymbol, MAX_LENGTH.resolutionSymbol, false);
  REGISTRATION_FIELD_GROUPS.forEach((group) => checkFieldGroup(r, group));
  if (r.paragraph !== undefined) checkText('paragraph', r.paragraph, MAX_LENGTH.paragraph, false);
  else check('ordinal', integerProblem(r.ordinal, 1, 999));
  checkOptionalText('section', r.section, MAX_LENGTH.section, false);
  checkOptionalText('paragraphLabel', r.paragraphLabel, MAX_LENGTH.paragraphLabel, false);
  if (r.adoptedOn !== undefined) check('adoptedOn', dateProblem(r.adoptedOn));
  if (r.adoptedOnBasis !== undefined) check('adoptedOnBasis', oneOfProblem(r.adoptedOnBasis, ADOPTION_DATE_BASES));
  checkOptionalText('title', r.title, MAX_LENGTH.title, false);
  checkText('text', r.text, MAX_LENGTH.text);
  checkOptionalText('area', r.area, MAX_LENGTH.area, false);
  checkOptionalText('reportingRequirement', r.reportingRequirement, MAX_LENGTH.reportingRequirement);
  checkOptionalText('responsible', r.responsible, MAX_LENGTH.responsible, false);
  if (r.responsibleDependencyId !== undefined) {
    check('responsibleDependencyId', dependencyIdProblem(r.responsibleDependencyId));
  }
  if (r.sourceUrl !== undefined) check('sourceUrl', urlProblem(r.sourceUrl));
  checkOptionalText('sourceDocument', r.sourceDocument, MAX_LENGTH.sourceDocument, false);
  checkOptionalText('sourceNote', r.sourceNote, MAX_LENGTH.sourceNote);
  if (r.confidence !== undefined) check('confidence', oneOfProblem(r.confidence, CONFIDENCE_LEVELS));
  if (!symbolMatchesBody(r.resolutionSymbol, r.body)) {
    throw new InvalidMandateCommand(
      'resolutionSymbol',
      `resolutionSymbol "${r.resolutionSymbol}" is not a ${SYMBOL_FORMS[r.body]} symbol`,
    );
  }
  // The symbol's /yy is the year of adoption: a date in another year is a typing error in one of the two.
  const yy = symbolYearDigits(r.resolutionSymbol);
  if (r.adoptedOn !== undefined && Number(r.adoptedOn.slice(2, 4)) !== yy) {
    throw new InvalidMandateCommand(
      'adoptedOn',
      `adoptedOn ${r.adoptedOn} is not in the year of ${r.resolutionSymbol} (/${String(yy).padStart(2, '0')})`,
    );
  }
  if (r.reportingSchedule) checkSchedule(r.reportingSchedule, today);
}

/** Every field of a command a caller sends, whatever the mandate's state: throws InvalidMandateCommand (400). */
export function checkCommand(command: MandateCommand, now: Date): void {
  const today = isoDay(now);
  switch (command.type) {
    case 'RegisterMandate':
      return checkRegistration(command.registration, today);
    case 'AssignMandate':
      checkAssignee(command.assignee);
      return checkOptionalText('reason', command.reason, MAX_LENGTH.reason);
    case 'ReassignMandate':
      checkAssignee(command.assignee);
      return checkText('reason', command.reason, MAX_LENGTH.reason);
    case 'RecordFollowUp':
      check('kind', oneOfProblem(command.kind, FOLLOW_UP_KINDS));
      checkText('summary', command.summary, MAX_LENGTH.followUpSummary);
      check('date', dateProblem(command.date));
      if (command.evidenceUrl !== undefined) check('evidenceUrl', urlProblem(command.evidenceUrl));
      return;
    case 'SubmitProgressReport':
      check('periodFrom', dateProblem(command.periodFrom));
      check('periodTo', dateProblem(command.periodTo));
      if (command.periodFrom > command.periodTo) {
        throw new InvalidMandateCommand('periodTo', 'periodTo must not be before periodFrom');
      }
      checkText('summary', command.summary, MAX_LENGTH.reportSummary);
      return check('documentUrl', urlProblem(command.documentUrl));
    case 'ReviewProgressReport':
      check('reportId', /^R[1-9]\d{0,5}$/.test(String(command.reportId)) ? undefined : '$field must be R1, R2, …');
      check('decision', oneOfProblem(command.decision, REVIEW_DECISIONS));
      if (command.decision === 'returned') return checkText('comments', command.comments, MAX_LENGTH.comments);
      return checkOptionalText('comments', command.comments, MAX_LENGTH.comments);
    case 'CloseMandate':
      check('outcome', oneOfProblem(command.outcome, CLOSURE_OUTCOMES));
      checkText('reason', command.reason, MAX_LENGTH.reason);
      checkOptionalText('finalReportReference', command.finalReportReference, MAX_LENGTH.finalReportReference, false);
      if (command.outcome === 'superseded') {
        return check('successorMandateId', mandateIdProblem(command.successorMandateId));
      }
      if (command.successorMandateId !== undefined) {
        throw new InvalidMandateCommand(
          'successorMandateId',
          'successorMandateId is only given when the outcome is superseded',
        );
      }
      return;
    case 'SetReportingSchedule':
      checkSchedule(command.schedule, today, 'schedule');
      return checkText('reason', command.reason, MAX_LENGTH.reason);
    case 'ExtendDeadline':
      checkDueDate('newDueOn', command.newDueOn, today);
      return checkText('reason', command.reason, MAX_LENGTH.reason);
    case 'LinkMandate':
      check('relation', oneOfProblem(command.relation, LINK_RELATIONS));
      check('otherMandateId', mandateIdProblem(command.otherMandateId));
      return checkText('reason', command.reason, MAX_LENGTH.reason);
    case 'RecordCounterpartLink':
      check('relation', oneOfProblem(command.link.relation, LINK_RELATIONS));
      check('otherMandateId', mandateIdProblem(command.link.otherMandateId));
      check(
        'linkId',
        /^[a-z0-9-]{1,200}#\d{1,9}$/.test(String(command.link.linkId)) ? undefined : '$field is not a link id',
      );
      return checkText('reason', command.link.reason, MAX_LENGTH.reason);
    case 'IssueDueNotifications':
    case 'RecordNotificationDelivery':
      // The workflow's own commands: never sent by a client.
      return;
  }
}

/** What a command sent by a caller gets: its fields checked, then the lifecycle rules decided. */
export function validate(state: MandateState, command: MandateCommand, now: Date): MandateEvent[] {
  checkCommand(command, now);
  return decide(state, command, now);
}

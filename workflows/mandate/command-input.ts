/**
 * The shape of what a Temporal client sends to a mandate workflow: an update's envelope (who, which request, the
 * command) or the workflow's input. Any client can send one, not only the API, so the workflow's update validators
 * parse it here first: a plain object with exactly the fields the command takes, each of the right type, and the
 * caller's metadata well-formed. Values are then checked by `checkCommand` and the state by `decide`
 * (./lifecycle): one set of rules for the API and the workflow. Pure code.
 */
import type { NotificationPolicy, ReportingSchedule } from './deadlines';
import {
  actorProblem,
  digestProblem,
  MAX_LENGTH,
  type Problem,
  requestIdProblem,
  roleProblem,
  textProblem,
} from './fields';
import { type Assignee, InvalidMandateCommand, type MandateCommand, type Registration } from './lifecycle';

/** Who asked for a command, and the request id that makes a retried request apply once. */
export interface CommandMeta {
  /** The verified subject who issued the command (or `system` for the mandate's own clock). */
  actor: string;
  requestId: string;
  /** A display name of the actor, recorded with the event. */
  actorName?: string;
  /** The roles the actor acted under. */
  roles?: string[];
  /** SHA-256 of the request's canonical body: the same request id with another body is refused. */
  digest?: string;
}

type Plain = Record<string, unknown>;

function fail(field: string, message: string): never {
  const name = field || 'command';
  throw new InvalidMandateCommand(name, message.replace(/\$field/g, name));
}

function check(field: string, problem: Problem): void {
  if (problem) fail(field, problem);
}

/** A plain JSON object with the required keys and no others than the optional ones. */
function object(value: unknown, field: string, required: readonly string[], optional: readonly string[] = []): Plain {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(field, '$field must be an object');
  const plain = value as Plain;
  for (const key of Object.keys(plain)) {
    if (!required.includes(key) && !optional.includes(key)) fail(join(field, key), '$field is not a known field');
  }
  for (const key of required) {
    if (plain[key] === undefined) fail(join(field, key), '$field is required');
  }
  return plain;
}

function join(parent: string, key: string): string {
  return parent ? `${parent}.${key}` : key;
}

/** Strings, numbers and booleans stay what they are; the value checks (checkCommand) say what is wrong with them. */
function string(value: unknown, field: string): string {
  if (typeof value !== 'string') fail(field, '$field must be a string');
  return value;
}

function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined ? undefined : string(value, field);
}

export function parseMeta(value: unknown, field = 'meta'): CommandMeta {
  const m = object(value, field, ['actor', 'requestId'], ['actorName', 'roles', 'digest']);
  check(join(field, 'actor'), actorProblem(m.actor));
  check(join(field, 'requestId'), requestIdProblem(m.requestId));
  const meta: CommandMeta = { actor: m.actor as string, requestId: m.requestId as string };
  if (m.actorName !== undefined) {
    check(join(field, 'actorName'), textProblem(m.actorName, MAX_LENGTH.actorName, false));
    meta.actorName = m.actorName as string;
  }
  if (m.roles !== undefined) {
    if (!Array.isArray(m.roles) || m.roles.length > 20) fail(join(field, 'roles'), '$field must be a list of roles');
    m.roles.forEach((r) => check(join(field, 'roles'), roleProblem(r)));
    meta.roles = [...(m.roles as string[])];
  }
  if (m.digest !== undefined) {
    check(join(field, 'digest'), digestProblem(m.digest));
    meta.digest = m.digest as string;
  }
  return meta;
}

function parseSchedule(value: unknown, field: string): ReportingSchedule {
  const kind = object(value, field, ['kind'], ['dueOn', 'months', 'firstDueOn', 'sessionDates']).kind;
  switch (kind) {
    case 'once': {
      const s = object(value, field, ['kind', 'dueOn']);
      return { kind, dueOn: string(s.dueOn, join(field, 'dueOn')) };
    }
    case 'every_months': {
      const s = object(value, field, ['kind', 'months', 'firstDueOn']);
      if (typeof s.months !== 'number') fail(join(field, 'months'), '$field must be a number');
      return { kind, months: s.months, firstDueOn: string(s.firstDueOn, join(field, 'firstDueOn')) };
    }
    case 'sessions': {
      const s = object(value, field, ['kind', 'sessionDates']);
      if (!Array.isArray(s.sessionDates)) fail(join(field, 'sessionDates'), '$field must be a list of dates');
      return { kind, sessionDates: s.sessionDates.map((d) => string(d, join(field, 'sessionDates'))) };
    }
    default:
      return fail(join(field, 'kind'), '$field must be one of: once, every_months, sessions');
  }
}

/** Optional text fields of a registration, each kept only when present. */
export const OPTIONAL_REGISTRATION_TEXT = [
  'paragraph',
  'section',
  'paragraphLabel',
  'adoptedOn',
  'adoptedOnBasis',
  'title',
  'area',
  'reportingRequirement',
  'responsible',
  'responsibleDependencyId',
  'sourceUrl',
  'sourceDocument',
  'sourceNote',
  'confidence',
] as const;

export function parseRegistration(value: unknown, field = 'registration'): Registration {
  const r = object(
    value,
    field,
    ['body', 'resolutionSymbol', 'text'],
    [...OPTIONAL_REGISTRATION_TEXT, 'ordinal', 'reportingSchedule'],
  );
  const at = (key: string) => join(field, key);
  const registration: Registration = {
    body: string(r.body, at('body')) as Registration['body'],
    resolutionSymbol: string(r.resolutionSymbol, at('resolutionSymbol')),
    text: string(r.text, at('text')),
  };
  const optional = registration as unknown as Record<string, unknown>;
  for (const key of OPTIONAL_REGISTRATION_TEXT) {
    const text = optionalString(r[key], at(key));
    if (text !== undefined) optional[key] = text;
  }
  if (r.ordinal !== undefined) {
    if (typeof r.ordinal !== 'number') fail(at('ordinal'), '$field must be a number');
    registration.ordinal = r.ordinal;
  }
  if (r.reportingSchedule !== undefined) {
    registration.reportingSchedule = parseSchedule(r.reportingSchedule, at('reportingSchedule'));
  }
  return registration;
}

export function parseNotificationPolicy(value: unknown, field = 'notificationPolicy'): NotificationPolicy {
  const p = object(value, field, ['reminderDaysBefore', 'escalation', 'timeUtc']);
  const days = (v: unknown, f: string) => {
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) > 999) fail(f, '$field must be days from 0 to 999');
    return v as number;
  };
  if (!Array.isArray(p.reminderDaysBefore) || p.reminderDaysBefore.length > 20) {
    fail(join(field, 'reminderDaysBefore'), '$field must be a list of days');
  }
  if (!Array.isArray(p.escalation) || p.escalation.length > 20) {
    fail(join(field, 'escalation'), '$field must be a list of steps');
  }
  const timeUtc = string(p.timeUtc, join(field, 'timeUtc'));
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(timeUtc)) fail(join(field, 'timeUtc'), '$field must be HH:MM');
  return {
    reminderDaysBefore: p.reminderDaysBefore.map((d) => days(d, join(field, 'reminderDaysBefore'))),
    escalation: p.escalation.map((step: unknown, i) => {
      const at = `${join(field, 'escalation')}[${i}]`;
      const s = object(step, at, ['daysAfter', 'to']);
      if (!['officer', 'dependency_head', 'secretary'].includes(s.to as string)) {
        fail(join(at, 'to'), '$field must be one of: officer, dependency_head, secretary');
      }
      return { daysAfter: days(s.daysAfter, join(at, 'daysAfter')), to: s.to as 'officer' };
    }),
    timeUtc,
  };
}

/** The command each update name carries, parsed from its `command` object (field names as the API's bodies). */
const COMMANDS: Record<string, (c: unknown) => MandateCommand> = {
  assign: (c) => {
    const a = object(c, '', ['assignee'], ['reason']);
    return { type: 'AssignMandate', assignee: assignee(a.assignee), reason: optionalString(a.reason, 'reason') };
  },
  reassign: (c) => {
    const a = object(c, '', ['assignee', 'reason']);
    return { type: 'ReassignMandate', assignee: assignee(a.assignee), reason: string(a.reason, 'reason') };
  },
  recordFollowUp: (c) => {
    const f = object(c, '', ['kind', 'summary', 'date'], ['evidenceUrl']);
    return {
      type: 'RecordFollowUp',
      kind: string(f.kind, 'kind') as 'meeting',
      summary: string(f.summary, 'summary'),
      date: string(f.date, 'date'),
      evidenceUrl: optionalString(f.evidenceUrl, 'evidenceUrl'),
    };
  },
  submitProgressReport: (c) => {
    const r = object(c, '', ['periodFrom', 'periodTo', 'summary', 'documentUrl']);
    return {
      type: 'SubmitProgressReport',
      periodFrom: string(r.periodFrom, 'periodFrom'),
      periodTo: string(r.periodTo, 'periodTo'),
      summary: string(r.summary, 'summary'),
      documentUrl: string(r.documentUrl, 'documentUrl'),
    };
  },
  reviewProgressReport: (c) => {
    const r = object(c, '', ['reportId', 'decision'], ['comments']);
    return {
      type: 'ReviewProgressReport',
      reportId: string(r.reportId, 'reportId'),
      decision: string(r.decision, 'decision') as 'accepted',
      comments: optionalString(r.comments, 'comments'),
    };
  },
  close: (c) => {
    const r = object(c, '', ['outcome', 'reason'], ['successorMandateId', 'finalReportReference']);
    return {
      type: 'CloseMandate',
      outcome: string(r.outcome, 'outcome') as 'fulfilled',
      reason: string(r.reason, 'reason'),
      successorMandateId: optionalString(r.successorMandateId, 'successorMandateId'),
      finalReportReference: optionalString(r.finalReportReference, 'finalReportReference'),
    };
  },
  setReportingSchedule: (c) => {
    const r = object(c, '', ['schedule', 'reason']);
    return {
      type: 'SetReportingSchedule',
      schedule: parseSchedule(r.schedule, 'schedule'),
      reason: string(r.reason, 'reason'),
    };
  },
  extendDeadline: (c) => {
    const r = object(c, '', ['newDueOn', 'reason']);
    return { type: 'ExtendDeadline', newDueOn: string(r.newDueOn, 'newDueOn'), reason: string(r.reason, 'reason') };
  },
  link: (c) => {
    const r = object(c, '', ['relation', 'otherMandateId', 'reason']);
    return {
      type: 'LinkMandate',
      relation: string(r.relation, 'relation') as 'renews',
      otherMandateId: string(r.otherMandateId, 'otherMandateId'),
      reason: string(r.reason, 'reason'),
    };
  },
  recordCounterpartLink: (c) => {
    const r = object(c, '', ['link']);
    const l = object(r.link, 'link', ['linkId', 'relation', 'otherMandateId', 'reason']);
    return {
      type: 'RecordCounterpartLink',
      link: {
        linkId: string(l.linkId, 'linkId'),
        relation: string(l.relation, 'relation') as 'renews',
        otherMandateId: string(l.otherMandateId, 'otherMandateId'),
        reason: string(l.reason, 'reason'),
      },
    };
  },
};

function assignee(value: unknown): Assignee {
  // The API's bodies name these fields at the top level; the update nests them in `assignee`.
  const a = object(value, 'assignee', ['dependency', 'officer'], ['dependencyId', 'officerEmail']);
  const dependencyId = optionalString(a.dependencyId, 'dependencyId');
  const officerEmail = optionalString(a.officerEmail, 'officerEmail');
  return {
    dependency: string(a.dependency, 'dependency'),
    ...(dependencyId !== undefined && { dependencyId }),
    officer: string(a.officer, 'officer'),
    ...(officerEmail !== undefined && { officerEmail }),
  };
}

export const COMMAND_UPDATE_NAMES = Object.keys(COMMANDS);

/** The `register` update's envelope: only who asks (the registration itself is the workflow's input). */
export function parseRegistrationEnvelope(value: unknown): { meta: CommandMeta } {
  return { meta: parseMeta(object(value, '', ['meta']).meta) };
}

/** An update's envelope `{ meta, command }`, parsed: throws InvalidMandateCommand naming the first bad field. */
export function parseEnvelope(updateName: string, value: unknown): { meta: CommandMeta; command: MandateCommand } {
  const parse = COMMANDS[updateName];
  if (!parse) fail('update', `$field ${updateName} is not a mandate command`);
  const envelope = object(value, '', ['meta', 'command']);
  return { meta: parseMeta(envelope.meta), command: parse(envelope.command) };
}

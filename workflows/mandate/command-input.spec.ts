import { parseEnvelope, parseRegistration } from './command-input';
import { InvalidMandateCommand } from './lifecycle';
import { aRegistration } from './lifecycle.builders';

const meta = { actor: 'secretariat.dps', requestId: 'r-1' };

function refusal(run: () => unknown): { field: string; message: string } {
  try {
    run();
  } catch (err) {
    if (err instanceof InvalidMandateCommand) return { field: err.field, message: err.message };
    throw err;
  }
  throw new Error('expected the input to be refused');
}

describe(parseEnvelope.name, () => {
  it('parses what the API sends into the command the decider takes', () => {
    expect(
      parseEnvelope('assign', {
        meta,
        command: { assignee: { dependency: 'DPS', officer: 'maria', officerEmail: 'maria@oas.org' } },
      }),
    ).toEqual({
      meta,
      command: {
        type: 'AssignMandate',
        assignee: { dependency: 'DPS', officer: 'maria', officerEmail: 'maria@oas.org' },
        reason: undefined,
      },
    });
  });

  it('keeps the optional metadata a verified caller adds', () => {
    const full = { ...meta, actorName: 'María González', roles: ['secretariat'], digest: 'a'.repeat(64) };
    expect(parseEnvelope('close', { meta: full, command: { outcome: 'fulfilled', reason: 'Done' } }).meta).toEqual(
      full,
    );
  });

  it.each([
    ['no meta', { command: { outcome: 'fulfilled', reason: 'Done' } }, 'meta'],
    ['meta that is not an object', { meta: 'x', command: {} }, 'meta'],
    ['no actor', { meta: { requestId: 'r' }, command: {} }, 'meta.actor'],
    ['an empty actor', { meta: { actor: '', requestId: 'r' }, command: {} }, 'meta.actor'],
    ['an actor that is not a string', { meta: { actor: 7, requestId: 'r' }, command: {} }, 'meta.actor'],
    ['no request id', { meta: { actor: 'a' }, command: {} }, 'meta.requestId'],
    ['a request id with spaces', { meta: { actor: 'a', requestId: 'a b' }, command: {} }, 'meta.requestId'],
    ['an unknown metadata field', { meta: { ...meta, admin: true }, command: {} }, 'meta.admin'],
    ['roles that are not a list', { meta: { ...meta, roles: 'admin' }, command: {} }, 'meta.roles'],
    ['a malformed digest', { meta: { ...meta, digest: 'abc' }, command: {} }, 'meta.digest'],
    ['an unknown top-level field', { meta, command: {}, extra: 1 }, 'extra'],
    ['no command', { meta }, 'command'],
  ])('refuses an envelope with %s', (_, envelope, field) => {
    expect(refusal(() => parseEnvelope('close', envelope)).field).toBe(field);
  });

  it.each([
    [
      'an unknown field inside assignee',
      'assign',
      { assignee: { dependency: 'D', officer: 'o', admin: true } },
      'assignee.admin',
    ],
    ['an assignee that is a string', 'assign', { assignee: 'maria' }, 'assignee'],
    ['a follow-up without a date', 'recordFollowUp', { kind: 'meeting', summary: 's' }, 'date'],
    ['a follow-up date that is a number', 'recordFollowUp', { kind: 'meeting', summary: 's', date: 20250101 }, 'date'],
    ['an unknown command field', 'extendDeadline', { newDueOn: '2027-01-01', reason: 'r', force: true }, 'force'],
    [
      'a schedule of an unknown kind',
      'setReportingSchedule',
      { schedule: { kind: 'weekly' }, reason: 'r' },
      'schedule.kind',
    ],
    [
      'a schedule with fields of another kind',
      'setReportingSchedule',
      { schedule: { kind: 'once', dueOn: '2027-01-01', months: 3 }, reason: 'r' },
      'schedule.months',
    ],
    [
      'session dates that are not a list',
      'setReportingSchedule',
      { schedule: { kind: 'sessions', sessionDates: '2027-01-01' }, reason: 'r' },
      'schedule.sessionDates',
    ],
  ])('refuses %s', (_, update, command, field) => {
    expect(refusal(() => parseEnvelope(update, { meta, command })).field).toBe(field);
  });

  it('refuses an update that is not a mandate command', () => {
    expect(refusal(() => parseEnvelope('terminate', { meta, command: {} }))).toEqual({
      field: 'update',
      message: 'update terminate is not a mandate command',
    });
  });
});

describe(parseRegistration.name, () => {
  it('takes a registration as the API sends it', () => {
    const registration = aRegistration({ reportingSchedule: { kind: 'once', dueOn: '2027-06-01' } });
    expect(parseRegistration(registration)).toEqual(registration);
  });

  it('refuses unknown and missing fields', () => {
    expect(refusal(() => parseRegistration({ ...aRegistration(), mandateId: 'x' })).field).toBe(
      'registration.mandateId',
    );
    const { text: _text, ...textless } = aRegistration();
    expect(refusal(() => parseRegistration(textless)).field).toBe('registration.text');
  });

  it('takes a record as sources give it: unnumbered, undated, untitled, with its source and confidence', () => {
    const { paragraph: _p, adoptedOn: _a, title: _t, ...rest } = aRegistration();
    const registration = {
      ...rest,
      ordinal: 2,
      responsible: 'Permanent Council / CSH',
      responsibleDependencyId: 'DPS',
      sourceUrl: 'http://www.oas.org/consejo/resolutions/res889.asp',
      sourceDocument: 'CP/CSH-701/05',
      sourceNote: 'Known from the preamble of CP/RES. 889.',
      confidence: 'medium',
    };
    expect(parseRegistration(registration)).toEqual(registration);
  });

  it('takes a paragraph in a section, with its label verbatim, and a date derived from the session', () => {
    const registration = aRegistration({
      paragraph: '1',
      section: 'MISPA',
      paragraphLabel: '1 (MISPA section; numbering restarts in each section)',
      adoptedOnBasis: 'session',
    });
    expect(parseRegistration(registration)).toEqual(registration);
  });

  it('refuses an ordinal that is not a number', () => {
    expect(refusal(() => parseRegistration({ ...aRegistration(), ordinal: '2' })).field).toBe('registration.ordinal');
  });
});

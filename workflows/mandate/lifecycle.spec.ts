import { DEFAULT_NOTIFICATION_POLICY } from './deadlines';
import {
  CLOSURE_OUTCOMES,
  FOLLOW_UP_KINDS,
  decide,
  evolve,
  fold,
  initialState,
  mandateIdFor,
  symbolMatchesBody,
  type MandateCommand,
  type MandateEvent,
  type MandateState,
  type MandateStatus,
  type ResolutionBody,
} from './lifecycle';
import {
  DDOT_OFFICER,
  MANDATE_ID,
  NOW,
  NOW_ISO,
  SEDI_OFFICER,
  SEDI_OFFICER_MOVED_TO_DDOT,
  SEDI_OTHER_OFFICER,
  SUCCESSOR_MANDATE_ID,
  TODAY,
  TOMORROW,
  aPermanentCouncilRegistration,
  aRegistration,
  acceptReport,
  assignMandate,
  assignedMandate,
  closeMandate,
  closedMandate,
  closedUnassignedMandate,
  followUpRecorded,
  mandateAssigned,
  mandateClosed,
  mandateInFollowUp,
  mandateReassigned,
  mandateRegistered,
  mandateWithAcceptedReport,
  mandateWithFirstReportUnderReview,
  mandateWithReportUnderReview,
  mandateWithReturnedReport,
  progressReportAccepted,
  progressReportReturned,
  progressReportSubmitted,
  reassignMandate,
  recordFollowUp,
  registerMandate,
  registeredMandate,
  returnReport,
  submitProgressReport,
  supersedeMandate,
} from './lifecycle.builders';
import { stateOf, thenInvalidField, thenRuleViolation, when } from './lifecycle.testing';

// ---------------------------------------------------------------------------------------------------------------
// given / when / then

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) {
      deepFreeze(child);
    }
  }
  return value;
}

const NO_EVENTS: MandateEvent[] = [];

// ---------------------------------------------------------------------------------------------------------------

describe(mandateIdFor.name, () => {
  it('slugs a General Assembly symbol and paragraph', () => {
    expect(mandateIdFor('AG/RES. 2866 (XLIV-O/14)', '3')).toBe('ag-res-2866-xliv-o-14-p3');
  });

  it('slugs a Permanent Council symbol with a revision', () => {
    expect(mandateIdFor('CP/RES. 889 (1503/05) rev. 2', '4')).toBe('cp-res-889-1503-05-rev-2-p4');
  });

  it('slugs a sub-paragraph', () => {
    expect(mandateIdFor('CP/RES. 1162 (2307/20)', '3 (a)')).toBe('cp-res-1162-2307-20-p3-a');
  });

  it('is deterministic: the same natural key always gives the same id', () => {
    expect(mandateIdFor('AG/RES. 2866 (XLIV-O/14)', '3')).toBe(mandateIdFor('AG/RES. 2866 (XLIV-O/14)', '3'));
  });

  it('gives different paragraphs of one resolution different ids', () => {
    expect(mandateIdFor('AG/RES. 2866 (XLIV-O/14)', '3')).not.toBe(mandateIdFor('AG/RES. 2866 (XLIV-O/14)', '4'));
  });

  it('gives the same paragraph of different resolutions different ids', () => {
    expect(mandateIdFor('AG/RES. 2866 (XLIV-O/14)', '3')).not.toBe(mandateIdFor('AG/RES. 2867 (XLIV-O/14)', '3'));
  });

  it('ignores punctuation and whitespace around the paragraph', () => {
    expect(mandateIdFor('AG/RES. 2866 (XLIV-O/14)', ' 3. ')).toBe('ag-res-2866-xliv-o-14-p3');
  });
});

describe(symbolMatchesBody.name, () => {
  it.each<[string, ResolutionBody]>([
    ['AG/RES. 2866 (XLIV-O/14)', 'GENERAL_ASSEMBLY'],
    ['AG/RES. 2998 (LIII-O/23)', 'GENERAL_ASSEMBLY'],
    ['AG/RES. 1 (XXXII-E/06)', 'GENERAL_ASSEMBLY'],
    ['AG/RES. 2998 (LIII-O/23) corr. 1', 'GENERAL_ASSEMBLY'],
    ['CP/RES. 1162 (2307/20)', 'PERMANENT_COUNCIL'],
    ['CP/RES. 889 (1503/05) rev. 2', 'PERMANENT_COUNCIL'],
    ['CP/RES. 889 (1503/05) rev. 2 corr. 1', 'PERMANENT_COUNCIL'],
  ])('accepts %s for %s', (symbol, body) => {
    expect(symbolMatchesBody(symbol, body)).toBe(true);
  });

  it.each<[string, ResolutionBody]>([
    ['CP/RES. 1162 (2307/20)', 'GENERAL_ASSEMBLY'],
    ['CP/RES. 889 (1503/05) rev. 2', 'GENERAL_ASSEMBLY'],
    ['AG/RES. 2866 (XLIV-O/14)', 'PERMANENT_COUNCIL'],
    ['AG/RES. 2866 (44-O/14)', 'GENERAL_ASSEMBLY'],
    ['AG/RES. 2866 (XLIV-X/14)', 'GENERAL_ASSEMBLY'],
    ['AG/RES. 2866 (XLIV-O/2014)', 'GENERAL_ASSEMBLY'],
    ['AG/RES.2866 (XLIV-O/14)', 'GENERAL_ASSEMBLY'],
    ['ag/res. 2866 (xliv-o/14)', 'GENERAL_ASSEMBLY'],
    [' AG/RES. 2866 (XLIV-O/14)', 'GENERAL_ASSEMBLY'],
    ['AG/RES. 2866 (XLIV-O/14) rev 1', 'GENERAL_ASSEMBLY'],
    ['CP/RES. 1162 (2307/2020)', 'PERMANENT_COUNCIL'],
    ['CP/RES. 1162 (XLIV-O/14)', 'PERMANENT_COUNCIL'],
    ['CP/RES. 1162 (2307/20) rev. 2 amended', 'PERMANENT_COUNCIL'],
    ['', 'PERMANENT_COUNCIL'],
  ])('rejects %j for %s', (symbol, body) => {
    expect(symbolMatchesBody(symbol, body)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe(decide.name, () => {
  describe('RegisterMandate', () => {
    it('given no events, registers a General Assembly mandate under the id derived from its natural key', () => {
      const registration = aRegistration();
      expect(when(NO_EVENTS, registerMandate(registration))).toEqual([
        {
          type: 'MandateRegistered',
          data: {
            mandateId: 'ag-res-2866-xliv-o-14-p3',
            registration,
            notificationPolicy: DEFAULT_NOTIFICATION_POLICY,
          },
        },
      ]);
    });

    it('given no events, registers a Permanent Council mandate', () => {
      const registration = aPermanentCouncilRegistration();
      expect(when(NO_EVENTS, registerMandate(registration))).toEqual([
        {
          type: 'MandateRegistered',
          data: { mandateId: 'cp-res-1162-2307-20-p2', registration, notificationPolicy: DEFAULT_NOTIFICATION_POLICY },
        },
      ]);
    });

    it('registers a revised Permanent Council resolution', () => {
      const registration = aPermanentCouncilRegistration({
        resolutionSymbol: 'CP/RES. 889 (1503/05) rev. 2',
        adoptedOn: '2005-08-25',
      });
      expect(when(NO_EVENTS, registerMandate(registration))).toEqual([
        {
          type: 'MandateRegistered',
          data: {
            mandateId: 'cp-res-889-1503-05-rev-2-p2',
            registration,
            notificationPolicy: DEFAULT_NOTIFICATION_POLICY,
          },
        },
      ]);
    });

    it('registers a resolution adopted today', () => {
      const registration = aRegistration({ resolutionSymbol: 'AG/RES. 3001 (LVI-O/26)', adoptedOn: TODAY });
      expect(when(NO_EVENTS, registerMandate(registration))).toEqual([mandateRegistered(registration)]);
    });

    it('registers without the optional area and reporting requirement', () => {
      const registration = aRegistration({ area: undefined, reportingRequirement: undefined });
      expect(when(NO_EVENTS, registerMandate(registration))).toEqual([mandateRegistered(registration)]);
    });

    it.each([
      { status: 'registered', given: registeredMandate() },
      { status: 'assigned', given: assignedMandate() },
      { status: 'closed', given: closedMandate() },
    ])('given a $status mandate, throws mandate-already-registered', ({ given }) => {
      thenRuleViolation(given, registerMandate(), 'mandate-already-registered');
    });

    it('checks the fields before mandate-already-registered (400 over 409, as the API does)', () => {
      thenInvalidField(registeredMandate(), registerMandate(aRegistration({ title: '' })), 'title');
    });

    it('given a resolution adopted tomorrow, throws adoption-in-future', () => {
      thenRuleViolation(
        NO_EVENTS,
        registerMandate(aRegistration({ resolutionSymbol: 'AG/RES. 3001 (LVI-O/26)', adoptedOn: TOMORROW })),
        'adoption-in-future',
      );
    });

    it.each([
      { what: 'an empty resolutionSymbol', override: { resolutionSymbol: '' }, field: 'resolutionSymbol' },
      { what: 'a blank resolutionSymbol', override: { resolutionSymbol: '   ' }, field: 'resolutionSymbol' },
      {
        what: 'a Permanent Council symbol for the General Assembly',
        override: { resolutionSymbol: 'CP/RES. 1162 (2307/20)' },
        field: 'resolutionSymbol',
      },
      {
        what: 'a malformed symbol',
        override: { resolutionSymbol: 'AG/RES 2866 XLIV-O/14' },
        field: 'resolutionSymbol',
      },
      { what: 'an empty paragraph', override: { paragraph: '' }, field: 'paragraph' },
      { what: 'a blank paragraph', override: { paragraph: ' \t' }, field: 'paragraph' },
      { what: 'an empty title', override: { title: '' }, field: 'title' },
      {
        what: 'an adoption in another year than the symbol',
        override: { adoptedOn: '2015-06-05' },
        field: 'adoptedOn',
      },
      { what: 'a blank text', override: { text: '  \n ' }, field: 'text' },
      { what: 'an empty adoptedOn', override: { adoptedOn: '' }, field: 'adoptedOn' },
      { what: 'adoptedOn as DD/MM/YYYY', override: { adoptedOn: '05/06/2014' }, field: 'adoptedOn' },
      { what: 'adoptedOn without zero padding', override: { adoptedOn: '2014-6-5' }, field: 'adoptedOn' },
      { what: 'adoptedOn with a time', override: { adoptedOn: '2014-06-05T10:00:00Z' }, field: 'adoptedOn' },
      { what: 'adoptedOn in month 13', override: { adoptedOn: '2014-13-01' }, field: 'adoptedOn' },
      { what: 'adoptedOn on day 32', override: { adoptedOn: '2014-01-32' }, field: 'adoptedOn' },
      { what: 'adoptedOn on 29 February of a common year', override: { adoptedOn: '2013-02-29' }, field: 'adoptedOn' },
    ])('given $what, throws InvalidMandateCommand on $field', ({ override, field }) => {
      thenInvalidField(NO_EVENTS, registerMandate(aRegistration(override)), field);
    });

    it('given a General Assembly symbol for the Permanent Council, throws InvalidMandateCommand on resolutionSymbol', () => {
      thenInvalidField(
        NO_EVENTS,
        registerMandate(aPermanentCouncilRegistration({ resolutionSymbol: 'AG/RES. 2866 (XLIV-O/14)' })),
        'resolutionSymbol',
      );
    });
  });

  describe('AssignMandate', () => {
    it('given a registered mandate, assigns it', () => {
      expect(
        when(registeredMandate(), assignMandate(SEDI_OFFICER, 'Lead dependency for integral development')),
      ).toEqual([
        {
          type: 'MandateAssigned',
          data: { dependency: 'SEDI', officer: 'María Fernández', reason: 'Lead dependency for integral development' },
        },
      ]);
    });

    it('assigns without a reason', () => {
      expect(when(registeredMandate(), assignMandate(DDOT_OFFICER))).toEqual([
        { type: 'MandateAssigned', data: { dependency: 'DDOT', officer: 'John Carter' } },
      ]);
    });

    it('given an unregistered mandate, throws mandate-not-registered', () => {
      thenRuleViolation(NO_EVENTS, assignMandate(), 'mandate-not-registered');
    });

    it.each([
      { status: 'assigned', given: assignedMandate() },
      { status: 'in_follow_up', given: mandateInFollowUp() },
      { status: 'report_under_review', given: mandateWithReportUnderReview() },
    ])('given an $status mandate, throws mandate-already-assigned', ({ given }) => {
      thenRuleViolation(given, assignMandate(DDOT_OFFICER), 'mandate-already-assigned');
    });

    it('given a mandate closed before it was assigned, throws mandate-closed', () => {
      thenRuleViolation(closedUnassignedMandate(), assignMandate(), 'mandate-closed');
    });

    it.each([
      { what: 'an empty dependency', assignee: { dependency: '', officer: 'María Fernández' }, field: 'dependency' },
      { what: 'a blank officer', assignee: { dependency: 'SEDI', officer: '  ' }, field: 'officer' },
    ])('given $what, throws InvalidMandateCommand on $field', ({ assignee, field }) => {
      thenInvalidField(registeredMandate(), assignMandate(assignee), field);
    });
  });

  describe('ReassignMandate', () => {
    it('given an assigned mandate, reassigns it from the current assignee', () => {
      expect(when(assignedMandate(), reassignMandate(DDOT_OFFICER, 'Program moved to DDOT'))).toEqual([
        { type: 'MandateReassigned', data: { from: SEDI_OFFICER, to: DDOT_OFFICER, reason: 'Program moved to DDOT' } },
      ]);
    });

    it('takes `from` from the latest reassignment', () => {
      const given = [...assignedMandate(), mandateReassigned(SEDI_OFFICER, DDOT_OFFICER)];
      expect(when(given, reassignMandate(SEDI_OTHER_OFFICER, 'Back to SEDI'))).toEqual([
        { type: 'MandateReassigned', data: { from: DDOT_OFFICER, to: SEDI_OTHER_OFFICER, reason: 'Back to SEDI' } },
      ]);
    });

    it('reassigns to another officer of the same dependency', () => {
      expect(when(assignedMandate(), reassignMandate(SEDI_OTHER_OFFICER))).toEqual([
        mandateReassigned(SEDI_OFFICER, SEDI_OTHER_OFFICER),
      ]);
    });

    it('reassigns the same officer to another dependency', () => {
      expect(when(assignedMandate(), reassignMandate(SEDI_OFFICER_MOVED_TO_DDOT))).toEqual([
        mandateReassigned(SEDI_OFFICER, SEDI_OFFICER_MOVED_TO_DDOT),
      ]);
    });

    it('reassigns while a report is under review', () => {
      expect(when(mandateWithReportUnderReview(), reassignMandate())).toEqual([
        mandateReassigned(SEDI_OFFICER, DDOT_OFFICER),
      ]);
    });

    it('given an unregistered mandate, throws mandate-not-registered', () => {
      thenRuleViolation(NO_EVENTS, reassignMandate(), 'mandate-not-registered');
    });

    it('given a registered mandate nobody was assigned, throws mandate-not-assigned', () => {
      thenRuleViolation(registeredMandate(), reassignMandate(), 'mandate-not-assigned');
    });

    it('given a closed mandate, throws mandate-closed', () => {
      thenRuleViolation(closedMandate(), reassignMandate(), 'mandate-closed');
    });

    it('given the current assignee, throws reassignment-unchanged', () => {
      thenRuleViolation(assignedMandate(), reassignMandate({ ...SEDI_OFFICER }), 'reassignment-unchanged');
    });

    it.each([
      {
        what: 'an empty dependency',
        command: reassignMandate({ dependency: '', officer: 'John Carter' }),
        field: 'dependency',
      },
      { what: 'a blank officer', command: reassignMandate({ dependency: 'DDOT', officer: ' ' }), field: 'officer' },
      { what: 'an empty reason', command: reassignMandate(DDOT_OFFICER, ''), field: 'reason' },
      { what: 'a blank reason', command: reassignMandate(DDOT_OFFICER, '   '), field: 'reason' },
    ])('given $what, throws InvalidMandateCommand on $field', ({ command, field }) => {
      thenInvalidField(assignedMandate(), command, field);
    });
  });

  describe('RecordFollowUp', () => {
    it('given an assigned mandate, records follow-up F1', () => {
      expect(
        when(assignedMandate(), recordFollowUp({ kind: 'funds_raised', summary: 'USD 50,000 from Canada' })),
      ).toEqual([
        {
          type: 'FollowUpRecorded',
          data: {
            actionId: 'F1',
            kind: 'funds_raised',
            summary: 'USD 50,000 from Canada',
            date: '2025-10-20',
            evidenceUrl: 'https://www.oas.org/en/sedi/meetings/2025-10-20',
          },
        },
      ]);
    });

    it('records a follow-up without evidence', () => {
      const [event] = when(assignedMandate(), recordFollowUp({ evidenceUrl: undefined }));
      expect(event).toEqual(followUpRecorded('F1', { evidenceUrl: undefined }));
    });

    it('numbers follow-ups in order: F2 after F1, F3 after F2', () => {
      expect(when(mandateInFollowUp(), recordFollowUp())).toEqual([followUpRecorded('F2')]);
      const given = [...mandateInFollowUp(), followUpRecorded('F2')];
      expect(when(given, recordFollowUp())).toEqual([followUpRecorded('F3')]);
    });

    it('records follow-up while a report is under review', () => {
      expect(when(mandateWithReportUnderReview(), recordFollowUp())).toEqual([followUpRecorded('F2')]);
    });

    it.each(FOLLOW_UP_KINDS)('records a follow-up of kind %s', (kind) => {
      expect(when(assignedMandate(), recordFollowUp({ kind }))).toEqual([followUpRecorded('F1', { kind })]);
    });

    it('records an action dated today', () => {
      expect(when(assignedMandate(), recordFollowUp({ date: TODAY }))).toEqual([
        followUpRecorded('F1', { date: TODAY }),
      ]);
    });

    it('records an action dated on the day of adoption', () => {
      expect(when(assignedMandate(), recordFollowUp({ date: '2014-06-05' }))).toEqual([
        followUpRecorded('F1', { date: '2014-06-05' }),
      ]);
    });

    it('given an unregistered mandate, throws mandate-not-registered', () => {
      thenRuleViolation(NO_EVENTS, recordFollowUp(), 'mandate-not-registered');
    });

    it('given a registered mandate nobody was assigned, throws mandate-not-assigned', () => {
      thenRuleViolation(registeredMandate(), recordFollowUp(), 'mandate-not-assigned');
    });

    it('given a closed mandate, throws mandate-closed', () => {
      thenRuleViolation(closedMandate(), recordFollowUp(), 'mandate-closed');
    });

    it('given an action dated tomorrow, throws follow-up-in-future', () => {
      thenRuleViolation(assignedMandate(), recordFollowUp({ date: TOMORROW }), 'follow-up-in-future');
    });

    it('given an action dated the day before adoption, throws follow-up-before-adoption', () => {
      thenRuleViolation(assignedMandate(), recordFollowUp({ date: '2014-06-04' }), 'follow-up-before-adoption');
    });

    it.each([
      { what: 'an empty summary', override: { summary: '' }, field: 'summary' },
      { what: 'a blank summary', override: { summary: '   ' }, field: 'summary' },
      { what: 'a date as DD/MM/YYYY', override: { date: '20/10/2025' }, field: 'date' },
      { what: 'an empty date', override: { date: '' }, field: 'date' },
      { what: 'a date in month 00', override: { date: '2025-00-10' }, field: 'date' },
      { what: 'a date on 30 February', override: { date: '2025-02-30' }, field: 'date' },
    ])('given $what, throws InvalidMandateCommand on $field', ({ override, field }) => {
      thenInvalidField(assignedMandate(), recordFollowUp(override), field);
    });
  });

  describe('SubmitProgressReport', () => {
    it('given a mandate in follow-up, submits report R1 stamped with now', () => {
      expect(when(mandateInFollowUp(), submitProgressReport())).toEqual([
        {
          type: 'ProgressReportSubmitted',
          data: {
            reportId: 'R1',
            periodFrom: '2025-01-01',
            periodTo: '2025-12-31',
            summary: 'Annual report on the implementation of the program',
            documentUrl: 'https://scm.oas.org/doc_public/english/hist_26/cp00001e.docx',
            submittedAt: '2026-03-15T12:00:00.000Z',
          },
        },
      ]);
    });

    it('given an assigned mandate with no follow-up yet, submits R1', () => {
      expect(when(assignedMandate(), submitProgressReport())).toEqual([
        progressReportSubmitted('R1', { submittedAt: NOW_ISO }),
      ]);
    });

    it('given R1 accepted, submits R2', () => {
      expect(when(mandateWithAcceptedReport(), submitProgressReport())).toEqual([
        progressReportSubmitted('R2', { submittedAt: NOW_ISO }),
      ]);
    });

    it('given R1 returned, resubmits as R2', () => {
      expect(when(mandateWithReturnedReport(), submitProgressReport())).toEqual([
        progressReportSubmitted('R2', { submittedAt: NOW_ISO }),
      ]);
    });

    it('given R1 returned and R2 accepted, submits R3', () => {
      const given = [...mandateWithReturnedReport(), progressReportSubmitted('R2'), progressReportAccepted('R2')];
      expect(when(given, submitProgressReport())).toEqual([progressReportSubmitted('R3', { submittedAt: NOW_ISO })]);
    });

    it('submits a report covering a single day', () => {
      expect(
        when(assignedMandate(), submitProgressReport({ periodFrom: '2025-06-30', periodTo: '2025-06-30' })),
      ).toEqual([
        progressReportSubmitted('R1', { periodFrom: '2025-06-30', periodTo: '2025-06-30', submittedAt: NOW_ISO }),
      ]);
    });

    it('given an unregistered mandate, throws mandate-not-registered', () => {
      thenRuleViolation(NO_EVENTS, submitProgressReport(), 'mandate-not-registered');
    });

    it('given a registered mandate nobody was assigned, throws mandate-not-assigned', () => {
      thenRuleViolation(registeredMandate(), submitProgressReport(), 'mandate-not-assigned');
    });

    it('given a closed mandate, throws mandate-closed', () => {
      thenRuleViolation(closedMandate(), submitProgressReport(), 'mandate-closed');
    });

    it('given R1 under review, throws report-already-under-review', () => {
      thenRuleViolation(mandateWithReportUnderReview(), submitProgressReport(), 'report-already-under-review');
    });

    it.each([
      { what: 'an empty summary', override: { summary: '' }, field: 'summary' },
      { what: 'a blank documentUrl', override: { documentUrl: ' ' }, field: 'documentUrl' },
      { what: 'a periodFrom with slashes', override: { periodFrom: '2025/01/01' }, field: 'periodFrom' },
      { what: 'a periodTo in month 13', override: { periodTo: '2025-13-31' }, field: 'periodTo' },
      { what: 'a periodTo on 31 April', override: { periodTo: '2025-04-31' }, field: 'periodTo' },
      {
        what: 'a periodTo before periodFrom',
        override: { periodFrom: '2025-12-31', periodTo: '2025-01-01' },
        field: 'periodTo',
      },
    ])('given $what, throws InvalidMandateCommand on $field', ({ override, field }) => {
      thenInvalidField(mandateInFollowUp(), submitProgressReport(override), field);
    });
  });

  describe('ReviewProgressReport', () => {
    it('given R1 under review, accepts it stamped with now', () => {
      expect(when(mandateWithReportUnderReview(), acceptReport('R1'))).toEqual([
        { type: 'ProgressReportAccepted', data: { reportId: 'R1', reviewedAt: '2026-03-15T12:00:00.000Z' } },
      ]);
    });

    it('accepts with comments', () => {
      expect(when(mandateWithReportUnderReview(), acceptReport('R1', 'Well documented'))).toEqual([
        progressReportAccepted('R1', 'Well documented', NOW_ISO),
      ]);
    });

    it('given R1 under review, returns it with comments', () => {
      expect(
        when(mandateWithReportUnderReview(), returnReport('R1', { comments: 'Add the figures on funds raised' })),
      ).toEqual([
        {
          type: 'ProgressReportReturned',
          data: { reportId: 'R1', comments: 'Add the figures on funds raised', reviewedAt: NOW_ISO },
        },
      ]);
    });

    it('given R1 returned and R2 submitted, reviews R2', () => {
      const given = [...mandateWithReturnedReport(), progressReportSubmitted('R2')];
      expect(when(given, acceptReport('R2'))).toEqual([progressReportAccepted('R2', undefined, NOW_ISO)]);
    });

    it('given an unregistered mandate, throws mandate-not-registered', () => {
      thenRuleViolation(NO_EVENTS, acceptReport(), 'mandate-not-registered');
    });

    it('given a closed mandate, throws mandate-closed', () => {
      thenRuleViolation(closedMandate(), acceptReport('R1'), 'mandate-closed');
    });

    it.each([
      { what: 'an assigned mandate with no report', given: assignedMandate() },
      { what: 'R1 already accepted', given: mandateWithAcceptedReport() },
      { what: 'R1 already returned', given: mandateWithReturnedReport() },
    ])('given $what, throws no-report-under-review', ({ given }) => {
      thenRuleViolation(given, acceptReport('R1'), 'no-report-under-review');
    });

    it('given R1 under review, reviewing R2 throws report-not-under-review', () => {
      thenRuleViolation(mandateWithReportUnderReview(), acceptReport('R2'), 'report-not-under-review');
    });

    it('given R1 returned and R2 under review, reviewing R1 again throws report-not-under-review', () => {
      const given = [...mandateWithReturnedReport(), progressReportSubmitted('R2')];
      thenRuleViolation(given, returnReport('R1'), 'report-not-under-review');
    });

    it.each([
      { what: 'no comments', comments: undefined },
      { what: 'empty comments', comments: '' },
      { what: 'blank comments', comments: '  ' },
    ])('returning with $what throws InvalidMandateCommand on comments', ({ comments }) => {
      thenInvalidField(mandateWithReportUnderReview(), returnReport('R1', { comments }), 'comments');
    });
  });

  describe('CloseMandate', () => {
    it.each([
      { status: 'registered', given: registeredMandate() },
      { status: 'assigned', given: assignedMandate() },
      { status: 'in_follow_up (follow-up recorded)', given: mandateInFollowUp() },
      { status: 'in_follow_up (report accepted)', given: mandateWithAcceptedReport() },
      { status: 'in_follow_up (report returned)', given: mandateWithReturnedReport() },
    ])('closes a mandate that is $status', ({ given }) => {
      expect(when(given, closeMandate({ reason: 'Fulfilled' }))).toEqual([
        {
          type: 'MandateClosed',
          data: { outcome: 'fulfilled', reason: 'Fulfilled', closedAt: '2026-03-15T12:00:00.000Z' },
        },
      ]);
    });

    it.each(CLOSURE_OUTCOMES.filter((outcome) => outcome !== 'superseded'))(
      'closes with outcome %s and no successor',
      (outcome) => {
        expect(when(mandateInFollowUp(), closeMandate({ outcome }))).toEqual([
          mandateClosed(outcome, { closedAt: NOW_ISO, successorMandateId: undefined }),
        ]);
      },
    );

    it('closes as superseded, naming the successor', () => {
      expect(when(mandateInFollowUp(), supersedeMandate(SUCCESSOR_MANDATE_ID))).toEqual([
        {
          type: 'MandateClosed',
          data: {
            outcome: 'superseded',
            reason: 'Replaced by AG/RES. 2998 (LIII-O/23), paragraph 5',
            successorMandateId: 'ag-res-2998-liii-o-23-p5',
            closedAt: NOW_ISO,
          },
        },
      ]);
    });

    it('carries the final report reference', () => {
      const [event] = when(mandateWithAcceptedReport(), closeMandate({ finalReportReference: 'CP/doc. 5900/25' }));
      expect(event).toEqual(mandateClosed('fulfilled', { finalReportReference: 'CP/doc. 5900/25', closedAt: NOW_ISO }));
    });

    it('given an unregistered mandate, throws mandate-not-registered', () => {
      thenRuleViolation(NO_EVENTS, closeMandate(), 'mandate-not-registered');
    });

    it.each([
      { what: 'a mandate closed as fulfilled', given: closedMandate('fulfilled') },
      { what: 'a mandate closed before assignment', given: closedUnassignedMandate() },
    ])('given $what, throws mandate-closed', ({ given }) => {
      thenRuleViolation(given, closeMandate({ outcome: 'discontinued' }), 'mandate-closed');
    });

    it('given R1 under review, throws report-under-review', () => {
      thenRuleViolation(mandateWithReportUnderReview(), closeMandate(), 'report-under-review');
    });

    it('given a follow-up recorded during review, still throws report-under-review', () => {
      thenRuleViolation(
        [...mandateWithReportUnderReview(), followUpRecorded('F2')],
        supersedeMandate(),
        'report-under-review',
      );
    });

    it('given the mandate itself as successor, throws successor-is-self', () => {
      thenRuleViolation(mandateInFollowUp(), supersedeMandate(MANDATE_ID), 'successor-is-self');
    });

    it.each([
      { what: 'an empty reason', command: closeMandate({ reason: '' }), field: 'reason' },
      { what: 'a blank reason', command: closeMandate({ reason: '  ' }), field: 'reason' },
      {
        what: 'superseded without a successor',
        command: closeMandate({ outcome: 'superseded', successorMandateId: undefined }),
        field: 'successorMandateId',
      },
      { what: 'superseded with a blank successor', command: supersedeMandate(' '), field: 'successorMandateId' },
      {
        what: 'a successor for a fulfilled mandate',
        command: closeMandate({ outcome: 'fulfilled', successorMandateId: SUCCESSOR_MANDATE_ID }),
        field: 'successorMandateId',
      },
      {
        what: 'a successor for a discontinued mandate',
        command: closeMandate({ outcome: 'discontinued', successorMandateId: SUCCESSOR_MANDATE_ID }),
        field: 'successorMandateId',
      },
    ])('given $what, throws InvalidMandateCommand on $field', ({ command, field }) => {
      thenInvalidField(mandateInFollowUp(), command, field);
    });
  });

  describe('any command', () => {
    const allButRegister: MandateCommand[] = [
      assignMandate(),
      reassignMandate(),
      recordFollowUp(),
      submitProgressReport(),
      acceptReport(),
      returnReport(),
      closeMandate(),
    ];

    it.each(allButRegister.map((command) => [command.type, command] as const))(
      'given an unregistered mandate, %s throws mandate-not-registered',
      (_type, command) => {
        thenRuleViolation(NO_EVENTS, command, 'mandate-not-registered');
      },
    );

    it.each(allButRegister.map((command) => [command.type, command] as const))(
      'given a closed mandate, %s throws mandate-closed',
      (_type, command) => {
        thenRuleViolation(closedMandate('superseded'), command, 'mandate-closed');
      },
    );

    it('does not modify the state it decides on', () => {
      const state = deepFreeze(fold(mandateWithReportUnderReview()));
      const snapshot = structuredClone(state);
      expect(() => decide(state, recordFollowUp(), NOW)).not.toThrow();
      expect(() => decide(state, acceptReport('R1'), NOW)).not.toThrow();
      expect(() => decide(state, reassignMandate(), NOW)).not.toThrow();
      expect(state).toEqual(snapshot);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe(evolve.name, () => {
  it('MandateRegistered: unregistered → registered, with no assignee, follow-ups or reports', () => {
    const registration = aRegistration();
    expect(evolve(initialState, mandateRegistered(registration))).toEqual({
      status: 'registered',
      mandateId: 'ag-res-2866-xliv-o-14-p3',
      registration,
      followUps: [],
      reports: [],
      notificationPolicy: DEFAULT_NOTIFICATION_POLICY,
      notifications: [],
    });
  });

  it('MandateAssigned: registered → assigned, keeping the assignee but not the reason', () => {
    const state = stateOf([...registeredMandate(), mandateAssigned(SEDI_OFFICER, 'Lead dependency')]);
    expect(state.status).toBe('assigned');
    expect(state.assignee).toEqual({ dependency: 'SEDI', officer: 'María Fernández' });
  });

  it.each<{ status: MandateStatus; given: MandateEvent[] }>([
    { status: 'assigned', given: assignedMandate() },
    { status: 'in_follow_up', given: mandateInFollowUp() },
    { status: 'report_under_review', given: mandateWithReportUnderReview() },
  ])('MandateReassigned keeps status $status and changes the assignee', ({ status, given }) => {
    expect(stateOf(given).status).toBe(status);
    const state = stateOf([...given, mandateReassigned(SEDI_OFFICER, DDOT_OFFICER)]);
    expect(state.status).toBe(status);
    expect(state.assignee).toEqual(DDOT_OFFICER);
  });

  it('FollowUpRecorded: assigned → in_follow_up, appending the action', () => {
    const state = stateOf([...assignedMandate(), followUpRecorded('F1', { kind: 'event' })]);
    expect(state.status).toBe('in_follow_up');
    expect(state.followUps).toEqual([followUpRecorded('F1', { kind: 'event' }).data]);
  });

  it('FollowUpRecorded: in_follow_up stays in_follow_up, appending in order', () => {
    const state = stateOf([...mandateInFollowUp(), followUpRecorded('F2', { kind: 'publication' })]);
    expect(state.status).toBe('in_follow_up');
    expect(state.followUps.map((f) => [f.actionId, f.kind])).toEqual([
      ['F1', 'meeting'],
      ['F2', 'publication'],
    ]);
  });

  it('FollowUpRecorded during review keeps report_under_review', () => {
    const state = stateOf([...mandateWithReportUnderReview(), followUpRecorded('F2')]);
    expect(state.status).toBe('report_under_review');
    expect(state.followUps).toHaveLength(2);
  });

  it.each<{ from: MandateStatus; given: MandateEvent[] }>([
    { from: 'assigned', given: assignedMandate() },
    { from: 'in_follow_up', given: mandateInFollowUp() },
  ])('ProgressReportSubmitted: $from → report_under_review, adding the report under review', ({ from, given }) => {
    expect(stateOf(given).status).toBe(from);
    const state = stateOf([...given, progressReportSubmitted('R1')]);
    expect(state.status).toBe('report_under_review');
    expect(state.reports).toEqual([{ ...progressReportSubmitted('R1').data, status: 'under_review' }]);
  });

  it('ProgressReportAccepted: report_under_review → in_follow_up, marking the report accepted', () => {
    const state = stateOf([...mandateWithReportUnderReview(), progressReportAccepted('R1', 'Well documented')]);
    expect(state.status).toBe('in_follow_up');
    expect(state.reports).toEqual([
      {
        ...progressReportSubmitted('R1').data,
        status: 'accepted',
        reviewedAt: '2026-02-10T16:30:00.000Z',
        comments: 'Well documented',
      },
    ]);
  });

  it('ProgressReportReturned: report_under_review → in_follow_up, marking the report returned with comments', () => {
    const state = stateOf([...mandateWithReportUnderReview(), progressReportReturned('R1', 'Add the figures')]);
    expect(state.status).toBe('in_follow_up');
    expect(state.reports).toEqual([
      {
        ...progressReportSubmitted('R1').data,
        status: 'returned',
        reviewedAt: '2026-02-10T16:30:00.000Z',
        comments: 'Add the figures',
      },
    ]);
  });

  it.each([
    { decision: 'accepted', reviewed: progressReportAccepted('R1') },
    { decision: 'returned', reviewed: progressReportReturned('R1') },
  ])('with no follow-up before the first report, $decision → in_follow_up (not back to assigned)', ({ reviewed }) => {
    const given = mandateWithFirstReportUnderReview();
    expect(stateOf(given).followUps).toEqual([]);
    expect(stateOf([...given, reviewed]).status).toBe('in_follow_up');
  });

  it('a review changes only the reviewed report', () => {
    const state = stateOf([
      ...mandateWithReturnedReport(),
      progressReportSubmitted('R2'),
      progressReportAccepted('R2'),
    ]);
    expect(state.reports.map((r) => [r.reportId, r.status])).toEqual([
      ['R1', 'returned'],
      ['R2', 'accepted'],
    ]);
  });

  it.each<{ from: MandateStatus; given: MandateEvent[] }>([
    { from: 'registered', given: registeredMandate() },
    { from: 'assigned', given: assignedMandate() },
    { from: 'in_follow_up', given: mandateWithAcceptedReport() },
  ])('MandateClosed: $from → closed, recording the closure and keeping the history', ({ from, given }) => {
    const before = stateOf(given);
    expect(before.status).toBe(from);
    const closed = mandateClosed('superseded', { successorMandateId: SUCCESSOR_MANDATE_ID });
    const state = stateOf([...given, closed]);
    expect(state).toEqual({ ...before, status: 'closed', closure: closed.data });
  });

  it.each<MandateEvent>([
    mandateAssigned(),
    mandateReassigned(),
    followUpRecorded(),
    progressReportSubmitted(),
    progressReportAccepted(),
    progressReportReturned(),
    mandateClosed(),
  ])('refuses to apply $type to an unregistered mandate', (event) => {
    expect(() => evolve(initialState, event)).toThrow(`${event.type} cannot apply to an unregistered mandate`);
  });

  it('does not modify the state it evolves', () => {
    const state = deepFreeze(fold(mandateWithReportUnderReview()));
    const snapshot = structuredClone(state);
    const next = evolve(state, progressReportAccepted('R1'));
    expect(next).not.toBe(state);
    expect(state).toEqual(snapshot);
  });
});

// ---------------------------------------------------------------------------------------------------------------

describe(fold.name, () => {
  it('folds no events into the unregistered state', () => {
    expect(fold([])).toEqual({ status: 'unregistered' });
  });

  it('folds onto a given starting state', () => {
    const start = fold(mandateInFollowUp());
    expect(fold([followUpRecorded('F2')], start)).toEqual(fold([...mandateInFollowUp(), followUpRecorded('F2')]));
  });

  it('walks the whole state machine', () => {
    const events: MandateEvent[] = [
      mandateRegistered(),
      mandateAssigned(),
      followUpRecorded('F1'),
      progressReportSubmitted('R1'),
      followUpRecorded('F2'),
      progressReportReturned('R1'),
      mandateReassigned(),
      progressReportSubmitted('R2'),
      progressReportAccepted('R2'),
      mandateClosed(),
    ];
    const statuses: MandateState['status'][] = [];
    events.reduce((state, event) => {
      const next = evolve(state, event);
      statuses.push(next.status);
      return next;
    }, initialState);
    expect(statuses).toEqual([
      'registered',
      'assigned',
      'in_follow_up',
      'report_under_review',
      'report_under_review',
      'in_follow_up',
      'in_follow_up',
      'report_under_review',
      'in_follow_up',
      'closed',
    ]);
  });

  it('reproduces, from the decided events, the state built command by command', () => {
    const commands: MandateCommand[] = [
      registerMandate(),
      assignMandate(SEDI_OFFICER, 'Lead dependency'),
      submitProgressReport({ periodFrom: '2024-01-01', periodTo: '2024-12-31' }),
      acceptReport('R1'),
      recordFollowUp({ kind: 'technical_assistance', date: '2025-03-10' }),
      recordFollowUp({ kind: 'coordination', date: '2025-05-02', evidenceUrl: undefined }),
      submitProgressReport(),
      recordFollowUp({ kind: 'publication', date: '2026-01-30' }),
      returnReport('R2', { comments: 'Add the figures on funds raised' }),
      reassignMandate(DDOT_OFFICER, 'Program moved to DDOT'),
      submitProgressReport({ summary: 'Annual report, corrected' }),
      acceptReport('R3', 'Complete'),
      closeMandate({ outcome: 'fulfilled', finalReportReference: 'CP/doc. 5900/25' }),
    ];
    const events: MandateEvent[] = [];
    let state: MandateState = initialState;
    for (const command of commands) {
      const decided = decide(state, command, NOW);
      for (const event of decided) {
        state = evolve(state, event);
      }
      events.push(...decided);
    }

    expect(fold(events)).toEqual(state);
    expect(events.map((e) => e.type)).toEqual([
      'MandateRegistered',
      'MandateAssigned',
      'ProgressReportSubmitted',
      'ProgressReportAccepted',
      'FollowUpRecorded',
      'FollowUpRecorded',
      'ProgressReportSubmitted',
      'FollowUpRecorded',
      'ProgressReportReturned',
      'MandateReassigned',
      'ProgressReportSubmitted',
      'ProgressReportAccepted',
      'MandateClosed',
    ]);
    const final = stateOf(events);
    expect(final.status).toBe('closed');
    expect(final.mandateId).toBe(MANDATE_ID);
    expect(final.assignee).toEqual(DDOT_OFFICER);
    expect(final.followUps.map((f) => [f.actionId, f.kind])).toEqual([
      ['F1', 'technical_assistance'],
      ['F2', 'coordination'],
      ['F3', 'publication'],
    ]);
    expect(final.reports.map((r) => [r.reportId, r.status, r.comments])).toEqual([
      ['R1', 'accepted', undefined],
      ['R2', 'returned', 'Add the figures on funds raised'],
      ['R3', 'accepted', 'Complete'],
    ]);
    expect(final.closure).toEqual({
      outcome: 'fulfilled',
      reason: 'The General Assembly took note of the final report',
      finalReportReference: 'CP/doc. 5900/25',
      closedAt: NOW_ISO,
    });
  });
});

describe('field checks a client cannot get around (the workflow validators and the API run them)', () => {
  it.each<{ what: string; command: MandateCommand; field: string }>([
    {
      what: 'a follow-up of an unknown kind',
      command: recordFollowUp({ kind: 'not-a-kind' as 'meeting' }),
      field: 'kind',
    },
    { what: 'a follow-up dated 4069', command: recordFollowUp({ date: '4069-01-01' }), field: 'date' },
    { what: 'a summary with a C1 control', command: recordFollowUp({ summary: 'Report\u0085sent' }), field: 'summary' },
    { what: 'a summary with a bare CR', command: recordFollowUp({ summary: 'Report\rsent' }), field: 'summary' },
    {
      what: 'a javascript: evidence link',
      command: recordFollowUp({ evidenceUrl: 'javascript:alert(1)' }),
      field: 'evidenceUrl',
    },
    {
      what: 'a report with no document link',
      command: submitProgressReport({ documentUrl: 'report.docx' }),
      field: 'documentUrl',
    },
    {
      what: 'an officer name on two lines',
      command: reassignMandate({ dependency: 'DPS', officer: 'ana\nBcc: x@y.org' }, 'Moved'),
      field: 'officer',
    },
    {
      what: 'an officer e-mail that is not one',
      command: reassignMandate({ dependency: 'DPS', officer: 'ana', officerEmail: 'ana' }, 'Moved'),
      field: 'officerEmail',
    },
    {
      what: 'a closure outcome outside the vocabulary',
      command: closeMandate({ outcome: 'abandoned' as 'fulfilled' }),
      field: 'outcome',
    },
    {
      what: 'a successor id that names no mandate',
      command: supersedeMandate('Not An Id'),
      field: 'successorMandateId',
    },
    { what: 'a review of a report id that is not one', command: acceptReport('7'), field: 'reportId' },
  ])('refuses $what', ({ command, field }) => {
    thenInvalidField(mandateInFollowUp(), command, field);
  });

  it('refuses a title over 300 characters and a text over 10,000', () => {
    thenInvalidField(NO_EVENTS, registerMandate(aRegistration({ title: 'T'.repeat(301) })), 'title');
    thenInvalidField(NO_EVENTS, registerMandate(aRegistration({ text: 'T'.repeat(10_001) })), 'text');
  });

  it('decides an accepted command again without its field checks (an update handler replaying an old history)', () => {
    const old = recordFollowUp({ summary: 'Recorded before C1 controls were refused\u0085' });
    expect(decide(fold(mandateInFollowUp()), old, NOW)).toMatchObject([{ type: 'FollowUpRecorded' }]);
  });
});

describe('lineage: LinkMandate and RecordCounterpartLink', () => {
  const OTHER = 'ag-res-2880-xlvi-o-16-p5';
  const link = (
    relation: 'renews' | 'renewed_by' = 'renewed_by',
    otherMandateId = OTHER,
  ): Extract<MandateCommand, { type: 'LinkMandate' }> => ({
    type: 'LinkMandate',
    relation,
    otherMandateId,
    reason: 'AG/RES. 2880 (XLVI-O/16) renews it',
  });

  it('records the link, with an id unique across mandates (this mandate and the event sequence)', () => {
    const given = mandateInFollowUp();
    expect(decide(fold(given), link(), NOW, 9)).toEqual([
      {
        type: 'MandateLinked',
        data: {
          linkId: `${stateOf(given).mandateId}#9`,
          relation: 'renewed_by',
          otherMandateId: OTHER,
          reason: 'AG/RES. 2880 (XLVI-O/16) renews it',
        },
      },
    ]);
  });

  it('links a closed mandate too (a renewal is often recorded after the fact)', () => {
    expect(when(closedMandate(), link())).toMatchObject([{ type: 'MandateLinked' }]);
  });

  it('refuses a link to itself, the same link twice, and an unknown relation', () => {
    const given = mandateInFollowUp();
    thenRuleViolation(given, link('renews', stateOf(given).mandateId), 'link-to-self');
    const linked = [
      ...given,
      {
        type: 'MandateLinked' as const,
        data: { linkId: 'x#5', relation: 'renewed_by' as const, otherMandateId: OTHER, reason: 'r' },
      },
    ];
    thenRuleViolation(linked, link(), 'link-already-recorded');
    expect(when(linked, link('renews'))).toHaveLength(1);
    thenInvalidField(given, { ...link(), relation: 'inherits' as 'renews' }, 'relation');
    thenInvalidField(given, link('renews', 'Not An Id'), 'otherMandateId');
  });

  it('records the other side once, however often it is delivered', () => {
    const counterpart: MandateCommand = {
      type: 'RecordCounterpartLink',
      link: { linkId: `${OTHER}#12`, relation: 'renews', otherMandateId: OTHER, reason: 'renewal' },
    };
    const given = mandateInFollowUp();
    const events = when(given, counterpart);
    expect(events).toEqual([{ type: 'MandateLinked', data: counterpart.link }]);
    expect(when([...given, ...events], counterpart)).toEqual([]);
    expect(stateOf([...given, ...events]).links).toEqual([counterpart.link]);
  });
});

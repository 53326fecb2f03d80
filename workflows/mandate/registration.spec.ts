// The registration of records as real resolutions and sources give them: unnumbered paragraphs, sections, unknown
// dates, declarations, the proposed responsible, the source and a confidence level.
import { DEFAULT_NOTIFICATION_POLICY } from './deadlines';
import { type Registration } from './lifecycle';
import {
  aPermanentCouncilRegistration,
  aRegistration,
  assignedMandate,
  mandateRegistered,
  recordFollowUp,
  registerMandate,
} from './lifecycle.builders';
import { thenInvalidField, thenRuleViolation, when } from './lifecycle.testing';

const NO_EVENTS = [] as const;

/** AG/RES. 2461 (XXXIX-O/09): three unnumbered paragraphs in the sources read. */
function anUnnumberedRegistration(overrides: Partial<Registration> = {}): Registration {
  const { paragraph: _paragraph, ...rest } = aRegistration({
    resolutionSymbol: 'AG/RES. 2461 (XXXIX-O/09)',
    adoptedOn: '2009-06-04',
    title: 'Promotion of Hemispheric Cooperation in Dealing with Criminal Gangs',
  });
  return { ...rest, ordinal: 2, ...overrides };
}

/** AG/RES. 1948 (XXXIII-O/03) § 4: the adoption date is not in the source. */
function anUndatedRegistration(overrides: Partial<Registration> = {}): Registration {
  const { adoptedOn: _adoptedOn, ...rest } = aRegistration({
    resolutionSymbol: 'AG/RES. 1948 (XXXIII-O/03)',
    paragraph: '4',
  });
  return { ...rest, ...overrides };
}

function registeredIdOf(registration: Registration): string {
  const [event] = when(NO_EVENTS, registerMandate(registration));
  if (event.type !== 'MandateRegistered') throw new Error(`expected MandateRegistered, got ${event.type}`);
  return event.data.mandateId;
}

describe('RegisterMandate, records as sources give them', () => {
  describe('paragraphs', () => {
    it('keeps the id of a numbered paragraph as it always was', () => {
      expect(registeredIdOf(aRegistration({ paragraph: '12.b' }))).toBe('ag-res-2866-xliv-o-14-p12-b');
    });

    it('registers an unnumbered paragraph by its ordinal: <symbol>-u<ordinal>', () => {
      const registration = anUnnumberedRegistration();
      expect(when(NO_EVENTS, registerMandate(registration))).toEqual([
        {
          type: 'MandateRegistered',
          data: {
            mandateId: 'ag-res-2461-xxxix-o-09-u2',
            registration,
            notificationPolicy: DEFAULT_NOTIFICATION_POLICY,
          },
        },
      ]);
    });

    it('registers a paragraph of a section apart from the paragraph of the same number outside it', () => {
      const inSection = aRegistration({
        paragraph: '1',
        section: 'MISPA',
        paragraphLabel: '1 (MISPA section; numbering restarts in each section)',
      });
      expect(registeredIdOf(inSection)).toBe('ag-res-2866-xliv-o-14-s-mispa-p1');
      expect(registeredIdOf(aRegistration({ paragraph: '1' }))).toBe('ag-res-2866-xliv-o-14-p1');
    });

    it('keys a mandate over consecutive paragraphs by the range, with the source wording as its label', () => {
      const registration = aRegistration({ paragraph: '4-5', paragraphLabel: '4 and 5' });
      expect(registeredIdOf(registration)).toBe('ag-res-2866-xliv-o-14-p4-5');
    });

    it('given neither paragraph nor ordinal, throws InvalidMandateCommand on paragraph', () => {
      const { ordinal: _ordinal, ...neither } = anUnnumberedRegistration();
      thenInvalidField(NO_EVENTS, registerMandate(neither), 'paragraph');
    });

    it('given both a paragraph and an ordinal, throws InvalidMandateCommand on ordinal', () => {
      thenInvalidField(NO_EVENTS, registerMandate(aRegistration({ ordinal: 1 })), 'ordinal');
    });

    it.each([0, 1000, 1.5, -1])('given ordinal %p, throws InvalidMandateCommand on ordinal', (ordinal) => {
      thenInvalidField(NO_EVENTS, registerMandate(anUnnumberedRegistration({ ordinal })), 'ordinal');
    });

    it('given a section without a paragraph, throws InvalidMandateCommand on section', () => {
      thenInvalidField(NO_EVENTS, registerMandate(anUnnumberedRegistration({ section: 'MISPA' })), 'section');
    });

    it.each([
      { what: 'a blank section', override: { section: ' ' }, field: 'section' },
      { what: 'a section on two lines', override: { section: 'MISPA\nIV' }, field: 'section' },
      {
        what: 'a paragraph label over 120 characters',
        override: { paragraphLabel: 'x'.repeat(121) },
        field: 'paragraphLabel',
      },
    ])('given $what, throws InvalidMandateCommand on $field', ({ override, field }) => {
      thenInvalidField(NO_EVENTS, registerMandate(aRegistration(override)), field);
    });
  });

  describe('adoption date', () => {
    it('registers a mandate whose adoption date is unknown', () => {
      const registration = anUndatedRegistration();
      expect(when(NO_EVENTS, registerMandate(registration))).toEqual([mandateRegistered(registration)]);
    });

    it('registers a date derived from the session, saying so', () => {
      const registration = aRegistration({
        resolutionSymbol: 'AG/RES. 2444 (XXXIX-O/09)',
        adoptedOn: '2009-06-04',
        adoptedOnBasis: 'session',
      });
      expect(when(NO_EVENTS, registerMandate(registration))).toEqual([mandateRegistered(registration)]);
    });

    it('given adoptedOnBasis without adoptedOn, throws InvalidMandateCommand on adoptedOnBasis', () => {
      thenInvalidField(
        NO_EVENTS,
        registerMandate(anUndatedRegistration({ adoptedOnBasis: 'session' })),
        'adoptedOnBasis',
      );
    });

    it('given an unknown adoptedOnBasis, throws InvalidMandateCommand on adoptedOnBasis', () => {
      thenInvalidField(
        NO_EVENTS,
        registerMandate(aRegistration({ adoptedOnBasis: 'guessed' as Registration['adoptedOnBasis'] })),
        'adoptedOnBasis',
      );
    });

    it.each([
      { symbol: 'AG/RES. 2866 (XLIV-O/14)', adoptedOn: '2013-06-05' },
      { symbol: 'AG/RES. 2866 (XLIV-O/14)', adoptedOn: '2015-01-01' },
      { symbol: 'CP/RES. 889 (1503/05) rev. 2', adoptedOn: '2006-01-24' },
      { symbol: 'AG/RES. 1353 (XXV-O/95)', adoptedOn: '1996-06-09' },
    ])('given $symbol adopted on $adoptedOn, throws InvalidMandateCommand on adoptedOn', ({ symbol, adoptedOn }) => {
      const body = symbol.startsWith('CP') ? 'PERMANENT_COUNCIL' : 'GENERAL_ASSEMBLY';
      thenInvalidField(
        NO_EVENTS,
        registerMandate(aRegistration({ body, resolutionSymbol: symbol, adoptedOn })),
        'adoptedOn',
      );
    });

    it('names the symbol and its year when the adoption year differs', () => {
      expect(() => when(NO_EVENTS, registerMandate(aRegistration({ adoptedOn: '2015-06-05' })))).toThrow(
        'adoptedOn 2015-06-05 is not in the year of AG/RES. 2866 (XLIV-O/14) (/14)',
      );
    });

    it('given an undated mandate of a year to come, throws adoption-in-future', () => {
      thenRuleViolation(
        NO_EVENTS,
        registerMandate(anUndatedRegistration({ resolutionSymbol: 'AG/RES. 3100 (LVII-O/27)' })),
        'adoption-in-future',
      );
    });

    it('given an undated mandate, refuses a follow-up before the year the symbol names', () => {
      const given = assignedMandate(anUndatedRegistration());
      thenRuleViolation(given, recordFollowUp({ date: '2002-12-31' }), 'follow-up-before-adoption');
      expect(when(given, recordFollowUp({ date: '2003-01-01' }))).toHaveLength(1);
    });
  });

  describe('declarations', () => {
    it.each([
      { body: 'GENERAL_ASSEMBLY', symbol: 'AG/DEC. 81 (XLVI-O/16)', id: 'ag-dec-81-xlvi-o-16-p3' },
      { body: 'PERMANENT_COUNCIL', symbol: 'CP/DEC. 58 (2150/18)', id: 'cp-dec-58-2150-18-p3' },
    ] as const)('registers a paragraph of declaration $symbol', ({ body, symbol, id }) => {
      const adoptedOn = `20${symbol.slice(-3, -1)}-06-01`;
      expect(registeredIdOf(aRegistration({ body, resolutionSymbol: symbol, adoptedOn }))).toBe(id);
    });

    it('given a Permanent Council declaration for the General Assembly, throws InvalidMandateCommand on resolutionSymbol', () => {
      thenInvalidField(
        NO_EVENTS,
        registerMandate(aRegistration({ resolutionSymbol: 'CP/DEC. 58 (2150/18)', adoptedOn: '2018-06-01' })),
        'resolutionSymbol',
      );
    });
  });

  describe('title, responsible, source and confidence', () => {
    it('registers without a title when the source does not show it', () => {
      const { title: _title, ...untitled } = aRegistration();
      expect(when(NO_EVENTS, registerMandate(untitled))).toEqual([mandateRegistered(untitled)]);
    });

    it('registers the responsible the resolution proposes, the source and the confidence level', () => {
      const registration = aPermanentCouncilRegistration({
        responsible: 'Permanent Council; CIFTA Consultative Committee (technical secretariat not visible)',
        responsibleDependencyId: 'SMS-DPS',
        sourceUrl: 'https://international.vlex.com/vid/resolucion-n-1162-20-852313824',
        sourceDocument: 'CP/RES. 1162 (2307/20)',
        sourceNote: 'The source is paywalled after the preamble.',
        confidence: 'medium',
      });
      expect(when(NO_EVENTS, registerMandate(registration))).toEqual([mandateRegistered(registration)]);
    });

    it.each([
      { what: 'an empty title', override: { title: '' }, field: 'title' },
      { what: 'a responsible on two lines', override: { responsible: 'CSH\nPermanent Council' }, field: 'responsible' },
      {
        what: 'a responsible dependency that is not a code',
        override: { responsibleDependencyId: 'dps' },
        field: 'responsibleDependencyId',
      },
      { what: 'a source that is not a link', override: { sourceUrl: 'oas.org/res889' }, field: 'sourceUrl' },
      { what: 'an empty source document', override: { sourceDocument: '' }, field: 'sourceDocument' },
      { what: 'a source note over 2,000 characters', override: { sourceNote: 'x'.repeat(2001) }, field: 'sourceNote' },
      { what: 'an unknown confidence level', override: { confidence: 'certain' }, field: 'confidence' },
    ])('given $what, throws InvalidMandateCommand on $field', ({ override, field }) => {
      thenInvalidField(NO_EVENTS, registerMandate(aRegistration(override as Partial<Registration>)), field);
    });
  });
});

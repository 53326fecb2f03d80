import {
  adoptionYearOf,
  bodyOfSymbol,
  mandateIdOf,
  paragraphReference,
  readParagraph,
  sessionOfSymbol,
  symbolMatchesBody,
  symbolYear,
} from './resolution';

describe(readParagraph.name, () => {
  it.each([
    { text: '3', reading: { paragraph: '3' } },
    { text: '12.b', reading: { paragraph: '12.b' } },
    { text: ' 8 ', reading: { paragraph: '8' } },
    { text: '§ 3', reading: { paragraph: '3', paragraphLabel: '§ 3' } },
    { text: '4 and 5', reading: { paragraph: '4-5', paragraphLabel: '4 and 5' } },
    { text: '4-5', reading: { paragraph: '4-5' } },
    { text: '4 y 5', reading: { paragraph: '4-5', paragraphLabel: '4 y 5' } },
    {
      text: '1 (MISPA section; numbering restarts in each section)',
      reading: {
        paragraph: '1',
        section: 'MISPA',
        paragraphLabel: '1 (MISPA section; numbering restarts in each section)',
      },
    },
  ])('reads "$text"', ({ text, reading }) => {
    expect(readParagraph(text)).toEqual(reading);
  });

  it.each(['', 'preamble', '5 and 4', '4, 6 and 8', 'second unnumbered'])('does not guess "%s"', (text) => {
    expect(readParagraph(text)).toBeUndefined();
  });
});

describe(mandateIdOf.name, () => {
  it('derives the id of a numbered paragraph from symbol and paragraph, as always', () => {
    expect(mandateIdOf({ resolutionSymbol: 'AG/RES. 2866 (XLIV-O/14)', paragraph: '3' })).toBe(
      'ag-res-2866-xliv-o-14-p3',
    );
  });

  it('keeps sections and unnumbered paragraphs apart from numbered ones', () => {
    const symbol = 'AG/RES. 2866 (XLIV-O/14)';
    const ids = [
      mandateIdOf({ resolutionSymbol: symbol, paragraph: '1' }),
      mandateIdOf({ resolutionSymbol: symbol, paragraph: '1', section: 'MISPA' }),
      mandateIdOf({ resolutionSymbol: symbol, ordinal: 1 }),
    ];
    expect(ids).toEqual(['ag-res-2866-xliv-o-14-p1', 'ag-res-2866-xliv-o-14-s-mispa-p1', 'ag-res-2866-xliv-o-14-u1']);
  });
});

describe('symbols', () => {
  it.each([
    ['AG/RES. 2866 (XLIV-O/14)', 'GENERAL_ASSEMBLY', 2014, 'AG:XLIV-O/14'],
    ['AG/RES. 1 (XLVI-E/14)', 'GENERAL_ASSEMBLY', 2014, 'AG:XLVI-E/14'],
    ['AG/DEC. 81 (XLVI-O/16)', 'GENERAL_ASSEMBLY', 2016, 'AG:XLVI-O/16'],
    ['AG/RES. 1353 (XXV-O/95)', 'GENERAL_ASSEMBLY', 1995, 'AG:XXV-O/95'],
    ['CP/RES. 889 (1503/05) rev. 2', 'PERMANENT_COUNCIL', 2005, 'CP:1503/05'],
    ['CP/DEC. 58 (2150/18)', 'PERMANENT_COUNCIL', 2018, 'CP:2150/18'],
  ])('reads %s: %s, %d, session %s', (symbol, body, year, session) => {
    expect(bodyOfSymbol(symbol)).toBe(body);
    expect(symbolMatchesBody(symbol, body as 'GENERAL_ASSEMBLY')).toBe(true);
    expect(symbolYear(symbol)).toBe(year);
    expect(sessionOfSymbol(symbol)).toBe(session);
  });

  it.each(['AG/RES 2866 XLIV-O/14', 'CP/DOC. 12 (1/05)', 'AG/RES. 2866 (XLIV-O/2014)'])(
    'reads no body, year or session in %s',
    (symbol) => {
      expect(bodyOfSymbol(symbol)).toBeUndefined();
      expect(symbolYear(symbol)).toBeUndefined();
      expect(sessionOfSymbol(symbol)).toBeUndefined();
    },
  );

  it('takes the adoption year from the date when there is one, else from the symbol', () => {
    expect(adoptionYearOf({ resolutionSymbol: 'AG/RES. 2019 (XXXIV-O/04)' })).toBe(2004);
    expect(adoptionYearOf({ resolutionSymbol: 'AG/RES. 2019 (XXXIV-O/04)', adoptedOn: '2004-06-08' })).toBe(2004);
  });
});

describe(paragraphReference.name, () => {
  it.each([
    [{ paragraph: '3' }, '§ 3'],
    [{ paragraph: '1', section: 'MISPA' }, 'MISPA § 1'],
    [{ ordinal: 2 }, 'unnumbered paragraph 2'],
  ])('writes %j as %s', (registration, text) => {
    expect(paragraphReference(registration)).toBe(text);
  });
});

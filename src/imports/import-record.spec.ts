import { readImportRow, UnnumberedOrdinals } from './import-record';

const entry = {
  resolution: 'AG/RES. 1999 (XXXIV-O/04)',
  title: null,
  body: 'GENERAL_ASSEMBLY',
  adopted: null,
  paragraph: '4 and 5',
  mandate: 'Asks the CIFTA Consultative Committee to approve a methodology.',
  responsible: 'CIFTA Consultative Committee; Permanent Council',
  reporting: null,
  source: 'http://m.state.gov/md60576.htm',
  confidence: 'medium',
  note: 'The title was not seen.',
};

describe(readImportRow.name, () => {
  it("reads the sample's names into the register's fields, nulls as absent", () => {
    expect(readImportRow(entry, new UnnumberedOrdinals())).toEqual({
      ok: true,
      notes: [],
      registration: {
        body: 'GENERAL_ASSEMBLY',
        resolutionSymbol: 'AG/RES. 1999 (XXXIV-O/04)',
        paragraph: '4-5',
        paragraphLabel: '4 and 5',
        text: 'Asks the CIFTA Consultative Committee to approve a methodology.',
        responsible: 'CIFTA Consultative Committee; Permanent Council',
        sourceUrl: 'http://m.state.gov/md60576.htm',
        sourceNote: 'The title was not seen.',
        confidence: 'medium',
      },
    });
  });

  it('numbers unnumbered paragraphs per resolution, in the order of the file', () => {
    const ordinals = new UnnumberedOrdinals();
    const read = (resolution: string) => {
      const reading = readImportRow({ ...entry, resolution, paragraph: null }, ordinals);
      return reading.ok ? reading.registration.ordinal : undefined;
    };
    expect(['AG/RES. 2461 (XXXIX-O/09)', 'AG/RES. 2461 (XXXIX-O/09)', 'CP/RES. 884 (1484/05)'].map(read)).toEqual([
      1, 2, 1,
    ]);
  });

  it('takes the body from the symbol when the row has none, and a source that is not a link as a document', () => {
    const { body: _body, ...bodiless } = entry;
    const reading = readImportRow({ ...bodiless, source: 'CP/CSH-701/05' }, new UnnumberedOrdinals());
    expect(reading).toMatchObject({
      ok: true,
      registration: { body: 'GENERAL_ASSEMBLY', sourceDocument: 'CP/CSH-701/05' },
    });
  });

  it('names an unknown column, a column given twice, and a paragraph it does not read', () => {
    const reading = readImportRow(
      { ...entry, paragraf: '3', resolutionSymbol: 'AG/RES. 1 (I-O/71)', paragraph: '4, 6 and 8' },
      new UnnumberedOrdinals(),
    );
    expect(reading.ok ? [] : reading.fields.map((f) => f.field)).toEqual(['paragraf', 'resolutionSymbol', 'paragraph']);
  });
});

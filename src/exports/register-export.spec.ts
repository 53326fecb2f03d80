import { spreadsheetSafe } from './register-export';

describe(spreadsheetSafe.name, () => {
  it.each([
    ['=HYPERLINK("http://example.org")', `'=HYPERLINK("http://example.org")`],
    ['+1', "'+1"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tx', "'\tx"],
    ['\rx', "'\rx"],
    ['Seguridad pública', 'Seguridad pública'],
    [2014, '2014'],
    [null, ''],
  ])('writes %j as %j', (value, cell) => {
    expect(spreadsheetSafe(value)).toBe(cell);
  });
});

import {
  actorProblem,
  dateProblem,
  emailProblem,
  latestDueDate,
  MAX_LENGTH,
  requestIdProblem,
  textProblem,
  urlProblem,
} from './fields';

describe('field checks', () => {
  describe(textProblem.name, () => {
    it.each([
      ['plain text', 'Coordination meeting'],
      ['tabs, line feeds and CRLF', 'Line one\r\nLine two\n\tindented'],
      ['accents and other scripts', 'Reunión de coordinación — Comité de Seguridad Hemisférica'],
      ['an emoji (a surrogate pair)', 'Done 👍'],
    ])('accepts %s', (_, value) => {
      expect(textProblem(value, 100)).toBeUndefined();
    });

    it.each([
      ['a NUL', 'a\u0000b'],
      ['a bare CR', 'a\rb'],
      ['a CR at the end', 'ab\r'],
      ['an escape (C0)', 'a\u001bb'],
      ['DEL', 'a\u007fb'],
      ['a C1 control (NEL)', 'a\u0085b'],
      ['a C1 control (CSI)', 'a\u009bb'],
      ['a lone high surrogate', 'a\uD800b'],
      ['a lone low surrogate', 'a\uDC00b'],
    ])('refuses %s', (_, value) => {
      expect(textProblem(value, 100)).toBe('$field must not contain control characters');
    });

    it('refuses empty and blank text, and text over its length', () => {
      expect(textProblem('', 10)).toBe('$field must not be empty');
      expect(textProblem(' \n\t ', 10)).toBe('$field must not be empty');
      expect(textProblem('x'.repeat(11), 10)).toBe('$field must be at most 10 characters');
      expect(textProblem(42, 10)).toBe('$field must be a string');
    });

    it('refuses line breaks in one-line fields (names, titles, symbols)', () => {
      expect(textProblem('Title\nInjected: line', 300, false)).toBe('$field must be one line');
      expect(textProblem('Title\u2028other', 300, false)).toBe('$field must be one line');
      expect(textProblem('Title', 300, false)).toBeUndefined();
    });
  });

  describe(dateProblem.name, () => {
    it.each(['2026-03-15', '1948-04-30', '2099-12-31', '2024-02-29'])('accepts %s', (value) => {
      expect(dateProblem(value)).toBeUndefined();
    });

    it.each([
      ['a non-date', 'soon', 'must be a date in the form YYYY-MM-DD'],
      ['a date-time', '2026-03-15T00:00:00Z', 'must be a date in the form YYYY-MM-DD'],
      ['30 February', '2026-02-30', 'must be a valid calendar date'],
      ['29 February of a common year', '2023-02-29', 'must be a valid calendar date'],
      ['a year before the OAS', '1900-01-01', 'must be between 1948-01-01 and 2099-12-31'],
      ['year 4069', '4069-01-01', 'must be between 1948-01-01 and 2099-12-31'],
    ])('refuses %s', (_, value, message) => {
      expect(dateProblem(value)).toBe(`$field ${message}`);
    });
  });

  it('puts the latest due date ten years after today', () => {
    expect(latestDueDate('2026-03-15')).toBe('2036-03-15');
  });

  it('checks e-mail addresses and URLs', () => {
    expect(emailProblem('maria.gonzalez@oas.org')).toBeUndefined();
    expect(emailProblem('maria@localhost')).toBe('$field must be an e-mail address');
    expect(emailProblem('a@b.org\r\nBcc: x@y.org')).toBe('$field must be an e-mail address');
    expect(urlProblem('https://scm.oas.org/doc_public/english/hist_26/cp1.docx')).toBeUndefined();
    expect(urlProblem('javascript:alert(1)')).toMatch(/http\(s\) URL/);
    expect(urlProblem(`https://x.org/${'a'.repeat(MAX_LENGTH.url)}`)).toMatch(/http\(s\) URL/);
  });

  it('checks who issues a command and the request id', () => {
    expect(actorProblem('maria.gonzalez')).toBeUndefined();
    expect(actorProblem('auth0|64f1c2')).toBeUndefined();
    expect(actorProblem('')).toMatch(/must name who issues the command/);
    expect(actorProblem('two words')).toMatch(/must name who issues the command/);
    expect(actorProblem(undefined)).toMatch(/must name who issues the command/);
    expect(requestIdProblem('walkthrough-assign')).toBeUndefined();
    expect(requestIdProblem('has space')).toMatch(/letters, digits/);
    expect(requestIdProblem('x'.repeat(201))).toMatch(/letters, digits/);
  });
});

import {
  actorProblem,
  datePattern,
  dateProblem,
  EMAIL_PATTERN,
  emailProblem,
  latestDueDate,
  MAX_LENGTH,
  requestIdProblem,
  textPattern,
  textProblem,
  URL_PATTERN,
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

/** Strings around the edges of the text rules: each pattern must agree with its check on every one. */
const TEXT_SAMPLES = [
  'Coordination meeting',
  'Line one\r\nLine two\n\tindented',
  'Reunión de coordinación — Comité',
  'Done 👍',
  '',
  ' ',
  ' \n\t ',
  '\u00a0',
  '\ufeff',
  '\u2028',
  'a\u2028b',
  'a\u2029b',
  'a\nb',
  'a\rb',
  'ab\r',
  'a\r\n',
  'a\u0000b',
  'a\u001bb',
  'a\u007fb',
  'a\u0085b',
  'a\u009bb',
  'a\tb',
  '\ta',
  'x',
];

describe('the OpenAPI patterns of the field checks', () => {
  it.each([true, false])('textPattern(multiline: %s) accepts exactly what textProblem accepts', (multiline) => {
    const pattern = new RegExp(textPattern(multiline));
    for (const sample of TEXT_SAMPLES) {
      expect([sample, pattern.test(sample)]).toEqual([sample, textProblem(sample, 100, multiline) === undefined]);
    }
  });

  it('counts characters as PostgreSQL does: an emoji is one', () => {
    expect(textProblem('👍'.repeat(10), 10)).toBeUndefined();
    expect(textProblem('👍'.repeat(11), 10)).toBe('$field must be at most 10 characters');
  });

  it('URL_PATTERN accepts exactly what urlProblem accepts', () => {
    const pattern = new RegExp(URL_PATTERN);
    for (const sample of [
      'https://scm.oas.org/doc.docx?x=1#y',
      'HTTP://oas.org',
      'http://',
      'ftp://oas.org',
      'https://oas.org/a b',
      'https://oas.org/\u00a0',
      'https://oas.org/\u0085',
      'https://oas.org/\u2028',
      'https:///path',
      'https://?q',
      'https://oas.org/é',
    ]) {
      expect([sample, pattern.test(sample)]).toEqual([sample, urlProblem(sample) === undefined]);
    }
  });

  it('datePattern states the years from one to another, in every month and day', () => {
    const pattern = new RegExp(datePattern(1948, 2035));
    expect(datePattern(1948, 2035)).toBe(
      '^(?:194[8-9]|195[0-9]|196[0-9]|197[0-9]|198[0-9]|199[0-9]|200[0-9]|201[0-9]|202[0-9]|203[0-5])-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])$',
    );
    for (const ok of ['1948-01-01', '2035-12-31', '2000-02-29']) expect(pattern.test(ok)).toBe(true);
    for (const refused of ['1947-12-31', '2036-01-01', '2026-13-01', '2026-00-10', '2026-01-32', '2026-1-01']) {
      expect(pattern.test(refused)).toBe(false);
    }
  });

  it('EMAIL_PATTERN is the check of e-mail addresses', () => {
    expect(new RegExp(EMAIL_PATTERN).test('maria.gonzalez@oas.org')).toBe(true);
    expect(new RegExp(EMAIL_PATTERN).test('maria@localhost')).toBe(false);
  });
});

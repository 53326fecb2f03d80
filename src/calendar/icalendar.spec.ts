import { escapeText, renderCalendar } from './icalendar';

describe(renderCalendar.name, () => {
  const now = new Date('2026-11-28T10:00:00.123Z');
  const ics = renderCalendar(
    'Reporting deadlines',
    [
      {
        uid: 'ag-res-2866-xliv-o-14-p3-c0@mandate-tracker',
        date: '2027-06-21',
        summary: 'Progress report due: AG/RES. 2866 (XLIV-O/14) § 3',
        description: `Advancing Hemispheric Security; a multidimensional approach, with commas\nResponsible: María (DPS) ${'é'.repeat(60)}`,
      },
    ],
    now,
  );
  const lines = ics.split('\r\n');

  it('writes CRLF lines, an all-day event and a UTC stamp', () => {
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toContain('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        'DTSTART;VALUE=DATE:20270621',
        'DTEND;VALUE=DATE:20270622',
        'DTSTAMP:20261128T100000Z',
        'UID:ag-res-2866-xliv-o-14-p3-c0@mandate-tracker',
      ]),
    );
  });

  it('escapes commas, semicolons and line breaks in text', () => {
    const description = ics
      .replace(/\r\n /g, '')
      .split('\r\n')
      .find((l) => l.startsWith('DESCRIPTION:'));
    expect(description).toContain('Security\\; a multidimensional approach\\, with commas\\nResponsible: María');
  });

  it('folds lines at 75 octets without splitting a character', () => {
    for (const line of lines) expect(Buffer.byteLength(line)).toBeLessThanOrEqual(75);
    expect(ics).not.toContain('\uFFFD');
    expect(ics.replace(/\r\n /g, '')).toContain('é'.repeat(60));
  });
});

describe(escapeText.name, () => {
  it('writes every kind of line break as an escaped \\n, so that no value can start a line of its own', () => {
    for (const lineBreak of ['\r\n', '\n', '\r', '\u0085', '\u2028', '\u2029']) {
      expect(escapeText(`Title${lineBreak}BEGIN:VEVENT`)).toBe('Title\\nBEGIN:VEVENT');
    }
  });

  it('drops the control characters RFC 5545 forbids in TEXT, keeping tabs', () => {
    expect(escapeText('a\u0000b\u0007c\u001bd\u007fe\u009bf\tg')).toBe('abcdef\tg');
  });

  it('escapes backslash, semicolon and comma', () => {
    expect(escapeText('a\\b;c,d:e')).toBe('a\\\\b\\;c\\,d:e');
  });

  it('keeps a hostile title and calendar name inside their own lines', () => {
    const ics = renderCalendar(
      'Deadlines\rX-INJECTED:1',
      [
        {
          uid: 'm-c0@mandate-tracker',
          date: '2027-06-21',
          summary: 'Due\r\nEND:VEVENT\rBEGIN:VEVENT\nUID:forged',
          description: 'x\u2028DTSTART:20000101',
        },
      ],
      new Date('2026-11-28T10:00:00Z'),
    );
    const lines = ics.replace(/\r\n /g, '').split('\r\n');
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(lines.filter((l) => l.startsWith('BEGIN:VEVENT'))).toHaveLength(1);
    expect(lines.filter((l) => /^(UID|DTSTART|X-INJECTED)/.test(l))).toEqual([
      'UID:m-c0@mandate-tracker',
      'DTSTART;VALUE=DATE:20270621',
    ]);
  });
});

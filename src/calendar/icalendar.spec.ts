import { renderCalendar } from './icalendar';

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

import { BadRequestException } from '@nestjs/common';
import { decodeCursor, effectiveSort, encodeCursor, filterConditions, pageStatement } from './mandate-search';

describe('mandate search', () => {
  it('reads back the cursors it writes, for the same sort only', () => {
    const cursor = encodeCursor({ sort: '-adopted', key: '2014-06-05', id: 'ag-res-2866-xliv-o-14-p3' });
    expect(decodeCursor(cursor, '-adopted')).toEqual({
      sort: '-adopted',
      key: '2014-06-05',
      id: 'ag-res-2866-xliv-o-14-p3',
    });
    expect(() => decodeCursor(cursor, 'due')).toThrow(BadRequestException);
    expect(() => decodeCursor('bm90IGEgY3Vyc29y', 'due')).toThrow(BadRequestException);
  });

  it.each([
    ['-adopted', '2014-06-05', '2014-13-01'],
    ['due', 'infinity', '2023-02-30'],
    ['-updated', '2026-03-15 09:30:00.123456+00', '2026-03-15 24:00:00+00'],
    ['updated', '2026-03-15 09:30:00-05:30', '2026-03-15T09:30:00Z'],
    ['relevance', '0.0607927', '1e39'],
    ['symbol', 'AG/RES. 02866', 'AG\u0000'],
  ] as const)('on sort %s, reads back key %p and refuses a forged %p (it would fail the cast)', (sort, key, forged) => {
    const id = 'ag-res-2866-xliv-o-14-p3';
    expect(decodeCursor(encodeCursor({ sort, key, id }), sort)).toEqual({ sort, key, id });
    expect(() => decodeCursor(encodeCursor({ sort, key: forged, id }), sort)).toThrow(BadRequestException);
    expect(() => decodeCursor(encodeCursor({ sort, key, id: 'Not an id' }), sort)).toThrow(BadRequestException);
  });

  it('sorts by relevance with words, else newest adopted first; relevance without words is refused', () => {
    expect(effectiveSort(undefined, 'gangs')).toBe('relevance');
    expect(effectiveSort(undefined, undefined)).toBe('-adopted');
    expect(() => effectiveSort('relevance', undefined)).toThrow(BadRequestException);
  });

  it('writes due and adoption filters on the sort keys, with parameters only', () => {
    const sql = filterConditions(
      { dueWithin: 30, overdue: false, adoptedTo: '2009-12-31', officer: "o'brien" },
      '2026-03-15',
    );
    expect(sql.conditions).toEqual([
      'm.officer = $1',
      'm.adopted_key <= $2::date',
      'm.due_key BETWEEN $3::date AND $4::date',
      'm.due_key >= $5::date',
    ]);
    expect(sql.params).toEqual(["o'brien", '2009-12-31', '2026-03-15', '2026-04-14', '2026-03-15']);
  });

  it('pages after the cursor in the direction of the sort, one row more than asked', () => {
    const { sql, params } = pageStatement('m.id', {}, '-due', 20, { sort: '-due', key: '2027-01-01', id: 'x' });
    expect(sql).toContain('(m.due_key, m.id) < ($1::date, $2)');
    expect(sql).toContain('ORDER BY m.due_key DESC, m.id DESC LIMIT $3');
    expect(params).toEqual(['2027-01-01', 'x', 21]);
  });
});

import { formatTable } from '../../../../scripts/warehouse/table';

describe('formatTable', () => {
  it('aligns columns, right-aligning numeric ones (numbers or decimals as text)', () => {
    const table = formatTable([
      { country: 'DE', events: 1200, revenue: '19.90', first_seen: '2024-05-01 10:30:00' },
      { country: 'PT', events: 7, revenue: '1234.50', first_seen: null },
    ]);
    expect(table.split('\n')).toEqual([
      'country | events | revenue | first_seen',
      '--------+--------+---------+--------------------',
      'DE      |   1200 |   19.90 | 2024-05-01 10:30:00',
      'PT      |      7 | 1234.50 | NULL',
      '(2 rows)',
    ]);
  });

  it('says when there are no rows, and counts one row in the singular', () => {
    expect(formatTable([])).toBe('(0 rows)');
    expect(
      formatTable([{ ok: true }])
        .split('\n')
        .at(-1),
    ).toBe('(1 row)');
  });

  it('widens a column to its header and prints booleans and NULL', () => {
    expect(
      formatTable([{ is_bot: false, note: null }])
        .split('\n')
        .slice(0, 3),
    ).toEqual(['is_bot | note', '-------+-----', 'false  | NULL']);
  });
});

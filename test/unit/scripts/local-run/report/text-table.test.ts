import { textTable, truncate } from '../../../../../scripts/local-run/report/text-table';

describe('textTable', () => {
  const rows = Array.from({ length: 8 }, (_, index) => ({
    device_name: index === 0 ? 'smart_tv' : `device-${index}`,
    accesses: 1000 * (8 - index),
    share_percent: (12.5).toFixed(2),
  }));

  it('right-aligns numbers and cuts long answers with the count of rows left out', () => {
    const lines = textTable(rows, { maxRows: 3 });

    expect(lines).toEqual([
      'device_name  accesses  share_percent',
      'smart_tv        8,000          12.50',
      'device-1        7,000          12.50',
      'device-2        6,000          12.50',
      '… 5 more',
    ]);
  });

  it('narrows the widest columns until every line fits the width', () => {
    const wide = [{ page_path: `/${'a'.repeat(60)}`, user_agent: 'b'.repeat(60), views: 3 }];

    const lines = textTable(wide, { width: 50, indent: '  ' });

    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(50);
    expect(lines[1]).toContain('…');
  });

  it('keeps cells whole up to the widest cell asked for', () => {
    const long = 'x'.repeat(60);
    expect(textTable([{ name: long }])[1]).toBe(`${'x'.repeat(39)}…`);
    expect(textTable([{ name: long }], { widestCell: 100 })[1]).toBe(long);
  });

  it('says so when there is no row', () => {
    expect(textTable([], { indent: '    ' })).toEqual(['    (no rows)']);
  });

  it('truncates by characters, not UTF-16 units', () => {
    expect(truncate('😀😀😀😀', 3)).toBe('😀😀…');
    expect(truncate('short', 10)).toBe('short');
  });
});

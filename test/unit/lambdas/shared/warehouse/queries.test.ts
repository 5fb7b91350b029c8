import { QueryDefinitionError } from '../../../../../lambdas/shared/warehouse/errors';
import { listQueries, loadQuery } from '../../../../../lambdas/shared/warehouse/queries';
import { useSqlFolder } from '../../../../fixtures/sql-folder';

const sql = useSqlFolder();

const topCountries = [
  '-- Top countries by access events on a day',
  '-- @param day 2024-05-01 The day to report on',
  '-- @param top 10 How many countries',
  '-- Longer explanation that is not the description.',
  'SELECT country, COUNT(*) AS events',
  'FROM dw.fact_access WHERE event_date = CAST(:day AS DATE)',
  'GROUP BY country ORDER BY events DESC LIMIT CAST(:top AS INT);',
].join('\n');

describe('loadQuery', () => {
  it('reads the description, the declared parameters and their defaults', () => {
    sql().write({ 'top_countries.sql': topCountries });
    const query = loadQuery(sql().root, 'top_countries');
    expect(query.description).toBe('Top countries by access events on a day');
    expect(query.declared).toEqual([
      { name: 'day', defaultValue: '2024-05-01', description: 'The day to report on' },
      { name: 'top', defaultValue: '10', description: 'How many countries' },
    ]);
    expect(query.parameters).toEqual({ day: '2024-05-01', top: '10' });
    expect(query.sql).toMatch(/^-- Top countries[\s\S]*LIMIT CAST\(:top AS INT\)$/);
  });

  it('lets given values override defaults', () => {
    sql().write({ 'top_countries.sql': topCountries });
    expect(loadQuery(sql().root, 'top_countries', { top: '3' }).parameters).toEqual({
      day: '2024-05-01',
      top: '3',
    });
  });

  it.each([
    [{ nope: '1' }, /unknown parameter nope/],
    [{ top: '' }, /parameter top needs a non-empty value/],
  ])('refuses bad values %p', (values, message) => {
    sql().write({ 'top_countries.sql': topCountries });
    expect(() => loadQuery(sql().root, 'top_countries', values)).toThrow(message);
  });

  it.each([
    ['SELECT :x;', /:x used but not declared/],
    ['-- d\n-- @param x 1 d\nSELECT 1;', /x declared but never used/],
    ['-- d\nSELECT 1; SELECT 2;', /exactly one statement, found 2/],
    ['-- d\n-- @param x\nSELECT :x;', /needs a name and a default value/],
  ])('refuses a malformed file %#', (text, message) => {
    sql().write({ 'bad.sql': text });
    expect(() => loadQuery(sql().root, 'bad')).toThrow(QueryDefinitionError);
    expect(() => loadQuery(sql().root, 'bad')).toThrow(message);
  });

  it('refuses names that are not query names, and missing queries', () => {
    expect(() => loadQuery(sql().root, '../secrets')).toThrow(/is not a query name/);
    expect(() => loadQuery(sql().root, 'missing')).toThrow(/No query named "missing"/);
  });
});

describe('listQueries', () => {
  it('lists every query by name with description and parameters', () => {
    sql().write({
      'top_countries.sql': topCountries,
      'daily_revenue.sql': '-- Revenue per day\nSELECT 1 AS revenue;',
      'notes.txt': 'ignored',
    });
    expect(
      listQueries(sql().root).map(({ name, description, declared }) => [
        name,
        description,
        declared.length,
      ]),
    ).toEqual([
      ['daily_revenue', 'Revenue per day', 0],
      ['top_countries', 'Top countries by access events on a day', 2],
    ]);
  });
});

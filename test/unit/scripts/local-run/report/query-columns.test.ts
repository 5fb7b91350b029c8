import { listQueries } from '../../../../../lambdas/shared/warehouse/queries';
import {
  CHARTED_QUERIES,
  TRAFFIC_QUERY,
} from '../../../../../scripts/local-run/report/query-columns';
import { localRunFigures } from '../../../../fixtures/local-run-figures';
import { QUERIES_DIRECTORY, selectAliases, selectAliasesOfQuery } from './select-aliases';

describe('the columns the charts read', () => {
  it.each(CHARTED_QUERIES.map((chart) => [chart.query, chart.columns] as const))(
    '%s: every charted column is a SELECT alias of the query file',
    (query, columns) => {
      const aliases = selectAliasesOfQuery(query);

      expect(aliases.length).toBeGreaterThan(0);
      for (const column of columns) expect(aliases).toContain(column);
    },
  );
});

describe('the traffic query', () => {
  it('is a query of sql/queries', () => {
    expect(listQueries(QUERIES_DIRECTORY).map((query) => query.name)).toContain(TRAFFIC_QUERY);
  });
});

describe('the report fixture', () => {
  const figures = localRunFigures();

  it('answers every query of sql/queries, in file order, with its description', () => {
    const files = listQueries(QUERIES_DIRECTORY);

    expect(figures.analytics.queries.map((query) => [query.name, query.description])).toEqual(
      files.map((query) => [query.name, query.description]),
    );
  });

  it.each(localRunFigures().analytics.queries.map((query) => [query.name] as const))(
    '%s: rows carry exactly the SELECT aliases, in order',
    (name) => {
      const rows = figures.analytics.queries.find((query) => query.name === name)?.rows ?? [];
      const aliases = selectAliasesOfQuery(name);

      expect(rows.length).toBeGreaterThan(0);
      for (const row of rows) expect(Object.keys(row)).toEqual(aliases);
    },
  );
});

describe('selectAliases', () => {
  it('names items by alias, or by their last identifier, ignoring nested SELECTs', () => {
    const sql = `-- a comment, with a SELECT x FROM y in it
      SELECT t.a, COUNT(*) AS n, CAST(x AS DECIMAL(5, 2)) AS share, 'a, b' AS label
      FROM (SELECT a, b FROM inner_table) AS t`;

    expect(selectAliases(sql)).toEqual(['a', 'n', 'share', 'label']);
  });
});

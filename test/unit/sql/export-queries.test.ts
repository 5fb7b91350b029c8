/**
 * sql/exports: the recommendation export's queries against the rules the other SQL keeps, the
 * windows they share with the transforms, and the database role that may run them.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXPORT_DATABASE_ROLE } from '../../../infra/aws/facts/recommendation-export';
import {
  SNAPSHOT_QUERY_NAMES,
  loadSnapshotQueries,
  snapshotQueryDirectory,
} from '../../../lambdas/export-recommendations/snapshot-queries';
import { declaredParameters } from '../../../lambdas/shared/warehouse/queries';
import {
  DATA_API_LIMITS,
  splitStatements,
  statementSize,
} from '../../../lambdas/shared/warehouse/sql-statements';

const SQL = join(__dirname, '../../../sql');
const read = (file: string): string => readFileSync(join(SQL, file), 'utf8');
const queries = loadSnapshotQueries(SQL);
const settingOf = (file: string, name: string): string | undefined =>
  declaredParameters(file, read(file)).find((parameter) => parameter.name === name)?.defaultValue;
const withoutComments = (sql: string): string => sql.replace(/--[^\n]*\n/g, ' ');

describe('sql/exports/recommendations', () => {
  it('holds exactly the files the export runs', () => {
    expect(
      readdirSync(snapshotQueryDirectory(SQL))
        .filter((file) => file.endsWith('.sql'))
        .sort(),
    ).toEqual(SNAPSHOT_QUERY_NAMES.map((name) => `${name}.sql`).sort());
  });

  it.each(SNAPSHOT_QUERY_NAMES)(
    '%s is one described SELECT within the Data API’s limit, avoiding refused constructs',
    (name) => {
      const text = read(`exports/recommendations/${name}.sql`);
      const { sql } = queries[name];
      expect(text).toMatch(/^-- [A-Z]/);
      expect(withoutComments(sql)).toMatch(/^\s*(SELECT|WITH)\b/);
      expect(statementSize(sql)).toBeLessThan(DATA_API_LIMITS.charactersPerStatement);
      expect(sql).not.toMatch(/\b(QUALIFY|PIVOT|UNPIVOT|SELECT\s+TOP)\b/i);
      expect(sql).not.toMatch(/\bMEDIAN\s*\([^)]*\)\s*OVER\b/i);
    },
  );

  it.each(['related_products', 'popular_products', 'customer_profiles'] as const)(
    '%s returns its rows in key order, each item’s rows together',
    (name) => {
      const key = {
        related_products: 'product_id',
        popular_products: 'country',
        customer_profiles: 'customer_id',
      }[name];
      expect(withoutComments(queries[name].sql)).toMatch(
        new RegExp(`ORDER BY \\w+\\.${key}, \\w+\\.\\w+_rank\\s*$`),
      );
    },
  );

  it('reads the affinities’ window for the profiles, and the popularity window and size for every country', () => {
    expect(queries.customer_profiles.settings.profile_days).toBe(
      settingOf('transforms/17_fact_item_affinity.sql', 'affinity_days'),
    );
    expect(queries.popular_everywhere.settings.popularity_days).toBe(
      settingOf('transforms/18_fact_popular_product.sql', 'popularity_days'),
    );
    expect(queries.popular_everywhere.settings.popular_everywhere).toBe(
      settingOf('transforms/18_fact_popular_product.sql', 'popular_per_country'),
    );
  });
});

describe(`the export's database role (${EXPORT_DATABASE_ROLE})`, () => {
  const migration = readdirSync(join(SQL, 'migrations')).find((file) =>
    read(`migrations/${file}`).includes(`CREATE ROLE ${EXPORT_DATABASE_ROLE};`),
  );
  const grants = splitStatements(migration ? read(`migrations/${migration}`) : '').map((s) =>
    withoutComments(`${s}\n`).replace(/\s+/g, ' ').trim(),
  );
  const tablesRead = [
    ...new Set(
      SNAPSHOT_QUERY_NAMES.flatMap((name) =>
        [...withoutComments(queries[name].sql).matchAll(/\b(?:FROM|JOIN)\s+(\w+\.\w+)/gi)].map(
          (match) => match[1]!.toLowerCase(),
        ),
      ),
    ),
  ].sort();

  it('is created by a migration', () => {
    expect(migration).toMatch(/^V\d{3}__\w+\.sql$/);
  });

  it('reads the tables of the snapshot and the sales', () => {
    // Sanity of the reader: the two snapshots, and the sales with their countries.
    expect(tablesRead).toEqual([
      'dw.dim_geography',
      'dw.fact_item_affinity',
      'dw.fact_popular_product',
      'dw.fact_sale',
    ]);
  });

  it('may SELECT exactly the tables the export reads, and nothing more', () => {
    const granted = grants
      .flatMap(
        (statement) =>
          new RegExp(`^GRANT SELECT ON (\\w+\\.\\w+) TO ROLE ${EXPORT_DATABASE_ROLE}$`).exec(
            statement,
          )?.[1] ?? [],
      )
      .sort();
    const usage = grants.flatMap(
      (statement) =>
        new RegExp(`^GRANT USAGE ON SCHEMA (\\w+) TO ROLE ${EXPORT_DATABASE_ROLE}$`).exec(
          statement,
        )?.[1] ?? [],
    );

    expect(granted).toEqual(tablesRead);
    expect(usage).toEqual([...new Set(tablesRead.map((table) => table.split('.')[0]))]);
    // Every statement is one of those grants or the role itself: no write, no default privileges.
    expect(grants.length).toBe(granted.length + usage.length + 1);
  });
});

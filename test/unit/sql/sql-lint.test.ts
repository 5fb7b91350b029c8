import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadPlatform, sourceDatasets, type Column, type ZoneName } from '../../../infra/platform';
import { ELT_CATCH_UP_DAYS } from '../../../infra/aws/facts/warehouse';
import {
  declaredParameters,
  listQueries,
  loadQuery,
} from '../../../lambdas/shared/warehouse/queries';
import {
  DATA_API_LIMITS,
  splitStatements,
  statementSize,
} from '../../../lambdas/shared/warehouse/sql-statements';
import {
  commentProblems,
  distributionProblems,
  encodingProblems,
  factKeyProblems,
  parseTables,
  schemaAfter,
  sortKeyEncodingProblems,
  tableProblems,
  type TableDesign,
} from './table-design-lint';

const SQL = join(__dirname, '../../../sql');
const sqlFiles = (folder: string): string[] =>
  readdirSync(join(SQL, folder))
    .filter((file) => file.endsWith('.sql'))
    .sort()
    .map((file) => `${folder}/${file}`);
const read = (file: string): string => readFileSync(join(SQL, file), 'utf8');
const exportFiles = (): string[] =>
  readdirSync(join(SQL, 'exports')).flatMap((folder) => sqlFiles(`exports/${folder}`));
const MIGRATIONS = sqlFiles('migrations');
const TABLES: TableDesign[] = schemaAfter(MIGRATIONS.map(read));

/** Why SQL text cannot run as one Data API batch (with `reserved` statements the runner adds). */
function batchProblems(file: string, reserved: number, text = read(file)): string[] {
  const statements = splitStatements(text);
  const problems: string[] = [];
  if (statements.length + reserved > DATA_API_LIMITS.statementsPerBatch)
    problems.push(`${file}: ${statements.length} statements (+${reserved}) exceed one batch`);
  let total = 0;
  for (const statement of statements) {
    total += statementSize(statement);
    if (statementSize(statement) > DATA_API_LIMITS.charactersPerStatement)
      problems.push(`${file}: a statement is larger than the Data API accepts`);
  }
  if (total > DATA_API_LIMITS.charactersPerBatch) problems.push(`${file}: the batch is too large`);
  return problems;
}

const GOOD_FACT = `
-- Keys: distributed on customer_id to co-locate with dim_customer, sorted by sale_time for ranges.
CREATE TABLE dw.fact_example (
  sale_time TIMESTAMP NOT NULL ENCODE RAW,
  customer_id VARCHAR(64) ENCODE ZSTD,
  amount DECIMAL(12, 2) ENCODE AZ64,
  PRIMARY KEY (customer_id, sale_time)
)
DISTKEY (customer_id)
SORTKEY (sale_time);`;

function table(sql: string): TableDesign {
  const [parsed] = parseTables(sql);
  if (parsed === undefined) throw new Error('the snippet creates no table');
  return parsed;
}

describe('table design lint: each rule fails on a table that breaks it', () => {
  it('passes a well-designed fact', () => {
    expect(tableProblems(table(GOOD_FACT))).toEqual([]);
  });

  it.each([
    [
      'a fact without DISTKEY',
      (sql: string) => sql.replace('DISTKEY (customer_id)', 'DISTSTYLE EVEN'),
      factKeyProblems,
    ],
    [
      'a fact without SORTKEY',
      (sql: string) => sql.replace('SORTKEY (sale_time)', ''),
      factKeyProblems,
    ],
    [
      'a table without any distribution',
      (sql: string) => sql.replace('DISTKEY (customer_id)', ''),
      distributionProblems,
    ],
    [
      'a column without ENCODE',
      (sql: string) => sql.replace('VARCHAR(64) ENCODE ZSTD', 'VARCHAR(64)'),
      encodingProblems,
    ],
    [
      'AZ64 on a text column',
      (sql: string) => sql.replace('VARCHAR(64) ENCODE ZSTD', 'VARCHAR(64) ENCODE AZ64'),
      encodingProblems,
    ],
    [
      'a compressed leading sort key column',
      (sql: string) => sql.replace('ENCODE RAW', 'ENCODE AZ64'),
      sortKeyEncodingProblems,
    ],
    [
      'no why-comment',
      (sql: string) => sql.replace(/^-- Keys:.*$/m, '-- A table.'),
      commentProblems,
    ],
  ])('flags %s', (_case, breakIt, rule) => {
    // Arrange
    const bad = table(breakIt(GOOD_FACT));

    // Act
    const problems = rule(bad);

    // Assert
    expect(problems).toHaveLength(1);
    expect(rule(table(GOOD_FACT))).toEqual([]);
  });

  it('flags a dimension that is neither replicated nor key-distributed', () => {
    // Arrange
    const dimension = table(
      `-- Keys: none.\nCREATE TABLE dw.dim_example (id INTEGER ENCODE RAW) DISTSTYLE EVEN SORTKEY (id);`,
    );

    // Act & Assert
    expect(distributionProblems(dimension)).toHaveLength(1);
  });

  it('follows tables dropped, and made again under a new name then renamed into place', () => {
    // Arrange
    const first = GOOD_FACT;
    const rebuilt = `DROP TABLE dw.fact_gone;\n${GOOD_FACT.replace('fact_example', 'fact_example_v2').replace('VARCHAR(64)', 'VARCHAR(253)')}\nDROP TABLE dw.fact_example;\nALTER TABLE dw.fact_example_v2 RENAME TO fact_example;`;
    const gone = GOOD_FACT.replace('fact_example', 'fact_gone');

    // Act
    const tables = schemaAfter([first, gone, rebuilt]);

    // Assert
    expect(tables.map((t) => t.name)).toEqual(['dw.fact_example']);
    expect(tables[0]?.columns.find((c) => c.name === 'customer_id')?.type).toBe('VARCHAR(253)');
    expect(tables[0]?.comment).toMatch(/^Keys:/);
  });

  it('flags SQL that does not fit one Data API batch', () => {
    // Arrange
    const fits = 'SELECT 1;\n'.repeat(DATA_API_LIMITS.statementsPerBatch - 1);
    const huge = `SELECT '${'x'.repeat(DATA_API_LIMITS.charactersPerStatement)}';`;

    // Act & Assert: the runner's history row is the statement too many.
    expect(batchProblems('fits.sql', 1, fits)).toEqual([]);
    expect(batchProblems('too-many.sql', 1, `${fits}SELECT 2;`)).toHaveLength(1);
    expect(batchProblems('huge.sql', 0, huge)).toHaveLength(1);
  });
});

describe('sql/migrations', () => {
  it('create the star schema the queries use', () => {
    expect(
      TABLES.filter((t) => t.name.startsWith('dw.'))
        .map((t) => t.name)
        .sort(),
    ).toEqual([
      'dw.dim_content',
      'dw.dim_customer',
      'dw.dim_date',
      'dw.dim_device',
      'dw.dim_geography',
      'dw.dim_product',
      'dw.elt_loaded_range',
      'dw.fact_access_event',
      'dw.fact_churn_training',
      'dw.fact_customer_features',
      'dw.fact_customer_rfm',
      'dw.fact_interaction',
      'dw.fact_item_affinity',
      'dw.fact_popular_product',
      'dw.fact_sale',
      'dw.fact_web_request',
    ]);
  });

  it.each(TABLES.map((t) => [t.name, t] as const))(
    '%s follows the table design rules',
    (_name, t) => {
      expect(tableProblems(t)).toEqual([]);
    },
  );

  it('replicate the small dimensions and distribute customers like the sales fact', () => {
    const byName = new Map(TABLES.map((t) => [t.name, t]));
    for (const name of ['date', 'device', 'content', 'geography', 'product'])
      expect(byName.get(`dw.dim_${name}`)?.distStyle).toBe('ALL');
    expect(byName.get('dw.dim_customer')?.distKey).toBe(byName.get('dw.fact_sale')?.distKey);
  });

  it.each(MIGRATIONS)('%s fits one batch with the runner’s history row', (file) => {
    expect(batchProblems(file, 1)).toEqual([]);
  });

  it('leave ops.schema_migrations to the migration runner', () => {
    for (const file of MIGRATIONS) expect(read(file)).not.toMatch(/schema_migrations/i);
  });
});

describe('staging tables mirror the lake datasets they load (COPY from Parquet maps columns by position)', () => {
  const platform = loadPlatform('dev');
  const redshiftType = (column: Column): RegExp => {
    const decimal = /^decimal\((\d+),(\d+)\)$/.exec(column.type);
    if (decimal) return new RegExp(`^DECIMAL\\(${decimal[1]},${decimal[2]}\\)$`);
    const types: Record<string, RegExp> = {
      string: /^VARCHAR\(\d+\)$/,
      int: /^INTEGER$/,
      bigint: /^BIGINT$/,
      double: /^DOUBLE PRECISION$/,
      boolean: /^BOOLEAN$/,
      date: /^DATE$/,
      timestamp: /^TIMESTAMP$/,
    };
    return types[column.type] ?? /^$/;
  };

  /** `[staging table, zone, dataset]` of each load's COPY. */
  const copies = sqlFiles('loads').map((file) => {
    const copy =
      /COPY (staging\.[a-z_]+)\s+FROM 's3:\/\/\{\{(CLEAN|CURATED)_BUCKET\}\}\/([a-z_]+)\//.exec(
        read(file),
      );
    if (!copy) throw new Error(`${file} has no COPY from a lake dataset`);
    return [copy[1]!, copy[2]!.toLowerCase(), copy[3]!] as const;
  });

  it('loads every clean source dataset and the curated customer snapshots', () => {
    expect(copies.map(([, zone, dataset]) => `${zone}/${dataset}`)).toEqual([
      ...sourceDatasets(platform).map((dataset) => `clean/${dataset.name}`),
      'curated/customer_rfm',
      'curated/customer_features',
      'curated/churn_training',
    ]);
  });

  it.each(copies)(
    '%s has the columns of the %s dataset %s, in order, with matching types',
    (table, zone, name) => {
      const dataset = platform.datasets.find(
        (candidate) => candidate.name === name && candidate.zones.includes(zone as ZoneName),
      );
      const staging = TABLES.find((t) => t.name === table);
      expect(dataset).toBeDefined();
      expect(staging?.columns.map((c) => c.name)).toEqual(dataset?.columns.map((c) => c.name));
      dataset?.columns.forEach((column, index) =>
        expect(staging?.columns[index]?.type).toMatch(redshiftType(column)),
      );
    },
  );
});

describe('sql/loads and sql/transforms', () => {
  it.each([...sqlFiles('loads'), ...sqlFiles('transforms')])(
    '%s fits one Data API batch',
    (file) => {
      expect(batchProblems(file, 0)).toEqual([]);
    },
  );

  it.each(sqlFiles('loads'))('%s empties its staging table with DELETE, then COPYs', (file) => {
    const [empty, copy, ...rest] = splitStatements(read(file));
    expect(empty).toMatch(/^(--[^\n]*\n)*DELETE FROM staging\.[a-z_]+$/);
    // The clean zone's events load the run's range; the curated snapshots, the run's day.
    expect(copy).toMatch(
      /^COPY staging\.[a-z_]+\s+FROM 's3:\/\/\{\{(CLEAN_BUCKET\}\}\/.*\{\{PARTITION_PATH|CURATED_BUCKET\}\}\/.*\{\{DAY_PATH)\}\}\/'/,
    );
    expect(rest).toEqual([]);
    expect(read(file)).not.toMatch(/\bTRUNCATE\b/i);
  });

  it.each(sqlFiles('transforms').filter((f) => /\/1\d_fact_/.test(f)))(
    "%s replaces its days: DELETE of the run's range, or of its as-of day, before the INSERT",
    (file) => {
      const statements = splitStatements(read(file)).map((s) =>
        s.replace(/--[^\n]*\n/g, '').replace(/\s+/g, ' '),
      );
      expect(statements[0]).toMatch(
        /^DELETE FROM dw\.fact_[a-z_]+ WHERE [a-z_]+ (= CAST\(:run_date AS DATE\)|BETWEEN CAST\(:from_date AS DATE\) AND CAST\(:run_date AS DATE\))$/,
      );
      expect(statements.slice(1).every((s) => s.startsWith('INSERT INTO'))).toBe(true);
    },
  );
});

describe('the ELT range', () => {
  const STAGED_EVENT_DAY = /CAST\([a-z_]+ AS DATE\)\s*=\s*CAST\(:run_date AS DATE\)/;

  it.each(sqlFiles('transforms'))(
    "%s reads staged events over the run's range, never its last day alone",
    (file) => {
      // A catch-up run stages many days; a filter on the run's day alone would drop the rest.
      expect(read(file)).not.toMatch(STAGED_EVENT_DAY);
    },
  );

  it('catches up at least the longest window a transform or an export reads', () => {
    const windows = [...sqlFiles('transforms'), ...exportFiles()].flatMap((file) =>
      declaredParameters(file, read(file))
        .filter((parameter) => parameter.name.endsWith('_days'))
        .map((parameter) => ({ file, days: Number(parameter.defaultValue) })),
    );
    expect(windows.length).toBeGreaterThan(0);
    expect(windows.filter(({ days }) => !(days <= ELT_CATCH_UP_DAYS))).toEqual([]);
  });
});

describe('sql/queries', () => {
  it('count pages by one static-asset rule wherever they declare it', () => {
    const rules = listQueries(join(SQL, 'queries')).flatMap((query) =>
      query.declared
        .filter((parameter) => parameter.name === 'static_assets')
        .map((parameter) => [query.name, parameter.defaultValue] as const),
    );
    expect(rules.map(([name]) => name)).toEqual(['most_visited_pages', 'web_sessions']);
    expect(new Set(rules.map(([, pattern]) => pattern)).size).toBe(1);
    // No backslash: Redshift string literals and PostgreSQL's would read it differently.
    expect(rules[0]?.[1]).not.toContain('\\');
  });

  it.each(listQueries(join(SQL, 'queries')).map((q) => q.name))(
    '%s is one described SELECT whose parameters are declared, avoiding refused constructs',
    (name) => {
      const query = loadQuery(join(SQL, 'queries'), name);
      expect(query.description).not.toBe('');
      expect(query.sql).toMatch(/^(--[^\n]*\n)*\s*(SELECT|WITH)\b/);
      expect(query.sql).not.toMatch(/\b(QUALIFY|PIVOT|UNPIVOT|SELECT\s+TOP)\b/i);
      expect(query.sql).not.toMatch(/\bMEDIAN\s*\([^)]*\)\s*OVER\b/i);
    },
  );
});

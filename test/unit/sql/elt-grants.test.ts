import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { splitStatements } from '../../../lambdas/shared/warehouse/sql-statements';

const SQL = join(__dirname, '../../../sql');
const statementsOf = (folder: string): string[] =>
  readdirSync(join(SQL, folder))
    .filter((file) => file.endsWith('.sql'))
    .flatMap((file) => splitStatements(readFileSync(join(SQL, folder, file), 'utf8')))
    .map((statement) => statement.replace(/--[^\n]*\n/g, ' ').replace(/\s+/g, ' '));

type Privileges = Record<string, string[]>;

/** The warehouse's schemas (`CREATE SCHEMA` in the migrations, and the runner's `ops`). */
const SCHEMAS = new Set([
  'ops',
  ...readdirSync(join(SQL, 'migrations')).flatMap((file) =>
    [
      ...readFileSync(join(SQL, 'migrations', file), 'utf8').matchAll(/^CREATE SCHEMA (\w+);/gm),
    ].map((match) => match[1]!),
  ),
]);

function add(privileges: Map<string, Set<string>>, schema: string, privilege: string): void {
  // `EXTRACT(YEAR FROM run.calendar_date)` names an alias, not a schema.
  if (!SCHEMAS.has(schema)) return;
  const set = privileges.get(schema) ?? new Set<string>();
  set.add(privilege);
  privileges.set(schema, set);
}

function sorted(privileges: Map<string, Set<string>>): Privileges {
  return Object.fromEntries(
    [...privileges.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([s, p]) => [s, [...p].sort()]),
  );
}

/** What the ELT's statements do to each schema's tables, read from the SQL itself. */
function privilegesUsed(statements: readonly string[]): Privileges {
  const used = new Map<string, Set<string>>();
  for (const statement of statements) {
    const writes: Array<[RegExp, string]> = [
      [/\bDELETE FROM (\w+)\./gi, 'DELETE'],
      [/\bCOPY (\w+)\./gi, 'INSERT'],
      [/\bINSERT INTO (\w+)\./gi, 'INSERT'],
      [/\bUPDATE (\w+)\./gi, 'UPDATE'],
    ];
    for (const [pattern, privilege] of writes)
      for (const match of statement.matchAll(pattern))
        add(used, match[1]!.toLowerCase(), privilege);
    const reads = statement.replace(/\bDELETE FROM \w+\.\w+/gi, '');
    for (const match of reads.matchAll(/\b(?:FROM|JOIN) (\w+)\.\w+/gi))
      add(used, match[1]!.toLowerCase(), 'SELECT');
  }
  return sorted(used);
}

const ROLE_MIGRATION = readdirSync(join(SQL, 'migrations')).find((file) =>
  readFileSync(join(SQL, 'migrations', file), 'utf8').includes('CREATE ROLE elt_writer'),
);
const grants = ROLE_MIGRATION
  ? splitStatements(readFileSync(join(SQL, 'migrations', ROLE_MIGRATION), 'utf8')).map((s) =>
      s
        .replace(/--[^\n]*\n/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    )
  : [];

function granted(pattern: RegExp): Privileges {
  const found = new Map<string, Set<string>>();
  for (const statement of grants) {
    const match = pattern.exec(statement);
    if (!match?.groups) continue;
    for (const privilege of match.groups.privileges!.split(','))
      add(found, match.groups.schema!, privilege.trim().toUpperCase());
  }
  return sorted(found);
}

describe('the ELT database role (elt_writer)', () => {
  const used = privilegesUsed([...statementsOf('loads'), ...statementsOf('transforms')]);

  it('is created by a migration', () => {
    expect(ROLE_MIGRATION).toMatch(/^V\d{3}__\w+\.sql$/);
  });

  it('reads the privileges the loads and transforms use', () => {
    // Sanity of the reader: COPY and DELETE on staging, every DML on dw, nothing else.
    expect(used).toEqual({
      dw: ['DELETE', 'INSERT', 'SELECT', 'UPDATE'],
      staging: ['DELETE', 'INSERT', 'SELECT'],
    });
  });

  it('is granted exactly those on the existing tables', () => {
    expect(
      granted(
        /^GRANT (?<privileges>[A-Z, ]+) ON ALL TABLES IN SCHEMA (?<schema>\w+) TO ROLE elt_writer$/,
      ),
    ).toEqual(used);
  });

  it('is granted exactly those on the tables later migrations create', () => {
    expect(
      granted(
        /^ALTER DEFAULT PRIVILEGES IN SCHEMA (?<schema>\w+) GRANT (?<privileges>[A-Z, ]+) ON TABLES TO ROLE elt_writer$/,
      ),
    ).toEqual(used);
  });

  it('may use exactly the schemas it touches, and nothing it does not', () => {
    const usage = grants.flatMap(
      (s) => /^GRANT USAGE ON SCHEMA (\w+) TO ROLE elt_writer$/.exec(s)?.[1] ?? [],
    );
    expect(usage.sort()).toEqual(Object.keys(used));
    expect(grants.join('\n')).not.toMatch(/\b(ops|marts)\b|\bALL PRIVILEGES\b|\bCREATE ON\b/i);
  });
});

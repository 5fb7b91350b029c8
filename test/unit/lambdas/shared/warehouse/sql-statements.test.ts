import { SqlSyntaxError } from '../../../../../lambdas/shared/warehouse/errors';
import {
  DATA_API_LIMITS,
  batchLimitViolation,
  firstKeyword,
  namedParameters,
  splitStatements,
} from '../../../../../lambdas/shared/warehouse/sql-statements';

describe('splitStatements', () => {
  it('splits on semicolons and drops the terminator and surrounding whitespace', () => {
    expect(splitStatements('CREATE SCHEMA a;\n\nCREATE SCHEMA b ;\n')).toEqual([
      'CREATE SCHEMA a',
      'CREATE SCHEMA b',
    ]);
  });

  it('keeps text after the last semicolon as a statement', () => {
    expect(splitStatements('SELECT 1; SELECT 2')).toEqual(['SELECT 1', 'SELECT 2']);
  });

  it('does not split inside string literals, with doubled quotes', () => {
    expect(splitStatements("INSERT INTO t VALUES ('a;b', 'it''s; fine'); SELECT 1")).toEqual([
      "INSERT INTO t VALUES ('a;b', 'it''s; fine')",
      'SELECT 1',
    ]);
  });

  it("honours backslash escapes in E'' strings only", () => {
    expect(splitStatements("SELECT E'a\\';b'; SELECT 'c\\'; SELECT 3")).toEqual([
      "SELECT E'a\\';b'",
      "SELECT 'c\\'",
      'SELECT 3',
    ]);
  });

  it('treats a trailing e of an identifier as part of the identifier, not an E string', () => {
    expect(splitStatements("SELECT namE'x;y'; SELECT 2")).toEqual(["SELECT namE'x;y'", 'SELECT 2']);
  });

  it('does not split inside quoted identifiers, with doubled quotes', () => {
    expect(splitStatements('SELECT 1 AS "a;""b"; SELECT 2')).toEqual([
      'SELECT 1 AS "a;""b"',
      'SELECT 2',
    ]);
  });

  it('ignores semicolons in line and (nested) block comments', () => {
    const sql = [
      '-- header; not a statement',
      'SELECT 1 -- trailing; comment',
      ';',
      '/* outer; /* inner; */ still; comment */ SELECT 2;',
    ].join('\n');
    expect(splitStatements(sql)).toEqual([
      '-- header; not a statement\nSELECT 1 -- trailing; comment',
      '/* outer; /* inner; */ still; comment */ SELECT 2',
    ]);
  });

  it('does not split inside dollar-quoted bodies, tagged or not', () => {
    const sql =
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql;' +
      "CREATE FUNCTION g() RETURNS int AS $body$ SELECT ';'; $$ $body$ LANGUAGE sql;";
    expect(splitStatements(sql)).toEqual([
      'CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql',
      "CREATE FUNCTION g() RETURNS int AS $body$ SELECT ';'; $$ $body$ LANGUAGE sql",
    ]);
  });

  it('does not take $1 or an identifier containing $ for a dollar quote', () => {
    expect(splitStatements('SELECT a$b$c, $1; SELECT 2')).toEqual(['SELECT a$b$c, $1', 'SELECT 2']);
  });

  it('drops empty and comment-only pieces', () => {
    expect(splitStatements(';;\n-- only a comment;\n/* and; this */;\n SELECT 1;;')).toEqual([
      'SELECT 1',
    ]);
    expect(splitStatements('-- nothing here\n')).toEqual([]);
    expect(splitStatements('')).toEqual([]);
  });

  it.each([
    ["SELECT 'open", 'string literal'],
    ['SELECT "open', 'identifier'],
    ['SELECT 1 /* open', 'comment'],
    ['SELECT $t$ open', 'dollar-quoted body'],
  ])('refuses unterminated input %p', (sql, what) => {
    expect(() => splitStatements(sql)).toThrow(SqlSyntaxError);
    expect(() => splitStatements(sql)).toThrow(what);
  });
});

describe('firstKeyword', () => {
  it('skips leading comments and upper-cases', () => {
    expect(firstKeyword('-- load\n/* x */ copy staging.t FROM ...')).toBe('COPY');
    expect(firstKeyword('  delete from t')).toBe('DELETE');
    expect(firstKeyword('-- only')).toBe('');
  });
});

describe('namedParameters', () => {
  it('finds :name outside literals and comments, and skips :: casts', () => {
    const sql =
      "SELECT CAST(:run_date AS DATE), a::int, ':not_me' -- :nor_me\n FROM t WHERE x = :limit_rows /* :no */";
    expect([...namedParameters(sql)].sort()).toEqual(['limit_rows', 'run_date']);
  });
});

describe('batchLimitViolation', () => {
  it('accepts a batch within every limit', () => {
    expect(batchLimitViolation(['SELECT 1', 'SELECT 2'])).toBeUndefined();
  });

  it('refuses an empty batch and one with too many statements', () => {
    expect(batchLimitViolation([])).toMatch(/at least one/);
    const tooMany = Array.from(
      { length: DATA_API_LIMITS.statementsPerBatch + 1 },
      () => 'SELECT 1',
    );
    expect(batchLimitViolation(tooMany)).toMatch(/41 statements exceed the 40/);
  });

  it('refuses a statement over the size limit, counted in UTF-8 bytes', () => {
    const limit = DATA_API_LIMITS.charactersPerStatement;
    expect(batchLimitViolation(['x'.repeat(limit)])).toBeUndefined();
    expect(batchLimitViolation(['é'.repeat(limit / 2 + 1)])).toMatch(
      /statement 1 has 100002 bytes/,
    );
  });
});

import { PartitionExpressionError } from '../../../../src/services/glue/partition-expression/errors';
import {
  partitionFilter,
  likePattern,
} from '../../../../src/services/glue/partition-expression/filter';
import { parsePartitionExpression } from '../../../../src/services/glue/partition-expression/parser';

const STRING_KEYS = ['year', 'month', 'day', 'hour'].map((Name) => ({ Name, Type: 'string' }));

describe('parsePartitionExpression', () => {
  it('binds AND tighter than OR', () => {
    const tree = parsePartitionExpression("year = '1' OR month = '2' AND day = '3'");

    expect(tree).toMatchObject({
      kind: 'or',
      left: { kind: 'compare', column: 'year' },
      right: { kind: 'and', left: { column: 'month' }, right: { column: 'day' } },
    });
  });

  it('binds NOT tighter than AND, and parentheses override both', () => {
    const plain = parsePartitionExpression("NOT year = '1' AND month = '2'");
    const grouped = parsePartitionExpression("NOT (year = '1' AND month = '2')");

    expect(plain).toMatchObject({
      kind: 'and',
      left: { kind: 'not', operand: { column: 'year' } },
    });
    expect(grouped).toMatchObject({ kind: 'not', operand: { kind: 'and' } });
  });

  it('reads the BETWEEN … AND without taking it for a conjunction', () => {
    const tree = parsePartitionExpression("month BETWEEN '01' AND '03' AND year = '2026'");

    expect(tree).toMatchObject({
      kind: 'and',
      left: {
        kind: 'between',
        column: 'month',
        low: { text: '01' },
        high: { text: '03' },
        negated: false,
      },
      right: { kind: 'compare', column: 'year' },
    });
  });

  it('reads keywords in any case, negated forms, IS NULL and != as <>', () => {
    const tree = parsePartitionExpression(
      "year not in ('1', 2) and month Not Like '0%' and day is not null and hour != '00'",
    );

    expect(tree).toMatchObject({
      kind: 'and',
      left: {
        kind: 'and',
        left: {
          kind: 'and',
          left: {
            kind: 'in',
            negated: true,
            values: [
              { type: 'string', text: '1' },
              { type: 'number', text: '2' },
            ],
          },
          right: { kind: 'like', negated: true },
        },
        right: { kind: 'isNull', negated: true },
      },
      right: { kind: 'compare', operator: '<>' },
    });
  });

  it('mirrors a comparison written literal first', () => {
    expect(parsePartitionExpression("'2026' <= year")).toEqual({
      kind: 'compare',
      column: 'year',
      operator: '>=',
      value: { type: 'string', text: '2026' },
    });
  });

  it("unescapes '' inside a string and accepts quoted column names", () => {
    expect(parsePartitionExpression("`year` = 'it''s'")).toMatchObject({
      column: 'year',
      value: { text: "it's" },
    });
  });

  it.each([
    ['', 'The expression is empty'],
    ["year = '2026' AND", 'Expected a string or number literal'],
    ["year = '2026", 'Unterminated string literal'],
    ["(year = '2026'", "Expected ')'"],
    ["year = '2026')", 'Expected AND, OR or the end of the expression'],
    ["year '2026'", 'Expected a comparison operator'],
    ["year BETWEEN '1' OR '2'", 'Expected AND'],
    ['year IN ()', 'Expected a string or number literal'],
    ['year = month', 'one partition column and one literal'],
    ["year ; '1'", "Unexpected character ';'"],
    ["year NOT = '1'", 'Expected BETWEEN, IN or LIKE after NOT'],
  ])('refuses %p', (expression, message) => {
    expect(() => parsePartitionExpression(expression)).toThrow(PartitionExpressionError);
    expect(() => parsePartitionExpression(expression)).toThrow(message);
  });
});

describe('partitionFilter', () => {
  const matches = (expression: string, values: string[], keys = STRING_KEYS) =>
    partitionFilter(expression, keys)(values);

  it('compares string keys as strings', () => {
    expect(matches("month > '9'", ['2026', '10', '01', '00'])).toBe(false);
    expect(matches("month BETWEEN '01' AND '03'", ['2026', '02', '01', '00'])).toBe(true);
    expect(matches('year = 2026', ['2026', '01', '01', '00'])).toBe(true);
  });

  it('compares integral keys as numbers', () => {
    const keys = [{ Name: 'bucket', Type: 'bigint' }];

    expect(matches('bucket > 9', ['10'], keys)).toBe(true);
    expect(matches("bucket IN ('007', 8)", ['7'], keys)).toBe(true);
    expect(matches('bucket < 0', ['-3'], keys)).toBe(true);
    expect(matches('bucket = 1', ['one'], keys)).toBe(false);
  });

  it('compares date and timestamp keys in time order', () => {
    const keys = [
      { Name: 'dt', Type: 'date' },
      { Name: 'ts', Type: 'timestamp' },
    ];

    expect(matches("dt < '2026-10-01'", ['2026-09-30', '2026-09-30 23:59:59'], keys)).toBe(true);
    expect(
      matches("ts > '2026-09-30 23:59:59.5'", ['2026-09-30', '2026-09-30 23:59:59.75'], keys),
    ).toBe(true);
  });

  it('evaluates NOT, AND and OR with SQL precedence', () => {
    const values = ['2026', '01', '15', '23'];

    expect(matches("year = '2025' OR month = '01' AND day = '15'", values)).toBe(true);
    expect(matches("(year = '2025' OR month = '01') AND day = '16'", values)).toBe(false);
    expect(matches("NOT year = '2025' AND hour = '23'", values)).toBe(true);
    expect(matches("NOT (year = '2026' AND hour = '23')", values)).toBe(false);
  });

  it('matches LIKE patterns with % and _ and nothing else special', () => {
    expect(likePattern('0_').test('01')).toBe(true);
    expect(likePattern('0_').test('012')).toBe(false);
    expect(likePattern('%.log').test('a.log')).toBe(true);
    expect(likePattern('%.log').test('aXlog')).toBe(false);
  });

  it('treats IS NULL as never true, since partition values are never null', () => {
    expect(matches('day IS NULL', ['2026', '01', '01', '00'])).toBe(false);
    expect(matches('day IS NOT NULL', ['2026', '01', '01', '00'])).toBe(true);
  });

  it('matches column names without regard to case', () => {
    expect(matches("YEAR = '2026'", ['2026', '01', '01', '00'])).toBe(true);
  });

  it.each([
    ["minute = '00'", STRING_KEYS, "Unknown column 'minute'"],
    [
      "n LIKE '1%'",
      [{ Name: 'n', Type: 'int' }],
      "Integral data type doesn't support operation 'LIKE'",
    ],
    ["n = '1.5'", [{ Name: 'n', Type: 'int' }], "'1.5' is not a valid integral value"],
    ['d = 20260101', [{ Name: 'd', Type: 'date' }], "'20260101' is not a valid date value"],
    ["f = '1'", [{ Name: 'f', Type: 'boolean' }], 'partition expressions do not support'],
  ])('refuses %p for its keys', (expression, keys, message) => {
    expect(() => partitionFilter(expression, keys)).toThrow(message);
  });
});

import { evaluateCondition } from '../../../../src/services/dynamodb/expressions/condition-evaluator';
import { parseCondition } from '../../../../src/services/dynamodb/expressions/condition-parser';
import { Placeholders } from '../../../../src/services/dynamodb/expressions/placeholders';
import { parseProjection } from '../../../../src/services/dynamodb/expressions/projection-parser';
import { applyUpdate } from '../../../../src/services/dynamodb/expressions/update-evaluator';
import { parseUpdate } from '../../../../src/services/dynamodb/expressions/update-parser';
import type { Item } from '../../../../src/services/dynamodb/item';

const values = (entries: Record<string, unknown>) => new Placeholders(undefined, entries, true);
const item: Item = {
  id: { S: 'abc' },
  n: { N: '10' },
  doc: { M: { entries: { L: [{ S: 'first' }, { M: { deep: { BOOL: true } } }] } } },
  tags: { SS: ['red', 'blue'] },
};
const holds = (expression: string, placeholders = Placeholders.none()) =>
  evaluateCondition(parseCondition(expression, placeholders), item);

describe('condition parser and evaluator', () => {
  it('parses document paths with map keys and list indexes', () => {
    const condition = parseCondition('attribute_exists(doc.entries[1].deep)', Placeholders.none());

    expect(condition).toEqual({
      kind: 'function',
      name: 'attribute_exists',
      args: [{ kind: 'path', path: ['doc', 'entries', 1, 'deep'] }],
    });
  });

  it('binds NOT tighter than AND, and AND tighter than OR', () => {
    const condition = parseCondition('NOT a = b AND c = d OR e = f', Placeholders.none());

    expect(condition.kind).toBe('or');
    expect(condition).toMatchObject({ left: { kind: 'and', left: { kind: 'not' } } });
  });

  it.each([
    ['n = :ten', true],
    ['n <> :ten', false],
    ['n < :eleven', true],
    ['n BETWEEN :ten AND :eleven', true],
    ['n IN (:eleven, :ten)', true],
    ['absent <> :ten', true],
    ['absent < :eleven', false],
    ['attribute_not_exists(absent) AND (attribute_type(n, :numberType))', true],
    ['begins_with(id, :prefix)', true],
    ['contains(tags, :red) AND size(tags) = :two', true],
    ['size(doc.entries) > :ten', false],
  ])('evaluates %s as %s', (expression, expected) => {
    const placeholders = values({
      ':ten': { N: '10.0' },
      ':eleven': { N: '11' },
      ':numberType': { S: 'N' },
      ':prefix': { S: 'ab' },
      ':red': { S: 'red' },
      ':two': { N: '2' },
    });

    expect(evaluateCondition(parseCondition(expression, placeholders), item)).toBe(expected);
  });

  it('compares numbers by value, not as strings or doubles', () => {
    const placeholders = values({
      ':a': { N: '12345678901234567890123456789012345678' },
      ':b': { N: '12345678901234567890123456789012345679' },
    });

    expect(holds(':a < :b', placeholders)).toBe(true);
  });

  it.each([
    ['a =', 'Invalid ConditionExpression: Syntax error; token: "<EOF>", near: "="'],
    ['a = b c', 'Invalid ConditionExpression: Syntax error; token: "c", near: "b c"'],
    ['_a = b', 'Invalid ConditionExpression: Syntax error; token: "_", near: "_a"'],
    [
      'a = #b',
      'Invalid ConditionExpression: An expression attribute name used in the document path is not defined; attribute name: #b',
    ],
    [
      'size(a, b) = c',
      'Invalid ConditionExpression: Incorrect number of operands for operator or function; operator or function: size, number of operands: 2',
    ],
    [
      'attribute_exists(:v)',
      'Invalid ConditionExpression: Operator or function requires a document path; operator or function: attribute_exists',
    ],
    [
      'name = a',
      'Invalid ConditionExpression: Attribute name is a reserved keyword; reserved keyword: name',
    ],
    ['', 'Invalid ConditionExpression: The expression can not be empty;'],
  ])('rejects %p', (expression, message) => {
    expect(() => parseCondition(expression, values({ ':v': { S: 'x' } }))).toThrow(message);
  });
});

describe('update parser and evaluator', () => {
  it('parses all four sections in any order and case', () => {
    const update = parseUpdate(
      'remove a add b :n set c = c + :n, d = list_append(:l, d) delete e :s',
      values({ ':n': { N: '1' }, ':l': { L: [] }, ':s': { SS: ['x'] } }),
    );

    expect(update.remove).toEqual([['a']]);
    expect(update.add).toEqual([{ path: ['b'], value: { N: '1' } }]);
    expect(update.set.map((action) => action.value.kind)).toEqual(['plus', 'list_append']);
    expect(update.delete).toEqual([{ path: ['e'], value: { SS: ['x'] } }]);
  });

  it('reads every SET operand before writing any', () => {
    const target: Item = { a: { N: '1' }, b: { N: '2' } };

    applyUpdate(parseUpdate('SET a = b, b = a', Placeholders.none()), target);

    expect(target).toEqual({ a: { N: '2' }, b: { N: '1' } });
  });

  it('appends when SET names a list index past the end, and shifts on REMOVE', () => {
    const target: Item = { l: { L: [{ S: 'a' }, { S: 'b' }] } };

    applyUpdate(parseUpdate('SET l[9] = :c REMOVE l[0]', values({ ':c': { S: 'c' } })), target);

    expect(target).toEqual({ l: { L: [{ S: 'b' }, { S: 'c' }] } });
  });

  it.each([
    [
      'SET a = :v, a = :v',
      'Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a]',
    ],
    [
      'SET a.b = :v REMOVE a[0]',
      'Two document paths conflict with each other; must remove or rewrite one of these paths; path one: [a, b], path two: [a, [0]]',
    ],
    ['SET a = size(b)', 'The function is not allowed in an update expression; function: size'],
    ['SET a = nope(b)', 'Invalid function name; function: nope'],
    [
      'SET a = if_not_exists(:v, :v)',
      'Operator or function requires a document path; operator or function: if_not_exists',
    ],
    [
      'DELETE a :v',
      'Incorrect operand type for operator or function; operator: DELETE, operand type: STRING',
    ],
    [
      'SET a = :v + :v',
      'Incorrect operand type for operator or function; operator or function: +, operand type: STRING',
    ],
    ['SET :v = a', 'Syntax error; token: ":v", near: "SET :v ="'],
  ])('rejects %p', (expression, message) => {
    expect(() => parseUpdate(expression, values({ ':v': { S: 'x' } }))).toThrow(
      `Invalid UpdateExpression: ${message}`,
    );
  });
});

describe('projection parser and placeholders', () => {
  it('resolves names and reports the ones never used', () => {
    const placeholders = new Placeholders({ '#a': 'alpha', '#z': 'unused' }, undefined, true);

    const paths = parseProjection('#a.b, c[2]', placeholders);

    expect(paths).toEqual([
      ['alpha', 'b'],
      ['c', 2],
    ]);
    expect(() => placeholders.assertAllUsed()).toThrow(
      'Value provided in ExpressionAttributeNames unused in expressions: keys: {#z}',
    );
  });

  it('rejects overlapping projection paths', () => {
    expect(() => parseProjection('a, a.b', Placeholders.none())).toThrow(
      'Invalid ProjectionExpression: Two document paths overlap with each other; must remove or rewrite one of these paths; path one: [a], path two: [a, b]',
    );
  });
});

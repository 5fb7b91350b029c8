import { matchesPattern } from '../../../../src/services/events/pattern/match-pattern';
import { InvalidPatternError } from '../../../../src/services/events/pattern/pattern-types';
import { parseEventPattern } from '../../../../src/services/events/pattern/validate-pattern';

const event = {
  version: '0',
  id: '1',
  'detail-type': 'Object Created',
  source: 'aws.s3',
  account: '000000000000',
  time: '2024-05-01T12:00:00Z',
  region: 'us-east-1',
  resources: ['arn:aws:s3:::b'],
  detail: {
    bucket: { name: 'b' },
    object: { key: 'access_events/2024/part-0.parquet', size: 2048, tags: ['raw', 'daily'] },
    state: 'Running',
    flag: null,
    items: [
      { kind: 'a', qty: 1 },
      { kind: 'b', qty: 5 },
    ],
  },
};

const matches = (pattern: object) =>
  matchesPattern(parseEventPattern(JSON.stringify(pattern)), event);

describe('event pattern matching', () => {
  it.each<[string, object, boolean]>([
    ['exact value', { source: ['aws.s3'] }, true],
    ['exact value, other', { source: ['aws.ec2'] }, false],
    ['array is OR', { source: ['aws.ec2', 'aws.s3'] }, true],
    ['fields are AND', { source: ['aws.s3'], 'detail-type': ['Object Deleted'] }, false],
    ['nested object', { detail: { bucket: { name: ['b'] } } }, true],
    ['missing field', { detail: { bucket: { owner: ['me'] } } }, false],
    ['event array matches any element', { detail: { object: { tags: ['daily'] } } }, true],
    ['resources array', { resources: ['arn:aws:s3:::b'] }, true],
    ['objects inside an event array', { detail: { items: { kind: ['b'], qty: [5] } } }, true],
    ['null value', { detail: { flag: [null] } }, true],
    ['numbers compare as numbers', { detail: { object: { size: [2048.0] } } }, true],
    ['a string never equals a number', { detail: { object: { size: ['2048'] } } }, false],
    ['prefix', { detail: { object: { key: [{ prefix: 'access_events/' }] } } }, true],
    ['prefix, no match', { detail: { object: { key: [{ prefix: 'web_logs/' }] } } }, false],
    [
      'prefix ignoring case',
      { detail: { state: [{ prefix: { 'equals-ignore-case': 'RUN' } }] } },
      true,
    ],
    ['suffix', { detail: { object: { key: [{ suffix: '.parquet' }] } } }, true],
    [
      'suffix ignoring case',
      { detail: { object: { key: [{ suffix: { 'equals-ignore-case': '.PARQUET' } }] } } },
      true,
    ],
    ['equals-ignore-case', { detail: { state: [{ 'equals-ignore-case': 'running' }] } }, true],
    ['anything-but value', { detail: { state: [{ 'anything-but': 'Stopped' }] } }, true],
    ['anything-but value, excluded', { detail: { state: [{ 'anything-but': 'Running' }] } }, false],
    [
      'anything-but list',
      { detail: { state: [{ 'anything-but': ['Stopped', 'Running'] }] } },
      false,
    ],
    ['anything-but number', { detail: { object: { size: [{ 'anything-but': [1, 2] }] } } }, true],
    ['anything-but prefix', { detail: { state: [{ 'anything-but': { prefix: 'Run' } }] } }, false],
    [
      'anything-but suffix',
      { detail: { object: { key: [{ 'anything-but': { suffix: '.csv' } }] } } },
      true,
    ],
    [
      'anything-but ignoring case',
      { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['RUNNING'] } }] } },
      false,
    ],
    ['anything-but on a missing field', { detail: { missing: [{ 'anything-but': 'x' }] } }, false],
    ['numeric equals', { detail: { object: { size: [{ numeric: ['=', 2048] }] } } }, true],
    ['numeric range', { detail: { object: { size: [{ numeric: ['>', 0, '<=', 2048] }] } } }, true],
    [
      'numeric range, outside',
      { detail: { object: { size: [{ numeric: ['>=', 0, '<', 2048] }] } } },
      false,
    ],
    ['numeric on a string', { detail: { state: [{ numeric: ['>', 0] }] } }, false],
    ['exists true', { detail: { state: [{ exists: true }] } }, true],
    ['exists true on a missing field', { detail: { nope: [{ exists: true }] } }, false],
    ['exists false on a missing field', { detail: { nope: [{ exists: false }] } }, true],
    ['exists false on a present field', { detail: { state: [{ exists: false }] } }, false],
    ['exists true on an object', { detail: { bucket: [{ exists: true }] } }, false],
    [
      'wildcard',
      { detail: { object: { key: [{ wildcard: 'access_events/*/part-*.parquet' }] } } },
      true,
    ],
    [
      'wildcard, no match',
      { detail: { object: { key: [{ wildcard: 'access_events/*.csv' }] } } },
      false,
    ],
    ['escaped wildcard star is literal', { detail: { state: [{ wildcard: 'Run\\*' }] } }, false],
    [
      '$or, second branch',
      { $or: [{ source: ['aws.ec2'] }, { detail: { state: ['Running'] } }] },
      true,
    ],
    [
      '$or, no branch',
      { $or: [{ source: ['aws.ec2'] }, { detail: { state: ['Stopped'] } }] },
      false,
    ],
    [
      '$or nested',
      { detail: { $or: [{ state: ['Stopped'] }, { bucket: { name: ['b'] } }] } },
      true,
    ],
  ])('%s', (_case, pattern, expected) => {
    expect(matches(pattern)).toBe(expected);
  });
});

describe('event pattern validation', () => {
  it.each<[string, string, string]>([
    ['invalid JSON', '{"source": [', 'Filter is not valid JSON'],
    ['a non-object', '["aws.s3"]', 'Filter is not an object'],
    ['a bare leaf value', '{"source": "aws.s3"}', '"source" must be an object or an array'],
    ['an empty array', '{"source": []}', 'Empty arrays are not allowed at "source"'],
    ['an unknown operator', '{"source": [{"contains": "s3"}]}', 'Unrecognized match type contains'],
    [
      'two operators in one object',
      '{"a": [{"prefix": "x", "suffix": "y"}]}',
      'Only one key allowed in match expression',
    ],
    ['a non-string prefix', '{"a": [{"prefix": 5}]}', 'prefix match pattern must be a string'],
    [
      'a non-boolean exists',
      '{"a": [{"exists": "yes"}]}',
      'exists match pattern must be either true or false.',
    ],
    [
      'an unknown numeric operator',
      '{"a": [{"numeric": ["!=", 1]}]}',
      'Unrecognized numeric range operator: "!="',
    ],
    ['a non-numeric bound', '{"a": [{"numeric": [">", "1"]}]}', 'Value of > must be numeric'],
    ['an inverted range', '{"a": [{"numeric": [">", 5, "<", 1]}]}', 'Bottom must be less than top'],
    [
      'a mixed anything-but list',
      '{"a": [{"anything-but": ["x", 1]}]}',
      'Inside anything but list, all values must be strings or all numbers',
    ],
    [
      'consecutive wildcards',
      '{"a": [{"wildcard": "a**b"}]}',
      'Consecutive wildcard characters at pos 2',
    ],
    [
      'a one-branch $or',
      '{"$or": [{"a": ["x"]}]}',
      '"$or" must be an array of at least two objects',
    ],
  ])('refuses %s', (_case, text, reason) => {
    expect(() => parseEventPattern(text)).toThrow(new InvalidPatternError(reason));
  });

  it('accepts the S3 routing pattern the platform uses', () => {
    const text = JSON.stringify({
      source: ['aws.s3'],
      'detail-type': ['Object Created'],
      detail: { bucket: { name: ['b'] }, object: { key: [{ prefix: 'access_events/' }] } },
    });

    expect(matchesPattern(parseEventPattern(text), event)).toBe(true);
  });
});

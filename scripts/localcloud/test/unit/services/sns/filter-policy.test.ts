import {
  attributeValues,
  bodyValues,
  filterPolicyProblem,
  matchesFilterPolicy,
} from '../../../../src/services/sns/filter-policy';

const attrs = (values: Record<string, [string, string]>) =>
  attributeValues(
    Object.fromEntries(
      Object.entries(values).map(([name, [DataType, StringValue]]) => [
        name,
        { DataType, StringValue },
      ]),
    ),
  );

describe('SNS filter policy matching (MessageAttributes)', () => {
  it.each([
    [{ severity: ['high'] }, { severity: ['String', 'high'] }, true],
    [{ severity: ['high'] }, { severity: ['String', 'low'] }, false],
    [{ severity: [{ prefix: 'hi' }] }, { severity: ['String', 'high'] }, true],
    [{ severity: [{ suffix: 'gh' }] }, { severity: ['String', 'high'] }, true],
    [{ severity: [{ 'equals-ignore-case': 'HIGH' }] }, { severity: ['String', 'high'] }, true],
    [{ severity: [{ 'anything-but': ['low', 'medium'] }] }, { severity: ['String', 'high'] }, true],
    [{ severity: [{ 'anything-but': 'high' }] }, { severity: ['String', 'high'] }, false],
    [{ severity: [{ 'anything-but': { prefix: 'h' } }] }, { severity: ['String', 'high'] }, false],
    [{ severity: [{ 'anything-but': 'low' }] }, {}, false],
    [{ lag: [{ numeric: ['>', 10, '<=', 30] }] }, { lag: ['Number', '30'] }, true],
    [{ lag: [{ numeric: ['>', 10, '<=', 30] }] }, { lag: ['Number', '31'] }, false],
    [{ lag: [20] }, { lag: ['Number', '20.0'] }, true],
    [{ lag: [{ numeric: ['>', 10] }] }, { lag: ['String', '20'] }, false],
    [{ zones: ['curated'] }, { zones: ['String.Array', '["raw","curated"]'] }, true],
    [{ zones: ['trusted'] }, { zones: ['String.Array', '["raw","curated"]'] }, false],
    [{ owner: [{ exists: true }] }, { owner: ['String', 'x'] }, true],
    [{ owner: [{ exists: false }] }, {}, true],
    [{ owner: [{ exists: false }] }, { owner: ['String', 'x'] }, false],
    [{ a: ['1'], b: ['2'] }, { a: ['String', '1'] }, false],
    [{ $or: [{ a: ['1'] }, { b: ['2'] }] }, { b: ['String', '2'] }, true],
  ])('%j against %j → %s', (policy, values, expected) => {
    expect(
      matchesFilterPolicy(policy as never, attrs(values as Record<string, [string, string]>)),
    ).toBe(expected);
  });
});

describe('SNS filter policy matching (MessageBody)', () => {
  it('matches nested keys and any element of an array', () => {
    const body = bodyValues(JSON.stringify({ detail: { zone: 'curated', tags: ['pii', 'gdpr'] } }));

    expect(matchesFilterPolicy({ detail: { zone: ['curated'] } }, body)).toBe(true);
    expect(matchesFilterPolicy({ detail: { tags: ['gdpr'] } }, body)).toBe(true);
    expect(matchesFilterPolicy({ detail: { zone: ['raw'] } }, body)).toBe(false);
    expect(matchesFilterPolicy({ detail: { missing: [{ exists: false }] } }, body)).toBe(true);
  });

  it('matches nothing in a body that is not JSON', () => {
    expect(matchesFilterPolicy({ a: ['b'] }, bodyValues('plain text'))).toBe(false);
  });
});

describe('SNS filter policy validation', () => {
  it.each([
    ['{oops', 'MessageAttributes', 'FilterPolicy: failed to parse JSON.'],
    [
      '{"a":{"b":["c"]}}',
      'MessageAttributes',
      'FilterPolicy: Filter policy scope MessageAttributes does not support nested filter policy',
    ],
    [
      '{"a":[{"wildcard-ish":"x"}]}',
      'MessageAttributes',
      'FilterPolicy: Unrecognized match type wildcard-ish',
    ],
    [
      '{"a":[{"numeric":[">","x"]}]}',
      'MessageAttributes',
      'FilterPolicy: Value of > must be numeric',
    ],
    [
      '{"a":["1"],"b":["1"],"c":["1"],"d":["1"],"e":["1"],"f":["1"]}',
      'MessageAttributes',
      'FilterPolicy: Filter policy can not have more than 5 keys',
    ],
    [
      '{"a":[{"exists":"yes"}]}',
      'MessageAttributes',
      'FilterPolicy: exists match pattern must be either true or false.',
    ],
  ] as const)('refuses %s', (policy, scope, reason) => {
    expect(filterPolicyProblem(policy, scope)).toBe(reason);
  });

  it('accepts nesting in MessageBody scope and counts combinations', () => {
    expect(filterPolicyProblem('{"a":{"b":["c"]}}', 'MessageBody')).toBeUndefined();
    const wide = JSON.stringify({
      a: Array.from({ length: 10 }, (_, i) => `a${i}`),
      b: Array.from({ length: 16 }, (_, i) => `b${i}`),
    });
    expect(filterPolicyProblem(wide, 'MessageAttributes')).toBe(
      'FilterPolicy: Filter policy is too complex',
    );
  });
});

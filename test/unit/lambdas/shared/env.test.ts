import {
  ConfigurationError,
  enumEnv,
  positiveIntEnv,
  requireEnv,
} from '../../../../lambdas/shared/env';

describe('requireEnv', () => {
  it('returns the value', () => expect(requireEnv('A', { A: 'x' })).toBe('x'));
  it.each([undefined, '', '  '])('fails naming the variable when it is %p', (value) => {
    expect(() => requireEnv('ADLS_ACCOUNT_URL', { ADLS_ACCOUNT_URL: value })).toThrow(
      new ConfigurationError('Environment variable ADLS_ACCOUNT_URL is required but not set'),
    );
  });
});

describe('enumEnv', () => {
  it('defaults when unset', () => expect(enumEnv('MODE', ['a', 'b'], 'a', {})).toBe('a'));
  it('accepts an allowed value', () =>
    expect(enumEnv('MODE', ['a', 'b'], 'a', { MODE: 'b' })).toBe('b'));
  it('rejects another value', () =>
    expect(() => enumEnv('MODE', ['a', 'b'], 'a', { MODE: 'c' })).toThrow(
      'MODE must be one of a, b; got "c"',
    ));
});

describe('positiveIntEnv', () => {
  it('defaults when unset', () => expect(positiveIntEnv('N', 8, {})).toBe(8));
  it('parses a value', () => expect(positiveIntEnv('N', 8, { N: '16' })).toBe(16));
  it.each(['0', '-1', '1.5', 'x'])('rejects %p', (value) =>
    expect(() => positiveIntEnv('N', 8, { N: value })).toThrow('N must be a positive integer'),
  );
});

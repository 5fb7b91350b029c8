import {
  addNumbers,
  canonicalNumber,
  compareNumbers,
  formatNumber,
  parseNumber,
  subtractNumbers,
} from '../../../../src/services/dynamodb/numbers';

describe('DynamoDB numbers', () => {
  it.each([
    ['0012.500', '12.5'],
    ['-0.000', '0'],
    ['1E+3', '1000'],
    ['1.5e-3', '0.0015'],
    ['+7', '7'],
  ])('spells %s canonically as %s', (input, expected) => {
    expect(canonicalNumber(input)).toBe(expected);
  });

  it('adds and subtracts exactly at 38 digits', () => {
    const big = parseNumber('99999999999999999999999999999999999998');

    expect(formatNumber(addNumbers(big, parseNumber('1')))).toBe(
      '99999999999999999999999999999999999999',
    );
    expect(formatNumber(subtractNumbers(parseNumber('0.3'), parseNumber('0.1')))).toBe('0.2');
  });

  it('orders by value across signs and scales', () => {
    expect(compareNumbers(parseNumber('-10'), parseNumber('-9.99'))).toBe(-1);
    expect(compareNumbers(parseNumber('1e2'), parseNumber('100.0'))).toBe(0);
  });

  it.each([
    ['abc', 'The parameter cannot be converted to a numeric value: abc'],
    [
      '1e126',
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    ],
    [
      '1e-131',
      'Number underflow. Attempting to store a number with magnitude smaller than supported range',
    ],
    [
      '1.23456789012345678901234567890123456789',
      'Attempting to store more than 38 significant digits in a Number',
    ],
  ])('rejects %s', (input, message) => {
    expect(() => parseNumber(input)).toThrow(message);
  });

  it('rejects a sum that needs more than 38 significant digits', () => {
    expect(() => addNumbers(parseNumber('1e30'), parseNumber('1e-30'))).toThrow(
      'Attempting to store more than 38 significant digits in a Number',
    );
  });
});

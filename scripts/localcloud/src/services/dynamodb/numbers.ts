/**
 * DynamoDB numbers: exact decimals of up to 38 significant digits with a decimal exponent
 * between -130 and +125, sent as strings. JavaScript doubles would lose digits (an idempotency
 * counter or an epoch in milliseconds compared as floats can silently round), so a number is
 * kept as an integer coefficient (BigInt) and a power of ten.
 */
import { validationError } from './errors';

export interface DecimalNumber {
  /** Significant digits without leading or trailing zeros, signed; 0n for zero. */
  readonly coefficient: bigint;
  /** value = coefficient × 10^exponent */
  readonly exponent: number;
}

const NUMBER_SYNTAX = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/;
const MAX_SIGNIFICANT_DIGITS = 38;
const MAX_MAGNITUDE_EXPONENT = 125;
const MIN_MAGNITUDE_EXPONENT = -130;

/** Parses and range-checks a wire number, with the errors DynamoDB returns. */
export function parseNumber(text: string): DecimalNumber {
  const match = NUMBER_SYNTAX.exec(text);
  const [, sign = '', whole = '', fraction = '', exponentText = '0'] = match ?? [];
  if (!match || whole.length + fraction.length === 0) {
    throw validationError(`The parameter cannot be converted to a numeric value: ${text}`);
  }
  const digits = (whole + fraction).replace(/^0+/, '');
  if (digits === '') return { coefficient: 0n, exponent: 0 };
  const trimmed = digits.replace(/0+$/, '');
  const exponent = Number(exponentText) - fraction.length + (digits.length - trimmed.length);
  return checkRange({
    coefficient: BigInt(sign === '-' ? `-${trimmed}` : trimmed),
    exponent,
  });
}

/** Throws DynamoDB's overflow/underflow/precision errors for a number it cannot store. */
export function checkRange(value: DecimalNumber): DecimalNumber {
  const normalized = normalize(value);
  if (normalized.coefficient === 0n) return normalized;
  const digitCount = absolute(normalized.coefficient).toString().length;
  const magnitude = normalized.exponent + digitCount - 1;
  if (magnitude > MAX_MAGNITUDE_EXPONENT) {
    throw validationError(
      'Number overflow. Attempting to store a number with magnitude larger than supported range',
    );
  }
  if (magnitude < MIN_MAGNITUDE_EXPONENT) {
    throw validationError(
      'Number underflow. Attempting to store a number with magnitude smaller than supported range',
    );
  }
  if (digitCount > MAX_SIGNIFICANT_DIGITS) {
    throw validationError('Attempting to store more than 38 significant digits in a Number');
  }
  return normalized;
}

/** The canonical spelling DynamoDB returns: plain decimal, no exponent, no redundant zeros. */
export function formatNumber(value: DecimalNumber): string {
  const { coefficient, exponent } = normalize(value);
  if (coefficient === 0n) return '0';
  const sign = coefficient < 0n ? '-' : '';
  const digits = absolute(coefficient).toString();
  if (exponent >= 0) return sign + digits + '0'.repeat(exponent);
  const point = digits.length + exponent;
  return point > 0
    ? `${sign}${digits.slice(0, point)}.${digits.slice(point)}`
    : `${sign}0.${'0'.repeat(-point)}${digits}`;
}

export function canonicalNumber(text: string): string {
  return formatNumber(parseNumber(text));
}

export function compareNumbers(left: DecimalNumber, right: DecimalNumber): number {
  const [a, b] = aligned(left, right);
  return a < b ? -1 : a > b ? 1 : 0;
}

export function addNumbers(left: DecimalNumber, right: DecimalNumber): DecimalNumber {
  const [a, b, exponent] = aligned(left, right);
  return checkRange({ coefficient: a + b, exponent });
}

export function subtractNumbers(left: DecimalNumber, right: DecimalNumber): DecimalNumber {
  const [a, b, exponent] = aligned(left, right);
  return checkRange({ coefficient: a - b, exponent });
}

function aligned(left: DecimalNumber, right: DecimalNumber): [bigint, bigint, number] {
  const exponent = Math.min(left.exponent, right.exponent);
  return [
    left.coefficient * 10n ** BigInt(left.exponent - exponent),
    right.coefficient * 10n ** BigInt(right.exponent - exponent),
    exponent,
  ];
}

function normalize({ coefficient, exponent }: DecimalNumber): DecimalNumber {
  if (coefficient === 0n) return { coefficient: 0n, exponent: 0 };
  let c = coefficient;
  let e = exponent;
  while (c % 10n === 0n) {
    c /= 10n;
    e += 1;
  }
  return { coefficient: c, exponent: e };
}

function absolute(value: bigint): bigint {
  return value < 0n ? -value : value;
}

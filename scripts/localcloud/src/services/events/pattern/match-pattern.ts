/**
 * Event pattern matching per EventBridge's content-filtering reference: every field of the
 * pattern must match (AND), each array lists alternatives (OR), an array in the event matches
 * when any of its elements does, and `$or` lists alternative sub-patterns.
 */
import type { EventPattern, PatternCondition } from './pattern-types';
import { isPlainObject } from './validate-pattern';

/** `pattern` must come from parseEventPattern (it assumes a valid shape). */
export function matchesPattern(pattern: EventPattern, event: unknown): boolean {
  return matchObject(pattern, event);
}

function matchObject(pattern: Record<string, unknown>, value: unknown): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    if (key === '$or')
      return (expected as Record<string, unknown>[]).some((alternative) =>
        matchObject(alternative, value),
      );
    const present = isPlainObject(value) && Object.hasOwn(value, key);
    const field = present ? value[key] : undefined;
    if (Array.isArray(expected)) return matchLeaf(expected as PatternCondition[], present, field);
    const nested = expected as Record<string, unknown>;
    if (Array.isArray(field)) return field.some((element) => matchObject(nested, element));
    return matchObject(nested, field);
  });
}

function matchLeaf(
  conditions: readonly PatternCondition[],
  present: boolean,
  field: unknown,
): boolean {
  // Only leaves (scalars, or arrays of scalars) can match; an object under a leaf pattern cannot.
  const values = !present ? [] : Array.isArray(field) ? field : [field];
  const leaves = values.filter((value) => !isPlainObject(value) && !Array.isArray(value));
  return conditions.some((condition) => {
    if (isPlainObject(condition) && 'exists' in condition)
      return condition.exists === true ? leaves.length > 0 : !present;
    return leaves.some((value) => matchCondition(condition, value));
  });
}

function matchCondition(condition: PatternCondition, value: unknown): boolean {
  if (!isPlainObject(condition)) return equalsExactly(condition, value);
  const [operator, operand] = Object.entries(condition)[0]!;
  switch (operator) {
    case 'prefix':
      return matchAffix(operand, value, (text, affix) => text.startsWith(affix));
    case 'suffix':
      return matchAffix(operand, value, (text, affix) => text.endsWith(affix));
    case 'equals-ignore-case':
      return typeof value === 'string' && foldCase(value) === foldCase(operand as string);
    case 'wildcard':
      return typeof value === 'string' && wildcardRegExp(operand as string).test(value);
    case 'numeric':
      return typeof value === 'number' && matchNumeric(operand as (string | number)[], value);
    case 'anything-but':
      return matchAnythingBut(operand, value);
    default:
      return false;
  }
}

function equalsExactly(expected: PatternCondition, value: unknown): boolean {
  if (typeof expected === 'number') return typeof value === 'number' && value === expected;
  return expected === value;
}

function matchAffix(
  operand: unknown,
  value: unknown,
  test: (text: string, affix: string) => boolean,
): boolean {
  if (typeof value !== 'string') return false;
  if (typeof operand === 'string') return test(value, operand);
  const ignoringCase = (operand as Record<string, string>)['equals-ignore-case']!;
  return test(foldCase(value), foldCase(ignoringCase));
}

function matchNumeric(range: readonly (string | number)[], value: number): boolean {
  for (let index = 0; index < range.length; index += 2) {
    const bound = range[index + 1] as number;
    const ok = {
      '=': value === bound,
      '<': value < bound,
      '<=': value <= bound,
      '>': value > bound,
      '>=': value >= bound,
    }[range[index] as '=' | '<' | '<=' | '>' | '>='];
    if (!ok) return false;
  }
  return true;
}

function matchAnythingBut(operand: unknown, value: unknown): boolean {
  if (isPlainObject(operand)) {
    const [operator, nested] = Object.entries(operand)[0]!;
    const excluded = (Array.isArray(nested) ? nested : [nested]) as string[];
    if (typeof value !== 'string') return false;
    return !excluded.some((item) => matchCondition({ [operator]: item }, value));
  }
  const excluded = Array.isArray(operand) ? (operand as unknown[]) : [operand];
  return !excluded.some((item) => item === value);
}

/** Case folding close to what EventBridge applies: Unicode lower-casing of the upper-cased text. */
function foldCase(text: string): string {
  return text.toUpperCase().toLowerCase();
}

const wildcardCache = new Map<string, RegExp>();

/** `*` matches any run of characters; `\*` is a literal star and `\\` a literal backslash. */
function wildcardRegExp(pattern: string): RegExp {
  const cached = wildcardCache.get(pattern);
  if (cached) return cached;
  let source = '';
  for (let index = 0; index < pattern.length; index += 1) {
    const character = pattern[index]!;
    if (character === '\\' && index + 1 < pattern.length) {
      index += 1;
      source += escapeRegExp(pattern[index]!);
    } else if (character === '*') source += '.*';
    else source += escapeRegExp(character);
  }
  const compiled = new RegExp(`^${source}$`, 's');
  wildcardCache.set(pattern, compiled);
  return compiled;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
